import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  EventEnvelope,
  OrderPaidV1,
  OrderPlacedV1,
  PaymentCapturedV1,
  PaymentRefundedV1,
} from '@emporium/contracts';
import { businessDay } from '../domain/business-time';
import { canonicalProvince } from '../domain/provinces';
import { addCustomerPaidOrder } from '../persistence/dimension-facts.queries';
import {
  addOrderRefund,
  insertOrderLines,
  insertRefund,
  lockOrderFacts,
  markOrderCountedInRegion,
  markOrderCountedInSession,
  markOrderPaid,
  setOrderMilestone,
  setOrderPaymentMethod,
  upsertPayment,
  upsertPlacedOrder,
  type OrderMilestone,
} from '../persistence/order-facts.queries';
import {
  addOrderToProductDaily,
  addOrderToProductMonthly,
  addOrderToProductPairs,
  addOrderToProvinceDaily,
  addPaidOrderToHourlySales,
  addRefundToHourlySales,
} from '../persistence/sales-rollups.queries';
import { QuarantineService } from './quarantine.service';
import { SessionsService } from './sessions.service';

/** Orders with more distinct products than this add no pairs (bounded cost per order). */
const MAX_PAIR_PRODUCTS = 30;

/**
 * Order, payment and refund facts and the sales rollups. Each rollup is added exactly once per
 * order, guarded by the order row (`paid_at`, `counted_*`) locked in the same transaction, so
 * repeats add nothing and an order.paid that arrives before its order.placed still ends right.
 */
@Injectable()
export class OrderFactsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly quarantine: QuarantineService,
  ) {}

  async placed(
    event: EventEnvelope<'order.placed', OrderPlacedV1>,
    tx: EntityManager,
  ): Promise<void> {
    const d = event.data;
    await upsertPlacedOrder(tx, {
      orderId: d.orderId,
      number: d.number ?? null,
      customerId: d.customerId,
      sessionId: d.sessionId ?? null,
      province: canonicalProvince(d.shippingAddress.province),
      memberTier: d.memberTier ?? null,
      paymentMethod: d.paymentMethod ?? null,
      deliveryOption: d.deliveryOption ?? null,
      currency: d.totals.total.currency,
      subtotalAmount: d.totals.subtotal?.amount ?? null,
      discountAmount: d.totals.discount?.amount ?? null,
      shippingAmount: d.totals.shipping?.amount ?? null,
      totalAmount: d.totals.total.amount,
      itemCount: d.lines.reduce((n, l) => n + l.quantity, 0),
      placedAt: event.occurredAt,
    });
    await insertOrderLines(tx, d.orderId, d.lines);
    await this.quarantine.unknownProducts(
      tx,
      event,
      d.lines.map((l) => l.productId),
    );
    await this.settle(tx, d.orderId);
  }

  async paid(event: EventEnvelope<'order.paid', OrderPaidV1>, tx: EntityManager): Promise<void> {
    const d = event.data;
    const order = await lockOrderFacts(tx, d.orderId);
    await insertOrderLines(tx, d.orderId, d.lines);
    if (order.paid_at) return; // counted already: a repeat under another envelope id
    const items = d.lines.reduce((n, l) => n + l.quantity, 0);
    const total = d.total.amount;
    await markOrderPaid(tx, {
      orderId: d.orderId,
      paidAt: d.paidAt,
      customerId: d.customerId,
      totalAmount: total,
      currency: d.total.currency,
      itemCount: items,
    });
    await addPaidOrderToHourlySales(tx, d.paidAt, total, items);
    await addOrderToProductDaily(tx, d.orderId, businessDay(d.paidAt));
    await addOrderToProductMonthly(tx, d.orderId, businessDay(d.paidAt));
    await addOrderToProductPairs(tx, d.orderId, MAX_PAIR_PRODUCTS);
    await addCustomerPaidOrder(tx, d.customerId, d.paidAt, total);
    await this.quarantine.unknownProducts(
      tx,
      event,
      d.lines.map((l) => l.productId),
    );
    await this.settle(tx, d.orderId);
  }

  /** Milestones after payment: only the timestamp, first one wins. */
  async milestone(
    tx: EntityManager,
    orderId: string,
    column: OrderMilestone,
    at: string,
    cancelReason?: string,
  ): Promise<void> {
    await lockOrderFacts(tx, orderId);
    await setOrderMilestone(tx, orderId, column, at, cancelReason ?? null);
  }

  async captured(event: EventEnvelope<'payment.captured', PaymentCapturedV1>, tx: EntityManager) {
    const d = event.data;
    await upsertPayment(tx, {
      paymentId: d.paymentId,
      orderId: d.orderId,
      customerId: d.customerId ?? null,
      method: d.method ?? null,
      amount: d.amount.amount,
      capturedAt: d.capturedAt ?? event.occurredAt,
    });
    await lockOrderFacts(tx, d.orderId);
    await setOrderPaymentMethod(tx, d.orderId, d.method ?? null);
  }

  /** A refund counts on the hour it was issued (the event's time: the contract carries no other). */
  async refunded(event: EventEnvelope<'payment.refunded', PaymentRefundedV1>, tx: EntityManager) {
    const d = event.data;
    const inserted = await insertRefund(tx, {
      refundId: d.refundId,
      paymentId: d.paymentId,
      orderId: d.orderId,
      customerId: d.customerId ?? null,
      returnId: d.returnId ?? null,
      amount: d.amount.amount,
      reason: d.reason ?? null,
      refundedAt: event.occurredAt,
    });
    if (!inserted) return;
    await lockOrderFacts(tx, d.orderId);
    await addOrderRefund(tx, d.orderId, d.amount.amount);
    await addRefundToHourlySales(tx, event.occurredAt, d.amount.amount);
  }

  /** Adds a paid order to the rollups that need what order.placed brings (province, session). */
  private async settle(tx: EntityManager, orderId: string): Promise<void> {
    const o = await lockOrderFacts(tx, orderId);
    if (!o.paid_at) return;
    const total = Number(o.total_amount ?? 0);
    if (o.province && !o.counted_region) {
      await addOrderToProvinceDaily(tx, businessDay(o.paid_at), o.province, total);
      await markOrderCountedInRegion(tx, orderId);
    }
    if (o.session_id && !o.counted_session) {
      await this.sessions.addPaidOrder(tx, o.session_id, total);
      await markOrderCountedInSession(tx, orderId);
    }
  }
}
