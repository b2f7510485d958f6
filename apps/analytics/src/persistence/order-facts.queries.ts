import type { EntityManager } from 'typeorm';
import type { OrderLineV1 } from '@emporium/contracts';
import { execute, queryRows } from '@emporium/platform-persistence';

/** What order.placed tells of an order (`fact_orders`); amounts in minor units. */
export interface PlacedOrderFacts {
  readonly orderId: string;
  readonly number: string | null;
  readonly customerId: string;
  readonly sessionId: string | null;
  readonly province: string | null;
  readonly memberTier: string | null;
  readonly paymentMethod: string | null;
  readonly deliveryOption: string | null;
  readonly currency: string;
  readonly subtotalAmount: number | null;
  readonly discountAmount: number | null;
  readonly shippingAmount: number | null;
  readonly totalAmount: number;
  readonly itemCount: number;
  readonly placedAt: string;
}

/** What order.paid tells of an order. */
export interface PaidOrderFacts {
  readonly orderId: string;
  readonly paidAt: string;
  readonly customerId: string;
  readonly totalAmount: number;
  readonly currency: string;
  readonly itemCount: number;
}

/** The order row's guards: what decides which rollups an order is still to be added to. */
export interface OrderFactsRow {
  paid_at: Date | null;
  province: string | null;
  session_id: string | null;
  total_amount: string | null;
  counted_region: boolean;
  counted_session: boolean;
}

/** A milestone after payment; only its first timestamp is kept. */
export type OrderMilestone = 'cancelled_at' | 'delivered_at' | 'completed_at';

/** A captured payment (`fact_payments`). */
export interface PaymentFacts {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string | null;
  readonly method: string | null;
  readonly amount: number;
  readonly capturedAt: string;
}

/** A refund (`fact_refunds`). */
export interface RefundFacts {
  readonly refundId: string;
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string | null;
  readonly returnId: string | null;
  readonly amount: number;
  readonly reason: string | null;
  readonly refundedAt: string;
}

/**
 * Records what order.placed tells; a field already known stays (order.paid may have come first
 * and created the row).
 */
export async function upsertPlacedOrder(tx: EntityManager, o: PlacedOrderFacts): Promise<void> {
  await execute(
    tx,
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
      o.orderId,
      o.number,
      o.customerId,
      o.sessionId,
      o.province,
      o.memberTier,
      o.paymentMethod,
      o.deliveryOption,
      o.currency,
      o.subtotalAmount,
      o.discountAmount,
      o.shippingAmount,
      o.totalAmount,
      o.itemCount,
      o.placedAt,
    ],
  );
}

/** Records an order's lines; a line already recorded (by SKU) stays as it was. */
export async function insertOrderLines(
  tx: EntityManager,
  orderId: string,
  lines: readonly OrderLineV1[],
): Promise<void> {
  await execute(
    tx,
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
export async function lockOrderFacts(tx: EntityManager, orderId: string): Promise<OrderFactsRow> {
  const [row] = await queryRows<OrderFactsRow>(
    tx,
    `INSERT INTO fact_orders AS o (order_id) VALUES ($1)
     ON CONFLICT (order_id) DO UPDATE SET order_id = o.order_id
     RETURNING paid_at, province, session_id, total_amount, counted_region, counted_session`,
    [orderId],
  );
  return row;
}

/** Records the payment of an order; the total paid replaces the placed one. */
export async function markOrderPaid(tx: EntityManager, o: PaidOrderFacts): Promise<void> {
  await execute(
    tx,
    `UPDATE fact_orders SET paid_at = $2, customer_id = COALESCE(customer_id, $3),
       total_amount = $4, currency = $5, item_count = COALESCE(item_count, $6)
     WHERE order_id = $1`,
    [o.orderId, o.paidAt, o.customerId, o.totalAmount, o.currency, o.itemCount],
  );
}

/** Records a milestone's time, and a cancellation's reason, unless known already. */
export async function setOrderMilestone(
  tx: EntityManager,
  orderId: string,
  column: OrderMilestone,
  at: string,
  cancelReason: string | null,
): Promise<void> {
  await execute(
    tx,
    `UPDATE fact_orders SET ${column} = COALESCE(${column}, $2), cancel_reason = COALESCE(cancel_reason, $3)
     WHERE order_id = $1`,
    [orderId, at, cancelReason],
  );
}

/** Records the payment method of an order unless known already. */
export async function setOrderPaymentMethod(
  tx: EntityManager,
  orderId: string,
  method: string | null,
): Promise<void> {
  await execute(
    tx,
    'UPDATE fact_orders SET payment_method = COALESCE(payment_method, $2) WHERE order_id = $1',
    [orderId, method],
  );
}

/** Adds a refund to what was refunded on an order. */
export async function addOrderRefund(
  tx: EntityManager,
  orderId: string,
  amount: number,
): Promise<void> {
  await execute(
    tx,
    'UPDATE fact_orders SET refunded_amount = refunded_amount + $2 WHERE order_id = $1',
    [orderId, amount],
  );
}

/** Marks a paid order as added to the province rollup. */
export async function markOrderCountedInRegion(tx: EntityManager, orderId: string): Promise<void> {
  await execute(tx, 'UPDATE fact_orders SET counted_region = true WHERE order_id = $1', [orderId]);
}

/** Marks a paid order as added to its session. */
export async function markOrderCountedInSession(tx: EntityManager, orderId: string): Promise<void> {
  await execute(tx, 'UPDATE fact_orders SET counted_session = true WHERE order_id = $1', [orderId]);
}

/** Records a captured payment; a repeat only fills in a capture time still missing. */
export async function upsertPayment(tx: EntityManager, p: PaymentFacts): Promise<void> {
  await execute(
    tx,
    `INSERT INTO fact_payments (payment_id, order_id, customer_id, method, amount, captured_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (payment_id) DO UPDATE SET captured_at = COALESCE(fact_payments.captured_at, excluded.captured_at)`,
    [p.paymentId, p.orderId, p.customerId, p.method, p.amount, p.capturedAt],
  );
}

/** Records a refund; answers false when it was recorded before. */
export async function insertRefund(tx: EntityManager, r: RefundFacts): Promise<boolean> {
  const inserted = await queryRows<{ refund_id: string }>(
    tx,
    `INSERT INTO fact_refunds (refund_id, payment_id, order_id, customer_id, return_id, amount, reason, refunded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (refund_id) DO NOTHING RETURNING refund_id`,
    [
      r.refundId,
      r.paymentId,
      r.orderId,
      r.customerId,
      r.returnId,
      r.amount,
      r.reason,
      r.refundedAt,
    ],
  );
  return inserted.length > 0;
}
