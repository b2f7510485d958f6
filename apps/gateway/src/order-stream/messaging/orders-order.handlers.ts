import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler, type HandlerContext } from '@emporium/platform-messaging';
import { OrderStatusFeed } from '../application/order-status-feed';
import { statusUpdateOf, type OrderStatusEvent } from '../domain/order-status-stream';

/**
 * Forwards each order status event to the order's streams. Live status only, run after the
 * event's transactional handlers commit (membership's for order.paid): a stream never hears a
 * status that rolled back, and a redelivered event repeats an update, which a client shrugs off.
 */
@Injectable()
@HandlesEvent(
  'order.placed',
  'order.awaiting-payment',
  'order.paid',
  'order.cancelled',
  'order.fulfilling',
  'order.shipped',
  'order.delivered',
  'order.completed',
)
export class OrderStatusHandler implements EventHandler<OrderStatusEvent> {
  readonly idempotent = true;

  constructor(private readonly feed: OrderStatusFeed) {}

  async handle(event: EventEnvelope<OrderStatusEvent>, _tx: unknown, context: HandlerContext): Promise<void> {
    const update = statusUpdateOf(event.type, event.occurredAt, event.data);
    context.afterCommit(() => this.feed.publish(event.subject, update));
  }
}
