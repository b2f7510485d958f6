import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CustomerRegisteredV1,
  CustomerTierChangedV1,
  EventEnvelope,
  ProductArchivedV1,
  ProductCreatedV1,
  ReturnRefundedV1,
  ShipmentCreatedV1,
  ShipmentDeliveredV1,
  ShipmentStatusChangedV1,
} from '@emporium/contracts';

type Json = Readonly<Record<string, unknown>>;
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Dimensions (products, categories, customers) and the slower facts (returns, shipments, tickets,
 * stock). Updates carry the event time and only a newer one overwrites, so reordered updates of
 * one product or shipment end in the latest state.
 */
@Injectable()
export class DimensionFactsService {
  async product(
    event: EventEnvelope<'product.created' | 'product.updated', ProductCreatedV1>,
    tx: EntityManager,
  ) {
    const d = event.data;
    const variants = Array.isArray(d.variants) ? d.variants : [];
    const prices = variants
      .map((v) => v.price?.amount)
      .filter((p): p is number => Number.isSafeInteger(p));
    await tx.query(
      `INSERT INTO dim_products AS p (product_id, name, slug, category_id, status, skus, price_amount, as_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, slug = excluded.slug,
         category_id = excluded.category_id, status = excluded.status, skus = excluded.skus,
         price_amount = excluded.price_amount, as_of = excluded.as_of
       WHERE p.as_of <= excluded.as_of`,
      [
        d.productId,
        d.name,
        d.slug ?? null,
        d.categoryId ?? null,
        d.status ?? null,
        variants.map((v) => v.sku),
        prices.length ? Math.min(...prices) : null,
        event.occurredAt,
      ],
    );
    if (d.categoryId) {
      await tx.query(
        `INSERT INTO dim_categories AS c (category_id, first_seen_at) VALUES ($1, $2)
         ON CONFLICT (category_id) DO UPDATE SET first_seen_at = LEAST(c.first_seen_at, excluded.first_seen_at)`,
        [d.categoryId, event.occurredAt],
      );
    }
  }

  async productArchived(
    event: EventEnvelope<'product.archived', ProductArchivedV1>,
    tx: EntityManager,
  ) {
    await tx.query(
      `INSERT INTO dim_products AS p (product_id, name, status, skus, as_of) VALUES ($1, $1, 'ARCHIVED', $2, $3)
       ON CONFLICT (product_id) DO UPDATE SET status = 'ARCHIVED', as_of = excluded.as_of WHERE p.as_of <= excluded.as_of`,
      [event.data.productId, event.data.skus ?? [], event.occurredAt],
    );
  }

  async customerRegistered(
    event: EventEnvelope<'customer.registered', CustomerRegisteredV1>,
    tx: EntityManager,
  ) {
    const d = event.data;
    await tx.query(
      `INSERT INTO dim_customers AS c (customer_id, member_tier, tier_as_of, registered_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id) DO UPDATE SET registered_at = COALESCE(c.registered_at, excluded.registered_at),
         member_tier = CASE WHEN c.tier_as_of IS NULL OR c.tier_as_of <= excluded.tier_as_of
                            THEN excluded.member_tier ELSE c.member_tier END,
         tier_as_of = GREATEST(c.tier_as_of, excluded.tier_as_of)`,
      [d.customerId, d.memberTier ?? null, event.occurredAt, d.registeredAt ?? event.occurredAt],
    );
  }

  async tierChanged(
    event: EventEnvelope<'customer.tier-changed', CustomerTierChangedV1>,
    tx: EntityManager,
  ) {
    await tx.query(
      `INSERT INTO dim_customers AS c (customer_id, member_tier, tier_as_of) VALUES ($1, $2, $3)
       ON CONFLICT (customer_id) DO UPDATE SET member_tier = excluded.member_tier, tier_as_of = excluded.tier_as_of
       WHERE c.tier_as_of IS NULL OR c.tier_as_of <= excluded.tier_as_of`,
      [event.data.customerId, event.data.to ?? null, event.occurredAt],
    );
  }

  async returnEvent(event: EventEnvelope, tx: EntityManager) {
    const d = event.data as Json & Partial<ReturnRefundedV1>;
    const status = event.type.slice('return.'.length).toUpperCase();
    await tx.query(
      `INSERT INTO fact_returns AS r (return_id, order_id, customer_id, status, reason, refund_amount, requested_at, as_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (return_id) DO UPDATE SET
         status = CASE WHEN r.as_of <= excluded.as_of THEN excluded.status ELSE r.status END,
         reason = COALESCE(r.reason, excluded.reason),
         refund_amount = COALESCE(excluded.refund_amount, r.refund_amount),
         requested_at = COALESCE(r.requested_at, excluded.requested_at),
         as_of = GREATEST(r.as_of, excluded.as_of)`,
      [
        text(d.returnId) ?? event.subject,
        d.orderId,
        text(d.customerId),
        status,
        text(d.reason),
        d.amount?.amount ?? null,
        event.type === 'return.requested' ? event.occurredAt : null,
        event.occurredAt,
      ],
    );
  }

  async shipmentCreated(
    event: EventEnvelope<'shipment.created', ShipmentCreatedV1>,
    tx: EntityManager,
  ) {
    const d = event.data;
    await tx.query(
      `INSERT INTO fact_shipments AS s (shipment_id, order_id, kind, mode, carrier, cost_amount, status, created_at, as_of)
       VALUES ($1, $2, $3, $4, $5, $6, 'CREATED', $7, $7)
       ON CONFLICT (shipment_id) DO UPDATE SET order_id = excluded.order_id, kind = excluded.kind,
         mode = excluded.mode, carrier = excluded.carrier, cost_amount = excluded.cost_amount,
         created_at = excluded.created_at, as_of = COALESCE(s.as_of, excluded.as_of),
         status = COALESCE(s.status, excluded.status)`,
      [
        d.shipmentId,
        d.orderId,
        d.kind ?? null,
        d.mode ?? null,
        d.carrier ?? null,
        d.costAmount ?? null,
        event.occurredAt,
      ],
    );
  }

  async shipmentStatus(
    event: EventEnvelope<
      'shipment.status-changed' | 'shipment.delivered',
      ShipmentStatusChangedV1 | ShipmentDeliveredV1
    >,
    tx: EntityManager,
  ) {
    const d = event.data;
    const delivered = 'deliveredAt' in d ? d.deliveredAt : null;
    const status = 'to' in d ? d.to : 'DELIVERED';
    const at = ('at' in d && d.at) || delivered || event.occurredAt;
    await tx.query(
      `INSERT INTO fact_shipments AS s (shipment_id, order_id, kind, status, delivered_at, as_of)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (shipment_id) DO UPDATE SET
         status = CASE WHEN s.as_of IS NULL OR s.as_of <= excluded.as_of THEN excluded.status ELSE s.status END,
         delivered_at = COALESCE(s.delivered_at, excluded.delivered_at),
         as_of = GREATEST(s.as_of, excluded.as_of)`,
      [d.shipmentId, d.orderId ?? null, d.kind ?? null, status, delivered, at],
    );
  }

  /** ticket.* have no data contract yet: the common fields are read when present. */
  async ticket(event: EventEnvelope, tx: EntityManager) {
    const d = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Json;
    const statusOf: Record<string, string | null> = {
      'ticket.opened': text(d.status) ?? 'OPEN',
      'ticket.status-changed': text(d.to) ?? text(d.status),
    };
    const priorityOf: Record<string, string | null> = {
      'ticket.priority-changed': text(d.to),
      'ticket.sla-breached': text(d.escalatedTo),
    };
    const rating = Number.isInteger(d.score)
      ? (d.score as number)
      : Number.isInteger(d.rating)
        ? (d.rating as number)
        : null;
    await tx.query(
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
        text(d.ticketId) ?? event.subject,
        text(d.orderId),
        text(d.customerId),
        text(d.type),
        text(d.channel),
        priorityOf[event.type] ?? text(d.priority),
        statusOf[event.type] ?? null,
        rating,
        event.type === 'ticket.opened' ? (text(d.openedAt) ?? event.occurredAt) : null,
        event.occurredAt,
      ],
    );
  }

  async stock(event: EventEnvelope, tx: EntityManager) {
    await tx.query(
      `INSERT INTO fact_stock_movements (event_id, type, subject, occurred_at, data) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO NOTHING`,
      [event.id, event.type, event.subject, event.occurredAt, JSON.stringify(event.data)],
    );
  }
}
