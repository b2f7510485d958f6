import {
  money,
  type CartView,
  type CheckoutQuoteView,
  type OrderLineView,
  type OrderView,
  type ReturnView,
} from '@emporium/contracts';
import type { CartPricing } from '../application/cart-pricing.service';
import type { CheckoutQuote } from '../application/place-order.service';
import type { OrderWithLines } from '../application/order-queries.service';
import type { OrderLineEntity } from '../persistence/order-line.entity';
import type { ReturnEntity } from '../persistence/return.entity';

/** The priced cart as API.md's Cart, with each discount explained. */
export function toCartView(pricing: CartPricing, couponCodes: readonly string[]): CartView {
  const { priced } = pricing;
  return {
    items: priced.lines.map((l) => ({
      sku: l.sku,
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      unitPrice: money(l.unitPrice),
      discount: money(l.discount),
      lineTotal: money(l.lineTotal),
      ...(l.flashSalePromotionId ? { flashSalePromotionId: l.flashSalePromotionId } : {}),
    })),
    appliedPromotions: priced.appliedPromotions.map((a) => ({
      promotionId: a.promotionId,
      name: a.name,
      kind: a.kind,
      discount: money(a.discount),
      explanation: a.explanation,
    })),
    gifts: pricing.gifts.map((g) => ({ sku: g.sku, quantity: g.quantity })),
    couponCodes,
    subtotal: money(priced.subtotal),
    discountTotal: money(priced.discountTotal),
    total: money(priced.total),
    unavailableSkus: pricing.unavailable,
    inapplicableCoupons: pricing.unusableCoupons,
  };
}

/** `POST /checkout/quote`'s answer: the cart's totals plus shipping. */
export function toQuoteView(quote: CheckoutQuote): CheckoutQuoteView {
  return {
    ...toCartView(quote.pricing, quote.couponCodes),
    shipping: money(quote.shipping),
    total: money(quote.total),
  };
}

function toLineView(l: OrderLineEntity): OrderLineView {
  return {
    sku: l.sku,
    productId: l.productId,
    name: l.name,
    quantity: l.quantity,
    unitPrice: money(l.unitPriceAmount),
    discount: money(l.discountAmount),
    lineTotal: money(l.lineTotalAmount),
    ...(l.gift ? { gift: true } : {}),
    ...(l.returnedQuantity > 0 ? { returnedQuantity: l.returnedQuantity } : {}),
  };
}

/** API.md's Order. */
export function toOrderView({ order, lines }: OrderWithLines): OrderView {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    customerId: order.customerId,
    lines: lines.map(toLineView),
    appliedPromotions: order.appliedPromotions.map((a) => ({ ...a, discount: money(a.discount) })),
    couponCodes: order.couponCodes,
    totals: {
      subtotal: money(order.subtotalAmount),
      discount: money(order.discountAmount),
      shipping: money(order.shippingAmount),
      total: money(order.totalAmount),
    },
    refunded: money(order.refundedAmount),
    shippingAddress: order.shippingAddress,
    deliveryOption: order.deliveryOption,
    ...(order.pickupStoreId ? { pickupStoreId: order.pickupStoreId } : {}),
    paymentMethod: order.paymentMethod,
    ...(order.paymentId ? { paymentId: order.paymentId } : {}),
    ...(order.paymentDueAt ? { paymentDueAt: order.paymentDueAt.toISOString() } : {}),
    shipmentIds: order.shipmentIds,
    statusHistory: order.statusHistory,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** API.md's Return. */
export function toReturnView(r: ReturnEntity): ReturnView {
  return {
    id: r.id,
    orderId: r.orderId,
    customerId: r.customerId,
    status: r.status,
    lines: r.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, refund: money(l.refund) })),
    reason: r.reason,
    refundAmount: money(r.refundAmount),
    ...(r.decisionNote ? { decisionNote: r.decisionNote } : {}),
    createdAt: r.createdAt.toISOString(),
    ...(r.receivedAt ? { receivedAt: r.receivedAt.toISOString() } : {}),
    ...(r.refundedAt ? { refundedAt: r.refundedAt.toISOString() } : {}),
  };
}
