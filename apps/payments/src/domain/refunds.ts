import { BusinessRuleError } from '@emporium/contracts';
import type { PaymentStatus } from './payment-status';

/** What the refund rule needs to know about a payment (amounts in minor units). */
export interface Refundable {
  readonly status: PaymentStatus;
  readonly capturedAmount: number;
  readonly refundedAmount: number;
}

/** The payment after a refund. */
export interface RefundResult {
  readonly status: 'PARTIALLY_REFUNDED' | 'REFUNDED';
  readonly refundedAmount: number;
}

/** What can still be refunded. */
export function refundable(p: Refundable): number {
  return p.status === 'CAPTURED' || p.status === 'PARTIALLY_REFUNDED'
    ? p.capturedAmount - p.refundedAmount
    : 0;
}

/** Refunds `amount` of a captured payment; never more than captured minus refunded (422). */
export function applyRefund(p: Refundable, amount: number): RefundResult {
  if (p.status !== 'CAPTURED' && p.status !== 'PARTIALLY_REFUNDED') {
    throw new BusinessRuleError('payment-not-refundable', `A ${p.status} payment has no refund`);
  }
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new BusinessRuleError(
      'refund-amount-not-positive',
      'A refund is a positive whole number of fen',
    );
  }
  const left = p.capturedAmount - p.refundedAmount;
  if (amount > left)
    throw new BusinessRuleError('refund-exceeds-captured', `At most ${left} can be refunded`);
  const refundedAmount = p.refundedAmount + amount;
  return {
    status: refundedAmount === p.capturedAmount ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
    refundedAmount,
  };
}
