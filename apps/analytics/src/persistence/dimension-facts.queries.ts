import type { EntityManager } from 'typeorm';
import { execute } from '@emporium/platform-persistence';

// Dimensions (products, categories, customers) and the slower facts (returns, shipments, tickets,
// stock). Each write carries the event's time (`as_of`): only a newer one overwrites.

/** A product as product.created or product.updated describes it (`dim_products`). */
export interface ProductDimension {
  readonly productId: string;
  readonly name: string;
  readonly slug: string | null;
  readonly categoryId: string | null;
  readonly status: string | null;
  readonly skus: readonly string[];
  /** The lowest variant price, minor units. */
  readonly priceAmount: number | null;
  readonly asOf: string;
}

/** A return as one return.* event tells it (`fact_returns`). */
export interface ReturnFacts {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string | null;
  readonly status: string;
  readonly reason: string | null;
  readonly refundAmount: number | null;
  readonly requestedAt: string | null;
  readonly asOf: string;
}

/** A shipment as shipment.created tells it (`fact_shipments`). */
export interface CreatedShipmentFacts {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly kind: string | null;
  readonly mode: string | null;
  readonly carrier: string | null;
  readonly costAmount: number | null;
  readonly createdAt: string;
}

/** A shipment's status as shipment.status-changed or shipment.delivered tells it. */
export interface ShipmentStatusFacts {
  readonly shipmentId: string;
  readonly orderId: string | null;
  readonly kind: string | null;
  readonly status: string;
  readonly deliveredAt: string | null;
  readonly asOf: string;
}

/** A ticket as one ticket.* event tells it (`fact_tickets`); what the event leaves out is null. */
export interface TicketFacts {
  readonly ticketId: string;
  readonly orderId: string | null;
  readonly customerId: string | null;
  readonly type: string | null;
  readonly channel: string | null;
  readonly priority: string | null;
  readonly status: string | null;
  readonly rating: number | null;
  readonly openedAt: string | null;
  readonly asOf: string;
}

/** A stock event, kept as it came (`fact_stock_movements`). */
export interface StockMovement {
  readonly eventId: string;
  readonly type: string;
  readonly subject: string;
  readonly occurredAt: string;
  readonly data: unknown;
}

/** Records a product unless a newer description of it is recorded already. */
export async function upsertProduct(tx: EntityManager, p: ProductDimension): Promise<void> {
  await execute(
    tx,
    `INSERT INTO dim_products AS p (product_id, name, slug, category_id, status, skus, price_amount, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, slug = excluded.slug,
       category_id = excluded.category_id, status = excluded.status, skus = excluded.skus,
       price_amount = excluded.price_amount, as_of = excluded.as_of
     WHERE p.as_of <= excluded.as_of`,
    [p.productId, p.name, p.slug, p.categoryId, p.status, p.skus, p.priceAmount, p.asOf],
  );
}

/** Records that a category exists, keeping the earliest time it was seen. */
export async function upsertCategorySeen(
  tx: EntityManager,
  categoryId: string,
  seenAt: string,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO dim_categories AS c (category_id, first_seen_at) VALUES ($1, $2)
     ON CONFLICT (category_id) DO UPDATE SET first_seen_at = LEAST(c.first_seen_at, excluded.first_seen_at)`,
    [categoryId, seenAt],
  );
}

/** Marks a product archived unless a newer description of it is recorded already. */
export async function archiveProduct(
  tx: EntityManager,
  productId: string,
  skus: readonly string[],
  asOf: string,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO dim_products AS p (product_id, name, status, skus, as_of) VALUES ($1, $1, 'ARCHIVED', $2, $3)
     ON CONFLICT (product_id) DO UPDATE SET status = 'ARCHIVED', as_of = excluded.as_of WHERE p.as_of <= excluded.as_of`,
    [productId, skus, asOf],
  );
}

/** Records a registration; the tier is taken unless a newer one is recorded already. */
export async function registerCustomer(
  tx: EntityManager,
  customerId: string,
  memberTier: string | null,
  tierAsOf: string,
  registeredAt: string,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO dim_customers AS c (customer_id, member_tier, tier_as_of, registered_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (customer_id) DO UPDATE SET registered_at = COALESCE(c.registered_at, excluded.registered_at),
       member_tier = CASE WHEN c.tier_as_of IS NULL OR c.tier_as_of <= excluded.tier_as_of
                          THEN excluded.member_tier ELSE c.member_tier END,
       tier_as_of = GREATEST(c.tier_as_of, excluded.tier_as_of)`,
    [customerId, memberTier, tierAsOf, registeredAt],
  );
}

/** Records a customer's tier unless a newer one is recorded already. */
export async function changeCustomerTier(
  tx: EntityManager,
  customerId: string,
  memberTier: string | null,
  asOf: string,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO dim_customers AS c (customer_id, member_tier, tier_as_of) VALUES ($1, $2, $3)
     ON CONFLICT (customer_id) DO UPDATE SET member_tier = excluded.member_tier, tier_as_of = excluded.tier_as_of
     WHERE c.tier_as_of IS NULL OR c.tier_as_of <= excluded.tier_as_of`,
    [customerId, memberTier, asOf],
  );
}

/** Adds a paid order to its customer: first and last payment, count and amount. */
export async function addCustomerPaidOrder(
  tx: EntityManager,
  customerId: string,
  paidAt: string,
  amount: number,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO dim_customers AS c (customer_id, first_paid_at, last_paid_at, paid_orders, paid_amount)
     VALUES ($1, $2, $2, 1, $3)
     ON CONFLICT (customer_id) DO UPDATE SET
       first_paid_at = LEAST(c.first_paid_at, excluded.first_paid_at),
       last_paid_at = GREATEST(c.last_paid_at, excluded.last_paid_at),
       paid_orders = c.paid_orders + 1, paid_amount = c.paid_amount + excluded.paid_amount`,
    [customerId, paidAt, amount],
  );
}

/** Records a return's step; what is known already stays, the status only from a newer event. */
export async function upsertReturn(tx: EntityManager, r: ReturnFacts): Promise<void> {
  await execute(
    tx,
    `INSERT INTO fact_returns AS r (return_id, order_id, customer_id, status, reason, refund_amount, requested_at, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (return_id) DO UPDATE SET
       status = CASE WHEN r.as_of <= excluded.as_of THEN excluded.status ELSE r.status END,
       reason = COALESCE(r.reason, excluded.reason),
       refund_amount = COALESCE(excluded.refund_amount, r.refund_amount),
       requested_at = COALESCE(r.requested_at, excluded.requested_at),
       as_of = GREATEST(r.as_of, excluded.as_of)`,
    [
      r.returnId,
      r.orderId,
      r.customerId,
      r.status,
      r.reason,
      r.refundAmount,
      r.requestedAt,
      r.asOf,
    ],
  );
}

/** Records a created shipment; a status recorded before it (events reordered) stays. */
export async function upsertCreatedShipment(
  tx: EntityManager,
  s: CreatedShipmentFacts,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO fact_shipments AS s (shipment_id, order_id, kind, mode, carrier, cost_amount, status, created_at, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, 'CREATED', $7, $7)
     ON CONFLICT (shipment_id) DO UPDATE SET order_id = excluded.order_id, kind = excluded.kind,
       mode = excluded.mode, carrier = excluded.carrier, cost_amount = excluded.cost_amount,
       created_at = excluded.created_at, as_of = COALESCE(s.as_of, excluded.as_of),
       status = COALESCE(s.status, excluded.status)`,
    [s.shipmentId, s.orderId, s.kind, s.mode, s.carrier, s.costAmount, s.createdAt],
  );
}

/** Records a shipment's status unless a newer one is recorded already. */
export async function upsertShipmentStatus(
  tx: EntityManager,
  s: ShipmentStatusFacts,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO fact_shipments AS s (shipment_id, order_id, kind, status, delivered_at, as_of)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (shipment_id) DO UPDATE SET
       status = CASE WHEN s.as_of IS NULL OR s.as_of <= excluded.as_of THEN excluded.status ELSE s.status END,
       delivered_at = COALESCE(s.delivered_at, excluded.delivered_at),
       as_of = GREATEST(s.as_of, excluded.as_of)`,
    [s.shipmentId, s.orderId, s.kind, s.status, s.deliveredAt, s.asOf],
  );
}

/** Records a ticket's event; priority and status only from a newer one, the rest fills gaps. */
export async function upsertTicket(tx: EntityManager, t: TicketFacts): Promise<void> {
  await execute(
    tx,
    `INSERT INTO fact_tickets AS t (ticket_id, order_id, customer_id, type, channel, priority, status, rating, opened_at, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (ticket_id) DO UPDATE SET
       order_id = COALESCE(t.order_id, excluded.order_id), customer_id = COALESCE(t.customer_id, excluded.customer_id),
       type = COALESCE(t.type, excluded.type), channel = COALESCE(t.channel, excluded.channel),
       priority = CASE WHEN excluded.priority IS NOT NULL AND (t.as_of IS NULL OR t.as_of <= excluded.as_of)
                       THEN excluded.priority ELSE coalesce(t.priority, excluded.priority) END,
       rating = COALESCE(excluded.rating, t.rating),
       opened_at = COALESCE(t.opened_at, excluded.opened_at),
       status = CASE WHEN excluded.status IS NOT NULL AND (t.as_of IS NULL OR t.as_of <= excluded.as_of)
                     THEN excluded.status ELSE t.status END,
       as_of = GREATEST(t.as_of, excluded.as_of)`,
    [
      t.ticketId,
      t.orderId,
      t.customerId,
      t.type,
      t.channel,
      t.priority,
      t.status,
      t.rating,
      t.openedAt,
      t.asOf,
    ],
  );
}

/** Records a stock event once (by its id). */
export async function insertStockMovement(tx: EntityManager, m: StockMovement): Promise<void> {
  await execute(
    tx,
    `INSERT INTO fact_stock_movements (event_id, type, subject, occurred_at, data) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (event_id) DO NOTHING`,
    [m.eventId, m.type, m.subject, m.occurredAt, JSON.stringify(m.data)],
  );
}
