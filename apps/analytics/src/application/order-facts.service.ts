import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  EventEnvelope,
  OrderLineV1,
  OrderPaidV1,
  OrderPlacedV1,
  PaymentCapturedV1,
  PaymentRefundedV1,
} from '@emporium/contracts';
import { businessDay } from '../domain/business-time';
import { canonicalProvince } from '../domain/provinces';
import { QuarantineService } from './quarantine.service';
import { SessionsService } from './sessions.service';

/** Orders with more distinct products than this add no pairs (bounded cost per order). */
const MAX_PAIR_PRODUCTS = 30;

interface OrderRow {
  paid_at: Date | null;
  province: string | null;
  session_id: string | null;
  total_amount: string | null;
  counted_region: boolean;
  counted_session: boolean;
}

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
    await tx.query(
      `INSERT INTO fact_orders AS o (order_id, number, customer_id, session_id, province, member_tier,
         payment_method, delivery_option, currency, subtotal_amount, discount_amount, shipping_amount,
         total_amount, item_count, placed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (order_id) DO UPDATE SET
         number = COALESCE(o.number, excluded.number),
         customer_id = COALESCE(o.customer_id, excluded.customer_id),
         session_id = COALESCE(o.session_id, excluded.session_id),
         province = COALESCE(o.province, excluded.province),
         member_tier = COALESCE(o.member_tier, excluded.member_tier),
         payment_method = COALESCE(o.payment_method, excluded.payment_method),
         delivery_option = COALESCE(o.delivery_option, excluded.delivery_option),
         subtotal_amount = COALESCE(o.subtotal_amount, excluded.subtotal_amount),
         discount_amount = COALESCE(o.discount_amount, excluded.discount_amount),
         shipping_amount = COALESCE(o.shipping_amount, excluded.shipping_amount),
         total_amount = COALESCE(o.total_amount, excluded.total_amount),
         item_count = COALESCE(o.item_count, excluded.item_count),
         placed_at = COALESCE(o.placed_at, excluded.placed_at)`,
      [
        d.orderId,
        d.number ?? null,
        d.customerId,
        d.sessionId ?? null,
        canonicalProvince(d.shippingAddress.province),
        d.memberTier ?? null,
        d.paymentMethod ?? null,
        d.deliveryOption ?? null,
        d.totals.total.currency,
        d.totals.subtotal?.amount ?? null,
        d.totals.discount?.amount ?? null,
        d.totals.shipping?.amount ?? null,
        d.totals.total.amount,
        d.lines.reduce((n, l) => n + l.quantity, 0),
        event.occurredAt,
      ],
    );
    await this.insertLines(tx, d.orderId, d.lines);
    await this.quarantine.unknownProducts(
      tx,
      event,
      d.lines.map((l) => l.productId),
    );
    await this.settle(tx, d.orderId);
  }

  async paid(event: EventEnvelope<'order.paid', OrderPaidV1>, tx: EntityManager): Promise<void> {
    const d = event.data;
    const order = await this.lock(tx, d.orderId);
    await this.insertLines(tx, d.orderId, d.lines);
    if (order.paid_at) return; // counted already: a repeat under another envelope id
    const items = d.lines.reduce((n, l) => n + l.quantity, 0);
    const total = d.total.amount;
    await tx.query(
      `UPDATE fact_orders SET paid_at = $2, customer_id = COALESCE(customer_id, $3),
         total_amount = $4, currency = $5, item_count = COALESCE(item_count, $6)
       WHERE order_id = $1`,
      [d.orderId, d.paidAt, d.customerId, total, d.total.currency, items],
    );
    await tx.query(
      `INSERT INTO agg_sales_hourly AS a (hour, orders, gmv, items) VALUES (date_trunc('hour', $1::timestamptz), 1, $2, $3)
       ON CONFLICT (hour) DO UPDATE SET orders = a.orders + 1, gmv = a.gmv + excluded.gmv, items = a.items + excluded.items`,
      [d.paidAt, total, items],
    );
    await tx.query(
      `INSERT INTO agg_product_daily AS a (day, product_id, units, revenue, orders)
       SELECT $2::date, product_id, sum(quantity), sum(line_total_amount), 1
       FROM fact_order_lines WHERE order_id = $1 GROUP BY product_id ORDER BY product_id
       ON CONFLICT (day, product_id) DO UPDATE SET units = a.units + excluded.units,
         revenue = a.revenue + excluded.revenue, orders = a.orders + 1`,
      [d.orderId, businessDay(d.paidAt)],
    );
    await tx.query(
      `INSERT INTO agg_product_monthly AS a (month, product_id, units, revenue, orders)
       SELECT date_trunc('month', $2::date)::date, product_id, sum(quantity), sum(line_total_amount), 1
       FROM fact_order_lines WHERE order_id = $1 GROUP BY product_id ORDER BY product_id
       ON CONFLICT (month, product_id) DO UPDATE SET units = a.units + excluded.units,
         revenue = a.revenue + excluded.revenue, orders = a.orders + 1`,
      [d.orderId, businessDay(d.paidAt)],
    );
    await tx.query(
      `WITH p AS (SELECT DISTINCT product_id FROM fact_order_lines WHERE order_id = $1)
       INSERT INTO agg_product_pairs AS a (product_id, other_product_id, orders)
       SELECT x.product_id, y.product_id, 1 FROM p x, p y
       WHERE x.product_id <> y.product_id AND (SELECT count(*) FROM p) <= $2
       ORDER BY 1, 2
       ON CONFLICT (product_id, other_product_id) DO UPDATE SET orders = a.orders + 1`,
      [d.orderId, MAX_PAIR_PRODUCTS],
    );
    await tx.query(
      `INSERT INTO dim_customers AS c (customer_id, first_paid_at, last_paid_at, paid_orders, paid_amount)
       VALUES ($1, $2, $2, 1, $3)
       ON CONFLICT (customer_id) DO UPDATE SET
         first_paid_at = LEAST(c.first_paid_at, excluded.first_paid_at),
         last_paid_at = GREATEST(c.last_paid_at, excluded.last_paid_at),
         paid_orders = c.paid_orders + 1, paid_amount = c.paid_amount + excluded.paid_amount`,
      [d.customerId, d.paidAt, total],
    );
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
    column: 'cancelled_at' | 'delivered_at' | 'completed_at',
    at: string,
    cancelReason?: string,
  ): Promise<void> {
    await this.lock(tx, orderId);
    await tx.query(
      `UPDATE fact_orders SET ${column} = COALESCE(${column}, $2), cancel_reason = COALESCE(cancel_reason, $3)
       WHERE order_id = $1`,
      [orderId, at, cancelReason ?? null],
    );
  }

  async captured(event: EventEnvelope<'payment.captured', PaymentCapturedV1>, tx: EntityManager) {
    const d = event.data;
    await tx.query(
      `INSERT INTO fact_payments (payment_id, order_id, customer_id, method, amount, captured_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (payment_id) DO UPDATE SET captured_at = COALESCE(fact_payments.captured_at, excluded.captured_at)`,
      [
        d.paymentId,
        d.orderId,
        d.customerId ?? null,
        d.method ?? null,
        d.amount.amount,
        d.capturedAt ?? event.occurredAt,
      ],
    );
    await this.lock(tx, d.orderId);
    await tx.query(
      'UPDATE fact_orders SET payment_method = COALESCE(payment_method, $2) WHERE order_id = $1',
      [d.orderId, d.method ?? null],
    );
  }

  /** A refund counts on the hour it was issued (the event's time: the contract carries no other). */
  async refunded(event: EventEnvelope<'payment.refunded', PaymentRefundedV1>, tx: EntityManager) {
    const d = event.data;
    const inserted = (await tx.query(
      `INSERT INTO fact_refunds (refund_id, payment_id, order_id, customer_id, return_id, amount, reason, refunded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (refund_id) DO NOTHING RETURNING refund_id`,
      [
        d.refundId,
        d.paymentId,
        d.orderId,
        d.customerId ?? null,
        d.returnId ?? null,
        d.amount.amount,
        d.reason ?? null,
        event.occurredAt,
      ],
    )) as unknown[];
    if (inserted.length === 0) return;
    await this.lock(tx, d.orderId);
    await tx.query(
      'UPDATE fact_orders SET refunded_amount = refunded_amount + $2 WHERE order_id = $1',
      [d.orderId, d.amount.amount],
    );
    await tx.query(
      `INSERT INTO agg_sales_hourly AS a (hour, refunds, refund_count) VALUES (date_trunc('hour', $1::timestamptz), $2, 1)
       ON CONFLICT (hour) DO UPDATE SET refunds = a.refunds + excluded.refunds, refund_count = a.refund_count + 1`,
      [event.occurredAt, d.amount.amount],
    );
  }

  private async insertLines(tx: EntityManager, orderId: string, lines: readonly OrderLineV1[]) {
    await tx.query(
      `INSERT INTO fact_order_lines (order_id, sku, product_id, name, quantity, unit_price_amount, discount_amount, line_total_amount)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[], $8::bigint[])
       ON CONFLICT (order_id, sku) DO NOTHING`,
      [
        orderId,
        lines.map((l) => l.sku),
        lines.map((l) => l.productId),
        lines.map((l) => l.name ?? null),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPrice?.amount ?? null),
        lines.map((l) => l.discount?.amount ?? null),
        lines.map((l) => l.lineTotal.amount),
      ],
    );
  }

  /** Creates the order row if needed and locks it, in one statement (DO UPDATE takes the lock). */
  private async lock(tx: EntityManager, orderId: string): Promise<OrderRow> {
    const [row] = (await tx.query(
      `INSERT INTO fact_orders AS o (order_id) VALUES ($1)
       ON CONFLICT (order_id) DO UPDATE SET order_id = o.order_id
       RETURNING paid_at, province, session_id, total_amount, counted_region, counted_session`,
      [orderId],
    )) as OrderRow[];
    return row;
  }

  /** Adds a paid order to the rollups that need what order.placed brings (province, session). */
  private async settle(tx: EntityManager, orderId: string): Promise<void> {
    const o = await this.lock(tx, orderId);
    if (!o.paid_at) return;
    const total = Number(o.total_amount ?? 0);
    if (o.province && !o.counted_region) {
      await tx.query(
        `INSERT INTO agg_province_daily AS a (day, province, orders, gmv) VALUES ($1, $2, 1, $3)
         ON CONFLICT (day, province) DO UPDATE SET orders = a.orders + 1, gmv = a.gmv + excluded.gmv`,
        [businessDay(o.paid_at), o.province, total],
      );
      await tx.query('UPDATE fact_orders SET counted_region = true WHERE order_id = $1', [orderId]);
    }
    if (o.session_id && !o.counted_session) {
      await this.sessions.addPaidOrder(tx, o.session_id, total);
      await tx.query('UPDATE fact_orders SET counted_session = true WHERE order_id = $1', [
        orderId,
      ]);
    }
  }
}
