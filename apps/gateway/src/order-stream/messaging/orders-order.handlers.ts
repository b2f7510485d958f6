import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler, type HandlerContext } from '@emporium/platform-messaging';
import { OrderStatusFeed } from '../application/order-status-feed';
import {
  ORDER_EVENT_STATUS,
  statusUpdateOf,
  type OrderStatusEvent,
} from '../domain/order-status-stream';

/**
 * Forwards each order status event to the order's streams. Live status only, run after the
 * event's transactional handlers commit (membership's for order.paid): a stream never hears a
 * status that rolled back, and a redelivered event repeats an update, which a client shrugs off.
 */
@Injectable()
// Every type the domain gives a status, so a new status event reaches the streams by itself.
@HandlesEvent(...(Object.keys(ORDER_EVENT_STATUS) as [OrderStatusEvent, ...OrderStatusEvent[]]))
export class OrderStatusHandler implements EventHandler<OrderStatusEvent> {
  readonly idempotent = true;

  constructor(private readonly feed: OrderStatusFeed) {}

  async handle(
    event: EventEnvelope<OrderStatusEvent>,
    _tx: unknown,
    context: HandlerContext,
  ): Promise<void> {
    const update = statusUpdateOf(event.type, event.occurredAt, event.data);
    context.afterCommit(() => this.feed.publish(event.subject, update));
  }
}
