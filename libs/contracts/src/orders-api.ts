import type { IsoDateTime, Uuid } from './api-formats';
import type { Money } from './money';
import type { ShippingAddressV1 } from './events/orders-order';
import type {
  DeliveryOption,
  OrderStatus,
  PaymentMethod,
  PointsEntryKind,
  PromotionKind,
  ReturnStatus,
} from './api-values';

/** A priced line of a cart or an order. */
export interface PricedLineView {
  readonly sku: string;
  readonly productId: Uuid;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly discount: Money;
  readonly lineTotal: Money;
}

/** A line of the cart; `flashSalePromotionId` when a flash sale prices it. */
export interface CartLineView extends PricedLineView {
  readonly flashSalePromotionId?: Uuid;
}

/** A promotion applied to a cart or an order, with its discount explained. */
export interface AppliedPromotionView {
  readonly promotionId: Uuid;
  readonly name: string;
  readonly kind: PromotionKind;
  readonly discount: Money;
  readonly explanation: string;
}

/** API.md's Cart (`GET /cart` and every cart mutation). */
export interface CartView {
  readonly items: readonly CartLineView[];
  readonly appliedPromotions: readonly AppliedPromotionView[];
  readonly gifts: readonly { readonly sku: string; readonly quantity: number }[];
  readonly couponCodes: readonly string[];
  readonly subtotal: Money;
  readonly discountTotal: Money;
  readonly total: Money;
  /** SKUs in the cart that can no longer be bought; they are not priced. */
  readonly unavailableSkus: readonly string[];
  /** Codes on the cart that do not apply (expired, used up, or not for this customer). */
  readonly inapplicableCoupons: readonly string[];
}

/** `POST /checkout/quote`'s answer: the cart's totals plus shipping. */
export interface CheckoutQuoteView extends CartView {
  readonly shipping: Money;
}

/** A line of an order; `gift` for a free gift, `returnedQuantity` once units came back. */
export interface OrderLineView extends PricedLineView {
  readonly gift?: true;
  readonly returnedQuantity?: number;
}

/** One entry of an order's `statusHistory`. */
export interface OrderStatusChangeView {
  readonly status: OrderStatus;
  readonly at: IsoDateTime;
  readonly reason?: string;
}

/** API.md's Order. */
export interface OrderView {
  readonly id: Uuid;
  readonly number: string;
  readonly status: OrderStatus;
  readonly customerId: Uuid;
  readonly lines: readonly OrderLineView[];
  readonly appliedPromotions: readonly AppliedPromotionView[];
  readonly couponCodes: readonly string[];
  readonly totals: {
    readonly subtotal: Money;
    readonly discount: Money;
    readonly shipping: Money;
    readonly total: Money;
  };
  readonly refunded: Money;
  readonly shippingAddress: ShippingAddressV1;
  readonly deliveryOption: DeliveryOption;
  readonly pickupStoreId?: Uuid;
  readonly paymentMethod: PaymentMethod;
  readonly paymentId?: Uuid;
  readonly paymentDueAt?: IsoDateTime;
  readonly shipmentIds: readonly string[];
  readonly statusHistory: readonly OrderStatusChangeView[];
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}

/** API.md's Return. */
export interface ReturnView {
  readonly id: Uuid;
  readonly orderId: Uuid;
  readonly customerId: Uuid;
  readonly status: ReturnStatus;
  readonly lines: readonly {
    readonly sku: string;
    readonly quantity: number;
    readonly refund: Money;
  }[];
  readonly reason: string;
  readonly refundAmount: Money;
  readonly decisionNote?: string;
  readonly createdAt: IsoDateTime;
  readonly receivedAt?: IsoDateTime;
  readonly refundedAt?: IsoDateTime;
}

/** `POST /cart/items`. */
export interface AddCartItemRequest {
  readonly sku: string;
  readonly quantity: number;
}

/** `PATCH /cart/items/{sku}`; 0 removes the line. */
export interface SetCartQuantityRequest {
  readonly quantity: number;
}

/** `POST /cart/coupons`. */
export interface ApplyCouponRequest {
  readonly code: string;
}

/** `POST /checkout/quote`. */
export interface CheckoutQuoteRequest {
  readonly shippingAddress: ShippingAddressV1;
  readonly deliveryOption: DeliveryOption;
  /** The store a `STORE_PICKUP` order is collected at. */
  readonly pickupStoreId?: Uuid;
}

/** `POST /orders`. */
export interface PlaceOrderRequest extends CheckoutQuoteRequest {
  readonly paymentMethod: PaymentMethod;
  readonly sessionId?: string;
  /** The total the customer was shown (the quote's `total`); a different total now is a 409. */
  readonly expectedTotal?: Money;
}

/** `POST /orders/{id}/returns`. */
export interface RequestReturnRequest {
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
  readonly reason: string;
}

/** `POST /returns/{id}/approve` and `/reject`. */
export interface DecideReturnRequest {
  readonly note?: string;
}

/** One movement of a member's points (`points` negative when taken). */
export interface PointsEntryView {
  readonly kind: PointsEntryKind;
  readonly points: number;
  readonly orderId?: Uuid;
  readonly at: IsoDateTime;
  /** When the points of an EARNED entry expire. */
  readonly expiresAt?: IsoDateTime;
}

/** Points of one earned lot not yet used, and when they expire. */
export interface ExpiringPointsView {
  readonly points: number;
  readonly expiresAt: IsoDateTime;
}

/** `GET /me/points`: a member's points (积分). */
export interface MemberPointsView {
  /** Points held now: the sum of every movement. */
  readonly balance: number;
  /** Points of paid orders, credited when they complete (less what refunds take back). */
  readonly pending: number;
  /** Held points that expire within the next 30 days, soonest first. */
  readonly expiringSoon: readonly ExpiringPointsView[];
  /** The latest movements, newest first (at most 50). */
  readonly history: readonly PointsEntryView[];
}
