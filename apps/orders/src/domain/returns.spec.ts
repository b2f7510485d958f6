import { BusinessRuleError } from '@emporium/contracts';
import { planReturn, withinReturnWindow, type ReturnableLine } from './returns';

const line = (
  over: Partial<ReturnableLine> & Pick<ReturnableLine, 'lineNo' | 'sku'>,
): ReturnableLine => ({
  quantity: 1,
  lineTotal: 10_000,
  returnedQuantity: 0,
  ...over,
});

describe('planReturn', () => {
  it('refunds the line total per unit returned', () => {
    const lines = [
      line({ lineNo: 1, sku: 'A', quantity: 4, lineTotal: 40_000 }),
      line({ lineNo: 2, sku: 'B' }),
    ];
    expect(planReturn(lines, [{ sku: 'A', quantity: 1 }])).toEqual([
      { lineNo: 1, sku: 'A', quantity: 1, refund: 10_000 },
    ]);
  });

  it('refunds exactly the line total over successive returns of an unevenly divisible line', () => {
    // 3 units for 10,000 fen after discounts: 3,333.33 each.
    let returned = 0;
    let refunded = 0;
    for (let i = 0; i < 3; i++) {
      const [part] = planReturn(
        [line({ lineNo: 1, sku: 'A', quantity: 3, lineTotal: 10_000, returnedQuantity: returned })],
        [{ sku: 'A', quantity: 1 }],
      );
      returned += part.quantity;
      refunded += part.refund;
    }
    expect(refunded).toBe(10_000);
  });

  it('takes a sku split into a flash-priced and a list-priced line from the earlier line first', () => {
    const lines = [
      line({ lineNo: 2, sku: 'A', quantity: 2, lineTotal: 20_000 }),
      line({ lineNo: 1, sku: 'A', quantity: 1, lineTotal: 5_000 }),
    ];
    expect(planReturn(lines, [{ sku: 'A', quantity: 2 }])).toEqual([
      { lineNo: 1, sku: 'A', quantity: 1, refund: 5_000 },
      { lineNo: 2, sku: 'A', quantity: 1, refund: 10_000 },
    ]);
  });

  it('adds up repeated skus in one request', () => {
    const lines = [line({ lineNo: 1, sku: 'A', quantity: 3, lineTotal: 3_000 })];
    expect(
      planReturn(lines, [
        { sku: 'A', quantity: 1 },
        { sku: 'A', quantity: 1 },
      ]),
    ).toEqual([{ lineNo: 1, sku: 'A', quantity: 2, refund: 2_000 }]);
  });

  it('refuses more units than are left to return, counting earlier returns', () => {
    const lines = [line({ lineNo: 1, sku: 'A', quantity: 2, returnedQuantity: 1 })];
    expect(() => planReturn(lines, [{ sku: 'A', quantity: 2 }])).toThrow(
      expect.objectContaining({ code: 'return-exceeds-purchased' }),
    );
  });

  it('refuses a sku the order does not have', () => {
    expect(() => planReturn([line({ lineNo: 1, sku: 'A' })], [{ sku: 'Z', quantity: 1 }])).toThrow(
      BusinessRuleError,
    );
  });

  it('refunds nothing for a gift line', () => {
    expect(
      planReturn([line({ lineNo: 1, sku: 'G', lineTotal: 0 })], [{ sku: 'G', quantity: 1 }]),
    ).toEqual([{ lineNo: 1, sku: 'G', quantity: 1, refund: 0 }]);
  });
});

describe('withinReturnWindow', () => {
  const delivered = new Date('2026-11-20T10:00:00Z');
  it('is open until exactly the window has passed', () => {
    expect(withinReturnWindow(delivered, new Date('2026-11-27T09:59:59Z'), 7)).toBe(true);
    expect(withinReturnWindow(delivered, new Date('2026-11-27T10:00:00Z'), 7)).toBe(false);
  });
});
