import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler, type HandlerContext } from '@emporium/platform-messaging';
import { OrderStatusFeed } from '../application/order-status-feed';
import {
  RETURN_EVENT_FALLBACK_STATUS,
  returnStatusUpdateOf,
  type ReturnStatusEvent,
} from '../domain/order-status-stream';

/**
 * Forwards the order status a return event names to the order's streams: orders keys a return's
 * events by the order id, so their subject names the order's stream. Live status only, as orders'.
 */
@Injectable()
@HandlesEvent(
  ...(Object.keys(RETURN_EVENT_FALLBACK_STATUS) as [ReturnStatusEvent, ...ReturnStatusEvent[]]),
)
export class ReturnStatusHandler implements EventHandler<ReturnStatusEvent> {
  readonly idempotent = true;

  constructor(private readonly feed: OrderStatusFeed) {}

  async handle(
    event: EventEnvelope<ReturnStatusEvent>,
    _tx: unknown,
    context: HandlerContext,
  ): Promise<void> {
    const update = returnStatusUpdateOf(event.type, event.occurredAt, event.data);
    if (update) context.afterCommit(() => this.feed.publish(event.subject, update));
  }
}
