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
import {
  archiveProduct,
  changeCustomerTier,
  insertStockMovement,
  registerCustomer,
  upsertCategorySeen,
  upsertCreatedShipment,
  upsertProduct,
  upsertReturn,
  upsertShipmentStatus,
  upsertTicket,
} from '../persistence/dimension-facts.queries';

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
    await upsertProduct(tx, {
      productId: d.productId,
      name: d.name,
      slug: d.slug ?? null,
      categoryId: d.categoryId ?? null,
      status: d.status ?? null,
      skus: variants.map((v) => v.sku),
      priceAmount: prices.length ? Math.min(...prices) : null,
      asOf: event.occurredAt,
    });
    if (d.categoryId) await upsertCategorySeen(tx, d.categoryId, event.occurredAt);
  }

  async productArchived(
    event: EventEnvelope<'product.archived', ProductArchivedV1>,
    tx: EntityManager,
  ) {
    await archiveProduct(tx, event.data.productId, event.data.skus ?? [], event.occurredAt);
  }

  async customerRegistered(
    event: EventEnvelope<'customer.registered', CustomerRegisteredV1>,
    tx: EntityManager,
  ) {
    const d = event.data;
    await registerCustomer(
      tx,
      d.customerId,
      d.memberTier ?? null,
      event.occurredAt,
      d.registeredAt ?? event.occurredAt,
    );
  }

  async tierChanged(
    event: EventEnvelope<'customer.tier-changed', CustomerTierChangedV1>,
    tx: EntityManager,
  ) {
    await changeCustomerTier(tx, event.data.customerId, event.data.to ?? null, event.occurredAt);
  }

  async returnEvent(event: EventEnvelope, tx: EntityManager) {
    const d = event.data as Json & Partial<ReturnRefundedV1> & Pick<ReturnRefundedV1, 'orderId'>;
    const status = event.type.slice('return.'.length).toUpperCase();
    await upsertReturn(tx, {
      returnId: text(d.returnId) ?? event.subject,
      orderId: d.orderId,
      customerId: text(d.customerId),
      status,
      reason: text(d.reason),
      refundAmount: d.amount?.amount ?? null,
      requestedAt: event.type === 'return.requested' ? event.occurredAt : null,
      asOf: event.occurredAt,
    });
  }

  async shipmentCreated(
    event: EventEnvelope<'shipment.created', ShipmentCreatedV1>,
    tx: EntityManager,
  ) {
    const d = event.data;
    await upsertCreatedShipment(tx, {
      shipmentId: d.shipmentId,
      orderId: d.orderId,
      kind: d.kind ?? null,
      mode: d.mode ?? null,
      carrier: d.carrier ?? null,
      costAmount: d.costAmount ?? null,
      createdAt: event.occurredAt,
    });
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
    await upsertShipmentStatus(tx, {
      shipmentId: d.shipmentId,
      orderId: d.orderId ?? null,
      kind: d.kind ?? null,
      status,
      deliveredAt: delivered,
      asOf: at,
    });
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
    await upsertTicket(tx, {
      ticketId: text(d.ticketId) ?? event.subject,
      orderId: text(d.orderId),
      customerId: text(d.customerId),
      type: text(d.type),
      channel: text(d.channel),
      priority: priorityOf[event.type] ?? text(d.priority),
      status: statusOf[event.type] ?? null,
      rating,
      openedAt: event.type === 'ticket.opened' ? (text(d.openedAt) ?? event.occurredAt) : null,
      asOf: event.occurredAt,
    });
  }

  async stock(event: EventEnvelope, tx: EntityManager) {
    await insertStockMovement(tx, {
      eventId: event.id,
      type: event.type,
      subject: event.subject,
      occurredAt: event.occurredAt,
      data: event.data,
    });
  }
}
