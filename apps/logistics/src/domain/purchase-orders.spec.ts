import fc from 'fast-check';
import { BusinessRuleError, ConflictError } from '@emporium/contracts';
import {
  cancel,
  draftLines,
  receive,
  remaining,
  send,
  type PurchaseOrder,
} from './purchase-orders';

const sent = (lines: [string, number, number][]): PurchaseOrder => ({
  status: 'SENT',
  lines: lines.map(([sku, quantity, receivedQuantity]) => ({ sku, quantity, receivedQuantity })),
});

describe('purchase orders', () => {
  it('drafts one line per SKU, adding repeats, and refuses lines under the supplier minimum', () => {
    expect(
      draftLines(
        [
          { sku: 'A', quantity: 30 },
          { sku: 'A', quantity: 20 },
          { sku: 'B', quantity: 50 },
        ],
        50,
      ),
    ).toEqual([
      { sku: 'A', quantity: 50, receivedQuantity: 0 },
      { sku: 'B', quantity: 50, receivedQuantity: 0 },
    ]);
    expect(() => draftLines([{ sku: 'A', quantity: 10 }], 50)).toThrow(BusinessRuleError);
    expect(() => draftLines([], 1)).toThrow(BusinessRuleError);
  });

  it('goes DRAFT → SENT → PARTIALLY_RECEIVED → RECEIVED', () => {
    const draft: PurchaseOrder = { status: 'DRAFT', lines: sent([['A', 10, 0]]).lines };
    const out = send(draft);
    expect(out.status).toBe('SENT');
    const part = receive(out, [{ sku: 'A', quantity: 4 }]);
    expect(part).toEqual({
      status: 'PARTIALLY_RECEIVED',
      lines: [{ sku: 'A', quantity: 10, receivedQuantity: 4 }],
    });
    expect(remaining(part)).toEqual([{ sku: 'A', quantity: 6 }]);
    const full = receive(part, [{ sku: 'A', quantity: 6 }]);
    expect(full.status).toBe('RECEIVED');
    expect(remaining(full)).toEqual([]);
  });

  it('refuses to receive a draft, a closed order, an unknown SKU or more than is due', () => {
    const draft: PurchaseOrder = { status: 'DRAFT', lines: sent([['A', 10, 0]]).lines };
    expect(() => receive(draft, [{ sku: 'A', quantity: 1 }])).toThrow(ConflictError);
    expect(() => receive(cancel(draft), [{ sku: 'A', quantity: 1 }])).toThrow(ConflictError);
    expect(() => receive(sent([['A', 10, 0]]), [{ sku: 'B', quantity: 1 }])).toThrow(
      BusinessRuleError,
    );
    expect(() =>
      receive(sent([['A', 10, 8]]), [
        { sku: 'A', quantity: 1 },
        { sku: 'A', quantity: 2 },
      ]),
    ).toThrow(/Only 2 units/);
  });

  it('cancels an open order, keeping what arrived, and nothing else', () => {
    const part = receive(sent([['A', 10, 0]]), [{ sku: 'A', quantity: 3 }]);
    expect(cancel(part)).toEqual({ ...part, status: 'CANCELLED' });
    expect(remaining(cancel(part))).toEqual([]);
    expect(() => send(cancel(part))).toThrow(ConflictError);
    expect(() => cancel(receive(part, [{ sku: 'A', quantity: 7 }]))).toThrow(ConflictError);
  });

  it('never receives more than ordered, whatever the receipts, and is RECEIVED exactly when all is in', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 12 }),
        (ordered, receipts) => {
          let order: PurchaseOrder = sent([['A', ordered, 0]]);
          let taken = 0;
          for (const quantity of receipts) {
            try {
              order = receive(order, [{ sku: 'A', quantity }]);
              taken += quantity;
            } catch {
              // refused: more than due, or nothing is due any more
            }
          }
          expect(order.lines[0].receivedQuantity).toBe(taken);
          expect(taken).toBeLessThanOrEqual(ordered);
          expect(order.status === 'RECEIVED').toBe(taken === ordered);
        },
      ),
    );
  });
});
