import { money, type BehaviorEventV1 } from '@emporium/contracts';
import {
  behaviorEventProblem,
  behaviorKey,
  dataProblem,
  isBotLike,
  peakEventsPerSecond,
} from './cleaning';

const line = {
  sku: 'A',
  productId: 'p1',
  name: 'A',
  quantity: 1,
  unitPrice: money(100),
  discount: money(0),
  lineTotal: money(100),
};
const placed = {
  orderId: 'o1',
  customerId: 'c1',
  lines: [line],
  shippingAddress: { province: '广东省' },
  totals: { total: money(100) },
};
const view = (at: string): BehaviorEventV1 => ({
  type: 'PRODUCT_VIEW',
  sessionId: 's1',
  productId: 'p1',
  at,
});

describe('cleaning rules', () => {
  it('accepts a well-formed order.placed', () => {
    expect(dataProblem('order.placed', placed)).toBeNull();
  });

  it('quarantines an order without lines, with a negative quantity or a float amount', () => {
    expect(dataProblem('order.placed', { ...placed, lines: [] })).toMatch(/lines/);
    expect(dataProblem('order.placed', { ...placed, lines: [{ ...line, quantity: -1 }] })).toMatch(
      /quantity/,
    );
    expect(
      dataProblem('order.paid', {
        orderId: 'o1',
        customerId: 'c1',
        lines: [line],
        total: { amount: 1.5, currency: 'CNY' }, // as a faulty producer might send it: money() refuses it
        paidAt: '2026-11-24T00:00:00Z',
      }),
    ).toMatch(/total/);
  });

  it('quarantines a paid order with an unreadable time', () => {
    expect(
      dataProblem('order.paid', {
        orderId: 'o1',
        customerId: 'c1',
        lines: [line],
        total: money(100),
        paidAt: 'yesterday',
      }),
    ).toMatch(/paidAt/);
  });

  it('quarantines data that is not an object', () => {
    expect(dataProblem('payment.refunded', 'oops')).toBe('data is not an object');
  });

  it('lets event types it does not read through (ticket.* may have any shape)', () => {
    expect(dataProblem('ticket.opened', { anything: 1 })).toBeNull();
  });

  it('rejects a behavior event of an unknown type or from another session', () => {
    expect(behaviorEventProblem({ ...view('2026-11-24T00:00:00Z'), type: 'CLICK' }, 's1')).toMatch(
      /unknown type/,
    );
    expect(behaviorEventProblem(view('2026-11-24T00:00:00Z'), 's2')).toMatch(/sessionId/);
    expect(
      behaviorEventProblem(
        { type: 'PRODUCT_VIEW', sessionId: 's1', at: '2026-11-24T00:00:00Z' },
        's1',
      ),
    ).toMatch(/productId/);
    expect(behaviorEventProblem(view('2026-11-24T00:00:00Z'), 's1')).toBeNull();
  });

  it('recognises a re-sent behavior event by its content', () => {
    expect(behaviorKey(view('2026-11-24T00:00:00Z'))).toBe(
      behaviorKey(view('2026-11-24T00:00:00.000Z')),
    );
    expect(behaviorKey(view('2026-11-24T00:00:00Z'))).not.toBe(
      behaviorKey(view('2026-11-24T00:00:01Z')),
    );
  });

  it('counts the busiest second of a session', () => {
    expect(
      peakEventsPerSecond([
        '2026-11-24T00:00:00.100Z',
        '2026-11-24T00:00:00.900Z',
        '2026-11-24T00:00:01.000Z',
      ]),
    ).toBe(2);
    expect(peakEventsPerSecond([])).toBe(0);
  });

  it('calls more than 10 events in one second bot-like, 10 human', () => {
    expect(isBotLike(10)).toBe(false);
    expect(isBotLike(11)).toBe(true);
  });
});
