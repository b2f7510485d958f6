import type { EntityManager } from 'typeorm';
import type { MemberTier } from '@emporium/contracts';
import { execute, lockKey, queryRows, type Db } from '@emporium/platform-persistence';

/** A customer as identity's events describe them; absent fields keep what is known. */
export interface CustomerProfileFacts {
  readonly id: string;
  readonly email?: string;
  readonly name?: string;
  readonly memberTier?: MemberTier;
  readonly registeredAt?: string;
}

/** Facts about an order an event may carry; absent ones keep what is known. */
export interface OrderViewFacts {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly at: Date;
  readonly number?: string;
  readonly totalAmount?: number;
  readonly itemCount?: number;
  readonly placed?: boolean;
  readonly paid?: boolean;
  readonly cancelReason?: string;
}

/** How a cancellation counts: unpaid or not, or (not knowing the status before) by `paid_at`. */
export interface CancellationVerdict {
  readonly cancelledUnpaid: boolean;
  /** The status before the cancellation is unknown: unpaid if the view never saw it paid. */
  readonly unpaidUnlessSeenPaid: boolean;
}

/** Facts about a payment. */
export interface PaymentViewFacts {
  readonly paymentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly method?: string;
  readonly amount?: number;
  readonly refundedAmount?: number;
  readonly capturedAt?: Date;
}

/** A shipment as `shipment.created` describes it. */
export interface CreatedShipmentFacts {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly kind: string;
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** A tracking step of a shipment. */
export interface ShipmentStatusFacts {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly kind: string;
  readonly to: string;
}

/** A customer's money with the shop: paid orders' totals, what was refunded on them, orders. */
export interface CustomerLifetime {
  readonly paid: number;
  readonly refunded: number;
  readonly orders: number;
}

export async function upsertCustomerProfile(
  tx: EntityManager,
  c: CustomerProfileFacts,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO customer_profiles (id, email, name, member_tier, registered_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (id) DO UPDATE SET
       email = COALESCE(EXCLUDED.email, customer_profiles.email),
       name = COALESCE(EXCLUDED.name, customer_profiles.name),
       member_tier = COALESCE(EXCLUDED.member_tier, customer_profiles.member_tier),
       registered_at = COALESCE(EXCLUDED.registered_at, customer_profiles.registered_at),
       updated_at = now()`,
    [c.id, c.email ?? null, c.name ?? null, c.memberTier ?? null, c.registeredAt ?? null],
  );
}

/** A tier for a customer not known yet; a known profile keeps its own. */
export async function insertTierHint(
  tx: EntityManager,
  customerId: string,
  tier: MemberTier,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO customer_profiles (id, member_tier) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
    [customerId, tier],
  );
}

export async function upsertOrderView(
  tx: EntityManager,
  f: OrderViewFacts,
  verdict: CancellationVerdict,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO order_views (id, customer_id, status, status_since, number, total_amount, item_count, placed_at, paid_at,
                              cancelled_at, cancel_reason, cancelled_unpaid, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN $4::timestamptz END, CASE WHEN $9 THEN $4::timestamptz END,
             CASE WHEN $3 = 'CANCELLED' THEN $4::timestamptz END, $10, $11, now())
     ON CONFLICT (id) DO UPDATE SET
       status = EXCLUDED.status,
       status_since = CASE WHEN order_views.status = EXCLUDED.status THEN order_views.status_since ELSE EXCLUDED.status_since END,
       number = COALESCE(EXCLUDED.number, order_views.number),
       total_amount = COALESCE(EXCLUDED.total_amount, order_views.total_amount),
       item_count = COALESCE(EXCLUDED.item_count, order_views.item_count),
       placed_at = COALESCE(order_views.placed_at, EXCLUDED.placed_at),
       paid_at = COALESCE(order_views.paid_at, EXCLUDED.paid_at),
       cancelled_at = COALESCE(order_views.cancelled_at, EXCLUDED.cancelled_at),
       cancel_reason = COALESCE(EXCLUDED.cancel_reason, order_views.cancel_reason),
       cancelled_unpaid = CASE WHEN $12 THEN order_views.paid_at IS NULL ELSE EXCLUDED.cancelled_unpaid END,
       updated_at = now()`,
    [
      f.orderId,
      f.customerId,
      f.status,
      f.at,
      f.number ?? null,
      f.totalAmount ?? null,
      f.itemCount ?? null,
      f.placed ?? false,
      f.paid ?? false,
      f.cancelReason ?? null,
      verdict.cancelledUnpaid,
      verdict.unpaidUnlessSeenPaid,
    ],
  );
}

/** Serialises the writers of one order's facts until the transaction ends. */
export async function lockOrderFacts(tx: EntityManager, orderId: string): Promise<void> {
  await lockKey(tx, `order:${orderId}`);
}

export async function upsertPaymentView(tx: EntityManager, f: PaymentViewFacts): Promise<void> {
  await execute(
    tx,
    `INSERT INTO payment_views (id, order_id, customer_id, method, status, amount, refunded_amount, captured_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, 0), $8, now())
     ON CONFLICT (id) DO UPDATE SET
       status = EXCLUDED.status,
       method = COALESCE(EXCLUDED.method, payment_views.method),
       amount = COALESCE(EXCLUDED.amount, payment_views.amount),
       refunded_amount = GREATEST(payment_views.refunded_amount, EXCLUDED.refunded_amount),
       captured_at = COALESCE(payment_views.captured_at, EXCLUDED.captured_at),
       updated_at = now()`,
    [
      f.paymentId,
      f.orderId,
      f.customerId,
      f.method ?? null,
      f.status,
      f.amount ?? null,
      f.refundedAmount ?? null,
      f.capturedAt ?? null,
    ],
  );
}

export async function upsertCreatedShipment(
  tx: EntityManager,
  s: CreatedShipmentFacts,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO shipment_views (id, order_id, customer_id, kind, status, carrier, tracking_number, updated_at)
     VALUES ($1, $2, $3, $4, 'CREATED', $5, $6, now())
     ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, carrier = EXCLUDED.carrier,
       tracking_number = EXCLUDED.tracking_number, updated_at = now()`,
    [s.shipmentId, s.orderId, s.customerId, s.kind, s.carrier, s.trackingNumber],
  );
}

/** Moves a shipment's status; one not seen yet takes its customer from the order's view. */
export async function upsertShipmentStatus(
  tx: EntityManager,
  s: ShipmentStatusFacts,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO shipment_views (id, order_id, customer_id, kind, status, updated_at)
     VALUES ($1, $2, (SELECT customer_id FROM order_views WHERE id = $2), $3, $4, now())
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
    [s.shipmentId, s.orderId, s.kind, s.to],
  );
}

/**
 * Lifetime value's parts: the totals of orders that were paid, what was refunded on those orders'
 * payments, and every order counted. Money captured for an order cancelled unpaid (and refunded
 * at once) counts for neither.
 */
export async function customerLifetime(db: Db, customerId: string): Promise<CustomerLifetime> {
  const [row] = await queryRows<{ paid: string | null; refunded: string | null; orders: number }>(
    db,
    `SELECT (SELECT sum(total_amount) FROM order_views WHERE customer_id = $1 AND paid_at IS NOT NULL) AS paid,
            (SELECT sum(p.refunded_amount) FROM payment_views p JOIN order_views o ON o.id = p.order_id
              WHERE p.customer_id = $1 AND o.paid_at IS NOT NULL) AS refunded,
            (SELECT count(*)::int FROM order_views WHERE customer_id = $1) AS orders`,
    [customerId],
  );
  return { paid: Number(row.paid ?? 0), refunded: Number(row.refunded ?? 0), orders: row.orders };
}
