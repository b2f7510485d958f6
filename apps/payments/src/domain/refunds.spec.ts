import { BusinessRuleError } from '@emporium/contracts';
import { applyRefund, refundable } from './refunds';

describe('refund rule', () => {
  const captured = { status: 'CAPTURED' as const, capturedAmount: 10_000, refundedAmount: 0 };

  it('refunds part, then the rest', () => {
    const first = applyRefund(captured, 3_000);
    expect(first).toEqual({ status: 'PARTIALLY_REFUNDED', refundedAmount: 3_000 });
    expect(applyRefund({ ...captured, ...first }, 7_000)).toEqual({
      status: 'REFUNDED',
      refundedAmount: 10_000,
    });
  });

  it('refuses a refund above the captured amount minus what was refunded', () => {
    const p = {
      status: 'PARTIALLY_REFUNDED' as const,
      capturedAmount: 10_000,
      refundedAmount: 9_000,
    };
    expect(refundable(p)).toBe(1_000);
    expect(() => applyRefund(p, 1_001)).toThrow(
      expect.objectContaining({ code: 'refund-exceeds-captured' }),
    );
  });

  it('refuses zero and fractional amounts', () => {
    expect(() => applyRefund(captured, 0)).toThrow(BusinessRuleError);
    expect(() => applyRefund(captured, 1.5)).toThrow(BusinessRuleError);
  });

  it.each(['REQUIRES_CONFIRMATION', 'FAILED', 'VOIDED', 'REFUNDED'] as const)(
    'refuses to refund a %s payment',
    (status) => {
      expect(() => applyRefund({ ...captured, status }, 1)).toThrow(
        expect.objectContaining({ code: 'payment-not-refundable' }),
      );
      expect(refundable({ ...captured, status })).toBe(0);
    },
  );
});
