import type { Money } from '../money';
import type { PaymentMethod } from '../api-values';

/** How a customer pays (API.md `paymentMethod`). */
export type PaymentMethodV1 = PaymentMethod;

/** `payment.created` v1: a payment waits for the customer's confirmation (journey step 4). */
export interface PaymentCreatedV1 {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly method: PaymentMethodV1;
  readonly amount: Money;
}

/** `payment.captured` v1: the money was taken; the order becomes PAID. */
export interface PaymentCapturedV1 {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly method: PaymentMethodV1;
  readonly amount: Money;
  readonly capturedAt: string;
}

/** `payment.failed` v1: the payment can no longer succeed (the last attempt was declined). */
export interface PaymentFailedV1 {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly reason: string;
}

/** `payment.refunded` v1: part or all of a captured payment went back to the customer. */
export interface PaymentRefundedV1 {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly refundId: string;
  readonly amount: Money;
  readonly reason: string;
  /** Set when the refund pays back a return (`return.received`). */
  readonly returnId?: string;
  /** Everything refunded on this payment so far, this refund included. */
  readonly refundedTotal: Money;
  readonly status: 'PARTIALLY_REFUNDED' | 'REFUNDED';
}

/** `payment.voided` v1: an uncaptured payment was called off (its order was cancelled). */
export interface PaymentVoidedV1 {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly reason: string;
}

/** Why a payment needs staff: a provider reported taking another amount or currency than it asks. */
export type PaymentFlagV1 = 'AMOUNT_MISMATCH';

/**
 * `payment.flagged` v1: a provider reported taking an amount or currency other than the payment's,
 * so nothing was captured; staff must look (customer-service opens a system ticket).
 */
export interface PaymentFlaggedV1 {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly flag: PaymentFlagV1;
  /** Where the report came from: the provider's webhook, or its answer to a confirmation. */
  readonly source: 'WEBHOOK' | 'CONFIRMATION';
  /** The provider's event id, for a webhook. */
  readonly providerEventId?: string;
  /** What the payment asks for. */
  readonly expected: Money;
  /** What the provider reported taking. */
  readonly reported: Money;
  /** The payment's status, unchanged by the report. */
  readonly status: string;
  readonly flaggedAt: string;
}

/**
 * `payment.statement-mismatch` v1: the provider's daily statement (对账单) differs from the ledger
 * on this payment (the payment is flagged `STATEMENT_MISMATCH`; its money and status are unchanged).
 * One event per difference; customer-service opens a system ticket for each.
 */
export interface PaymentStatementMismatchV1 {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  /** `alipay` or `wechat`. */
  readonly provider: string;
  /** The statement's business day, `YYYY-MM-DD`. */
  readonly date: string;
  /** `MISSING_IN_LEDGER`, `MISSING_IN_STATEMENT`, `AMOUNT` or `FEE`. */
  readonly kind: string;
  /** `PAYMENT` or `REFUND`. */
  readonly lineKind: string;
  /** `out_trade_no`, or the refund's reference (`out_request_no`, `out_refund_no`). */
  readonly reference: string;
  readonly refundId?: string;
  /** What the ledger recorded (the fee, for `FEE`), when it has the line. */
  readonly ledger?: Money;
  /** What the statement says (the fee, for `FEE`), when it has the line. */
  readonly statement?: Money;
  readonly detectedAt: string;
}
