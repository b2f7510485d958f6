import { Injectable, type Type } from '@nestjs/common';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { OrderStatusFeed } from '../application/order-status-feed';
import { statusUpdateOf, type OrderStatusEvent } from '../domain/order-status-stream';

// Live status only: a redelivered event repeats an update, which a stream client shrugs off.
function orderStatusHandler(type: Exclude<OrderStatusEvent, 'order.paid'>): Type<EventHandler> {
  @Injectable()
  @HandlesEvent(type)
  class OrderStatusHandler implements EventHandler {
    constructor(readonly feed: OrderStatusFeed) {}

    async handle(event: EventEnvelope): Promise<void> {
      await this.feed.publish(event.subject, statusUpdateOf(type, event.occurredAt, event.data));
    }
  }
  Object.defineProperty(OrderStatusHandler, 'name', { value: `${type.replace(/\W(\w)/g, (_, c: string) => c.toUpperCase())}Handler` });
  return OrderStatusHandler;
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
];
