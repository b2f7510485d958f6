import type { Money } from '../money';

/** The lines of an order a customer sends back. */
export interface ReturnLineV1 {
  readonly sku: string;
  readonly quantity: number;
}

/** `return.requested` v1: a customer asked to return lines of a delivered order. */
export interface ReturnRequestedV1 {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly ReturnLineV1[];
  readonly reason: string;
}

/** `return.approved` v1: staff accepted the return; logistics fetches the goods. */
export type ReturnApprovedV1 = ReturnRequestedV1;

/** `return.rejected` v1: staff refused the return; the order goes back to its status. */
export interface ReturnRejectedV1 {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly reason?: string;
}

/** `return.refunded` v1: the returned lines' paid amounts were refunded. */
export interface ReturnRefundedV1 {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
}

/**
 * `return.received` v1: every parcel of an approved return is back in a warehouse; payments refunds
 * `refundAmount` (the returned lines' paid amounts) and answers with `payment.refunded`.
 */
export interface ReturnReceivedV1 {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly ReturnLineV1[];
  readonly refundAmount: Money;
}
