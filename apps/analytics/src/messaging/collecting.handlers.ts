import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TOPICS, type EventEnvelope, type EventType } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { CollectorService } from '../application/collector.service';

/** The event types analytics collects (EVENTS.md); every ticket.* the contract lists, whatever they are. */
export const COLLECTED_EVENT_TYPES: readonly EventType[] = [
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.delivered',
  'order.completed',
  'return.requested',
  'return.approved',
  'return.rejected',
  'return.received',
  'return.refunded',
  'payment.captured',
  'payment.refunded',
  'shipment.created',
  'shipment.status-changed',
  'shipment.delivered',
  'stock.adjusted',
  'stock.reserved',
  'stock.reservation-failed',
  'stock.released',
  'stock.committed',
  'stock.restocked',
  'product.created',
  'product.updated',
  'product.archived',
  'customer.registered',
  'customer.tier-changed',
  'behavior.recorded',
  ...TOPICS['support.ticket'].events,
];

/**
 * Every event analytics reads goes the same way (clean, then collect), so one handler takes every
 * collected type, in the inbox transaction of each.
 */
@Injectable()
@HandlesEvent(...(COLLECTED_EVENT_TYPES as [EventType, ...EventType[]]))
export class CollectingHandler implements EventHandler {
  constructor(private readonly collector: CollectorService) {}

  handle(event: EventEnvelope, tx: EntityManager): Promise<void> {
    return this.collector.collect(event, tx);
  }
}
