import type { Money } from '../money';
import type { MemberTier, OrderCancelReason } from '../api-values';
import type { PaymentMethodV1 } from './payments-payment';

/** An order line as consumers of order events see it. */
export interface OrderLineV1 {
  readonly sku: string;
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly discount: Money;
  readonly lineTotal: Money;
}

/** `order.paid` v1: the payment was captured. */
export interface OrderPaidV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLineV1[];
  readonly total: Money;
  readonly paidAt: string;
}

/** `order.delivered` v1: every shipment of the order reached the customer. */
export interface OrderDeliveredV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLineV1[];
  readonly deliveredAt: string;
}

/** A shipping address as orders hand it to logistics (API.md's Address). */
export interface ShippingAddressV1 {
  readonly name: string;
  readonly phone: string;
  readonly province: string;
  readonly city: string;
  readonly district?: string;
  readonly line1: string;
  readonly postalCode?: string;
}

/** `order.placed` v1: a priced order waiting for its stock (EVENTS.md journey step 1). */
export interface OrderPlacedV1 {
  readonly orderId: string;
  readonly number: string;
  readonly customerId: string;
  readonly memberTier: MemberTier;
  readonly lines: readonly (OrderLineV1 & { readonly weightGrams: number })[];
  readonly shippingAddress: ShippingAddressV1;
  readonly deliveryOption: 'STANDARD' | 'EXPRESS' | 'SAME_DAY' | 'STORE_PICKUP';
  readonly pickupStoreId?: string;
  readonly totals: {
    readonly subtotal: Money;
    readonly discount: Money;
    readonly shipping: Money;
    readonly total: Money;
  };
  readonly paymentMethod?: PaymentMethodV1;
  readonly sessionId?: string;
}

/** `order.awaiting-payment` v1: stock is held; payments creates the payment for `amount` (step 3). */
export interface OrderAwaitingPaymentV1 {
  readonly orderId: string;
  readonly number: string;
  readonly customerId: string;
  readonly amount: Money;
  readonly paymentMethod: PaymentMethodV1;
  /** When the order is cancelled (PAYMENT_TIMEOUT) unless the payment is captured. */
  readonly paymentDueAt: string;
}

/** `order.fulfilling` v1: logistics created the order's first shipment. */
export interface OrderFulfillingV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly shipmentIds: readonly string[];
}

/**
 * `order.ready-for-pickup` v1 (an extension): a store pickup order's goods wait at the store. The
 * customer reads the pickup code from the shipment (`GET /shipments/{id}`); it is never in an event.
 */
export interface OrderReadyForPickupV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly shipmentId: string;
  /** The store to collect from. */
  readonly pickupStoreId: string;
  readonly readyAt: string;
  /** Not collected by then, the order is cancelled (`NOT_COLLECTED`) and refunded. */
  readonly collectBy?: string;
}

/** `order.shipped` v1: the first parcel was picked up; the order can no longer be cancelled. */
export interface OrderShippedV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly shippedAt: string;
}

/** `order.completed` v1: the return window closed; the order is final. */
export interface OrderCompletedV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly completedAt: string;
}

/** Why an order was cancelled (API.md). */
export type CancellationReason = Exclude<OrderCancelReason, CancellationCause>;

/**
 * A finer cause within a `reason` (an extension; v1 readers know only the four reasons):
 * `NOT_COLLECTED`, with reason `CUSTOMER`, is a store pickup the customer never came for.
 */
export type CancellationCause = Extract<OrderCancelReason, 'NOT_COLLECTED'>;

/**
 * `order.cancelled` v1: the order will not go on. Logistics releases held stock; payments voids an
 * uncaptured payment and refunds a captured one in full.
 */
export interface OrderCancelledV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly reason: CancellationReason;
  /** The finer cause, when there is one; the order's own `reason` (API.md) is this cause. */
  readonly cause?: CancellationCause;
  readonly cancelledAt: string;
  /** The status the order had when it was cancelled. */
  readonly previousStatus?: string;
}
