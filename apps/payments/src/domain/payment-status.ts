import {
  ConflictError,
  PAYMENT_METHODS,
  type AmountMismatchSource,
  type AttemptOutcome,
  type Money,
  type PaymentFlag,
  type PaymentMethod,
  type PaymentStatus,
} from '@emporium/contracts';

export { PAYMENT_METHODS };
export type { AttemptOutcome, PaymentFlag, PaymentMethod, PaymentStatus };

/** One attempt to take the money, as `attempts[]` shows it. */
export interface Attempt {
  readonly at: string;
  readonly outcome: AttemptOutcome;
  readonly reason?: string;
}

/** A provider's report of taking another amount or currency than the payment's: recorded, not captured. */
export interface AmountMismatch {
  readonly at: string;
  /** The provider's webhook, or its answer to a confirmation. */
  readonly source: AmountMismatchSource;
  readonly providerEventId?: string;
  readonly expected: Money;
  readonly reported: Money;
}

/** The third declined attempt fails the payment (API.md). */
export const MAX_DECLINED_ATTEMPTS = 3;

/** What the confirmation rules need to know about a payment. */
export interface Confirmable {
  readonly status: PaymentStatus;
  readonly amount: number;
  readonly attempts: readonly Attempt[];
  readonly dueAt: Date | null;
}

/** The payment after an attempt. */
export interface AttemptResult {
  readonly status: 'REQUIRES_CONFIRMATION' | 'CAPTURED' | 'FAILED';
  readonly attempts: Attempt[];
  readonly capturedAmount: number;
}

/** Refuses (409) a confirmation of a payment that is not waiting for one, or whose window closed. */
export function assertConfirmable(p: Confirmable, now: Date): void {
  if (p.status !== 'REQUIRES_CONFIRMATION') {
    throw new ConflictError('payment-not-confirmable', `A ${p.status} payment cannot be confirmed`);
  }
  if (p.dueAt && now.getTime() > p.dueAt.getTime()) {
    throw new ConflictError(
      'payment-window-closed',
      `The payment was due by ${p.dueAt.toISOString()}`,
    );
  }
}

/**
 * Records an attempt: a capture takes the whole amount (or what the provider reports), a decline
 * leaves the payment open until the third one fails it, or at once when the provider has closed
 * the trade (`tradeClosed`).
 */
export function applyAttempt(
  p: Confirmable,
  attempt: Attempt,
  captured = p.amount,
  tradeClosed = false,
): AttemptResult {
  if (p.status !== 'REQUIRES_CONFIRMATION') {
    throw new ConflictError('payment-not-confirmable', `A ${p.status} payment cannot be confirmed`);
  }
  const attempts = [...p.attempts, attempt];
  if (attempt.outcome === 'CAPTURED')
    return { status: 'CAPTURED', attempts, capturedAmount: captured };
  const declined = attempts.filter((a) => a.outcome === 'DECLINED').length;
  // A trade the provider closed can never be paid (its reference is the payment's for good): the
  // customer's retries would only add declines, so it fails now.
  return {
    status: tradeClosed || declined >= MAX_DECLINED_ATTEMPTS ? 'FAILED' : 'REQUIRES_CONFIRMATION',
    attempts,
    capturedAmount: 0,
  };
}

/** Calls off a payment nobody paid yet (its order was cancelled). */
export function voidPayment(p: { readonly status: PaymentStatus }): 'VOIDED' {
  if (p.status !== 'REQUIRES_CONFIRMATION') {
    throw new ConflictError('payment-not-voidable', `A ${p.status} payment cannot be voided`);
  }
  return 'VOIDED';
}

/** True when money was taken and not all of it went back. */
export function holdsMoney(status: PaymentStatus): boolean {
  return status === 'CAPTURED' || status === 'PARTIALLY_REFUNDED';
}
