import { ConflictError } from '@emporium/contracts';
import { applyAttempt, assertConfirmable, voidPayment, type Confirmable } from './payment-status';

const aPayment = (overrides: Partial<Confirmable> = {}): Confirmable => ({
  status: 'REQUIRES_CONFIRMATION',
  amount: 12_900,
  attempts: [],
  dueAt: new Date('2026-11-25T10:15:00Z'),
  ...overrides,
});
const at = '2026-11-25T10:00:00.000Z';

describe('payment status', () => {
  it('captures the whole amount on a successful attempt', () => {
    expect(applyAttempt(aPayment(), { at, outcome: 'CAPTURED' })).toEqual({
      status: 'CAPTURED',
      attempts: [{ at, outcome: 'CAPTURED' }],
      capturedAmount: 12_900,
    });
  });

  it('fails at once on a decline because the provider closed the trade', () => {
    const r = applyAttempt(
      aPayment(),
      { at, outcome: 'DECLINED', reason: 'the Alipay trade is closed' },
      12_900,
      true,
    );
    expect(r).toEqual({
      status: 'FAILED',
      attempts: [{ at, outcome: 'DECLINED', reason: 'the Alipay trade is closed' }],
      capturedAmount: 0,
    });
  });

  it('stays open after one or two declines and fails on the third', () => {
    let p = aPayment();
    for (const expected of ['REQUIRES_CONFIRMATION', 'REQUIRES_CONFIRMATION', 'FAILED'] as const) {
      const r = applyAttempt(p, { at, outcome: 'DECLINED', reason: 'card declined' });
      expect(r.status).toBe(expected);
      p = { ...p, status: r.status, attempts: r.attempts };
    }
    expect(p.attempts).toHaveLength(3);
  });

  it.each(['CAPTURED', 'FAILED', 'VOIDED', 'REFUNDED', 'PARTIALLY_REFUNDED'] as const)(
    'refuses to confirm a %s payment with a 409',
    (status) => {
      expect(() => assertConfirmable(aPayment({ status }), new Date(at))).toThrow(ConflictError);
      expect(() => applyAttempt(aPayment({ status }), { at, outcome: 'CAPTURED' })).toThrow(
        ConflictError,
      );
    },
  );

  it('refuses a confirmation after the payment window closed', () => {
    expect(() => assertConfirmable(aPayment(), new Date('2026-11-25T10:15:01Z'))).toThrow(/due by/);
    expect(() => assertConfirmable(aPayment(), new Date('2026-11-25T10:14:59Z'))).not.toThrow();
  });

  it('voids only a payment still waiting for confirmation', () => {
    expect(voidPayment({ status: 'REQUIRES_CONFIRMATION' })).toBe('VOIDED');
    expect(() => voidPayment({ status: 'CAPTURED' })).toThrow(ConflictError);
  });
});
