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
  /**
   * The order's status after the request: `RETURN_REQUESTED`. Always sent; missing from events
   * written before it was.
   */
  readonly orderStatus?: string;
}

// Approval leaves the order's status as it is, so there is none to announce.
/** `return.approved` v1: staff accepted the return; logistics fetches the goods. */
export type ReturnApprovedV1 = Omit<ReturnRequestedV1, 'orderStatus'>;

/** `return.rejected` v1: staff refused the return; the order goes back to its status. */
export interface ReturnRejectedV1 {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly reason?: string;
  /**
   * The order's status after the rejection: the one it had before the return, `DELIVERED` or
   * `PARTIALLY_REFUNDED`. Always sent; missing from events written before it was.
   */
  readonly orderStatus?: string;
}

/** `return.refunded` v1: the returned lines' paid amounts were refunded. */
export interface ReturnRefundedV1 {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  /**
   * The order's status after the refund: `REFUNDED` once every non-gift unit is returned, else
   * `PARTIALLY_REFUNDED`. Always sent; missing from events written before it was.
   */
  readonly orderStatus?: string;
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
