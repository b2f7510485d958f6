import { Inject, Injectable, type Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TOPICS, type EventEnvelope, type EventType } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { CollectorService } from '../application/collector.service';

/**
 * Every event analytics reads goes the same way (clean, then collect), so each consumed type gets
 * a handler class made here rather than thirty files that differ in one string.
 */
function collecting(type: EventType): Type<EventHandler> {
  @Injectable()
  @HandlesEvent(type)
  class CollectingHandler implements EventHandler {
    constructor(@Inject(CollectorService) private readonly collector: CollectorService) {}

    handle(event: EventEnvelope, tx: EntityManager): Promise<void> {
      return this.collector.collect(event, tx);
    }
  }
  const name = `${type.replace(/(^|[.-])(\w)/g, (_, __, c: string) => c.toUpperCase())}Handler`;
  Object.defineProperty(CollectingHandler, 'name', { value: name });
  return CollectingHandler;
}

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

/** One handler class per collected event type, for the module's providers. */
export const COLLECTING_HANDLERS: readonly Type<EventHandler>[] =
  COLLECTED_EVENT_TYPES.map(collecting);
