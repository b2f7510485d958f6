import { Injectable, type Type } from '@nestjs/common';
import type { EventEnvelope, EventType } from '@emporium/contracts';
import { HandlesEvent, type EventHandler, type HandlerContext } from '@emporium/platform-messaging';
import { OrderStatusFeed } from '../application/order-status-feed';
import {
  returnStatusUpdateOf,
  statusUpdateOf,
  type OrderStatusEvent,
  type OrderStatusUpdate,
  type ReturnStatusEvent,
} from '../domain/order-status-stream';

// Live status only: a redelivered event repeats an update, which a stream client shrugs off.
function statusHandler(type: EventType, updateOf: (event: EventEnvelope) => OrderStatusUpdate | undefined): Type<EventHandler> {
  @Injectable()
  @HandlesEvent(type)
  class StatusHandler implements EventHandler {
    readonly idempotent = true;

    constructor(readonly feed: OrderStatusFeed) {}

    async handle(event: EventEnvelope, _tx: unknown, context: HandlerContext): Promise<void> {
      const update = updateOf(event);
      if (update) context.afterCommit(() => this.feed.publish(event.subject, update));
    }
  }
  Object.defineProperty(StatusHandler, 'name', { value: `${type.replace(/\W(\w)/g, (_, c: string) => c.toUpperCase())}Handler` });
  return StatusHandler;
}

function orderStatusHandler(type: Exclude<OrderStatusEvent, 'order.paid'>): Type<EventHandler> {
  return statusHandler(type, (event) => statusUpdateOf(type, event.occurredAt, event.data));
}

// Orders keys a return's events by the order id, so their subject names the order's stream too.
function returnStatusHandler(type: ReturnStatusEvent): Type<EventHandler> {
  return statusHandler(type, (event) => returnStatusUpdateOf(type, event.occurredAt, event.data));
}

/** Handlers that forward each order status event (order.paid has its own) to the streams. */
export const ORDER_STATUS_HANDLERS: Type<EventHandler>[] = [
  orderStatusHandler('order.placed'),
  orderStatusHandler('order.awaiting-payment'),
  orderStatusHandler('order.cancelled'),
  orderStatusHandler('order.fulfilling'),
  orderStatusHandler('order.shipped'),
  orderStatusHandler('order.delivered'),
  orderStatusHandler('order.completed'),
  returnStatusHandler('return.requested'),
  returnStatusHandler('return.rejected'),
  returnStatusHandler('return.refunded'),
];
