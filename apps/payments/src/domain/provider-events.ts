import { DomainError, type Money } from '@emporium/contracts';
import type { PaymentStatus } from './payment-status';

/**
 * A payment provider could not be reached or gave no usable answer: nothing was recorded and the
 * call is idempotent at the provider, so the client may retry shortly (answered as 503).
 */
export class ProviderUnavailableError extends DomainError {
  readonly status = 503;
  constructor(provider: string) {
    super('provider-unavailable', `The ${provider} payment provider is unavailable; retry shortly`);
  }
}

/** What a provider reports asynchronously about a payment. */
export type ProviderEventType = 'payment.succeeded' | 'payment.failed';

/** Every provider event type, for parsing. */
export const PROVIDER_EVENT_TYPES: readonly ProviderEventType[] = [
  'payment.succeeded',
  'payment.failed',
];

/** What to do with a verified provider event. */
export type ProviderEventDecision =
  | { readonly action: 'capture' }
  | { readonly action: 'decline' }
  /** Money taken after the payment was given up (voided or failed): record it, then give it back. */
  | { readonly action: 'capture-and-refund' }
  /** A success for another amount or currency than the payment's: nothing is captured, staff look. */
  | { readonly action: 'flag' }
  | { readonly action: 'ignore'; readonly why: string };

/**
 * True when what a provider reports taking is exactly what the payment asks for, amount and
 * currency. A report without an amount is taken as the payment's.
 */
export function isPaymentAmount(
  p: { readonly amount: number; readonly currency: string },
  reported: Money | undefined,
): boolean {
  return (
    reported === undefined || (reported.amount === p.amount && reported.currency === p.currency)
  );
}

/**
 * Decides on a provider event. Deliveries repeat and arrive out of order, so the decision depends
 * on what already happened: a repeated event id does nothing, and a late failure never un-captures.
 * A success for another amount or currency than the payment's never captures, whatever the status.
 */
export function decideProviderEvent(
  status: PaymentStatus,
  type: ProviderEventType,
  alreadyProcessed: boolean,
  paymentAmount = true,
): ProviderEventDecision {
  if (alreadyProcessed) return { action: 'ignore', why: 'duplicate event' };
  if (type === 'payment.succeeded') {
    if (!paymentAmount) return { action: 'flag' };
    if (status === 'REQUIRES_CONFIRMATION') return { action: 'capture' };
    if (status === 'VOIDED' || status === 'FAILED') return { action: 'capture-and-refund' };
    return { action: 'ignore', why: `already ${status}` };
  }
  if (status === 'REQUIRES_CONFIRMATION') return { action: 'decline' };
  return { action: 'ignore', why: `a failure after ${status} changes nothing` };
}

/** Providers that can call `POST /webhooks/payments/{provider}`. */
export type ProviderName = 'sandbox' | 'alipay' | 'wechat';
