import { Injectable, type Type } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReadModelsService, type OrderFacts } from '../application/read-models.service';

/** Order events that only move the order's read model along (order.placed has its own). */
type OrderStatusEvent =
  | 'order.awaiting-payment'
  | 'order.paid'
  | 'order.cancelled'
  | 'order.fulfilling'
  | 'order.shipped'
  | 'order.delivered'
  | 'order.completed';

/** What an event says about its order, besides the order and customer ids. */
type FactsOf<T extends OrderStatusEvent> = (
  data: EventData<T>,
  occurredAt: string,
) => Omit<OrderFacts, 'orderId' | 'customerId'>;

const at = (value: string | undefined, fallback: string) => new Date(value ?? fallback);

/** An order was placed: its number, total and the customer's tier at the time. */
@Injectable()
@HandlesEvent('order.placed')
class OrderPlacedHandler implements EventHandler<'order.placed'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.placed'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'PENDING',
      at: new Date(occurredAt),
      number: data.number,
      totalAmount: data.totals?.total?.amount,
      itemCount: data.lines?.reduce((n, l) => n + l.quantity, 0),
      placed: true,
    });
    if (data.memberTier) await this.readModels.tierHint(tx, data.customerId, data.memberTier);
  }
}

/** A handler class for `type`: puts what `factsOf` reads in the event on the order's read model. */
function orderHandler<T extends OrderStatusEvent>(
  type: T,
  factsOf: FactsOf<T>,
): Type<EventHandler<T>> {
  @Injectable()
  @HandlesEvent(type)
  class OrderHandler implements EventHandler<T> {
    constructor(private readonly readModels: ReadModelsService) {}

    async handle({ data, occurredAt }: EventEnvelope<T, EventData<T>>, tx: EntityManager) {
      const { orderId, customerId } = data;
      await this.readModels.order(tx, { orderId, customerId, ...factsOf(data, occurredAt) });
    }
  }
  // Named like a hand-written class (OrderAwaitingPaymentHandler) for logs and Nest's errors.
  const name = type.replace(/(^|\W)(\w)/g, (_, __: string, c: string) => c.toUpperCase());
  Object.defineProperty(OrderHandler, 'name', { value: `${name}Handler` });
  return OrderHandler;
}

/** customer-service's handlers of order events, each keeping the order's read model current. */
export const ORDER_HANDLERS: Type<EventHandler>[] = [
  OrderPlacedHandler,
  // Stock is held; the amount to pay is known.
  orderHandler('order.awaiting-payment', (data, occurredAt) => ({
    status: 'AWAITING_PAYMENT',
    at: new Date(occurredAt),
    number: data.number,
    totalAmount: data.amount?.amount,
  })),
  // Paid: counts toward lifetime value; the clock of "paid but not shipped" starts.
  orderHandler('order.paid', (data, occurredAt) => ({
    status: 'PAID',
    at: at(data.paidAt, occurredAt),
    totalAmount: data.total?.amount,
    paid: true,
  })),
  // Cancelled; before payment, money captured later opens a system ticket.
  orderHandler('order.cancelled', (data, occurredAt) => ({
    status: 'CANCELLED',
    at: at(data.cancelledAt, occurredAt),
    cancelReason: data.reason,
    previousStatus: data.previousStatus,
  })),
  // Logistics created the first shipment.
  orderHandler('order.fulfilling', (_, occurredAt) => ({
    status: 'FULFILLING',
    at: new Date(occurredAt),
  })),
  // The first parcel was picked up.
  orderHandler('order.shipped', (data, occurredAt) => ({
    status: 'SHIPPED',
    at: at(data.shippedAt, occurredAt),
  })),
  // Every parcel reached the customer.
  orderHandler('order.delivered', (data, occurredAt) => ({
    status: 'DELIVERED',
    at: at(data.deliveredAt, occurredAt),
  })),
  // The return window closed.
  orderHandler('order.completed', (data, occurredAt) => ({
    status: 'COMPLETED',
    at: at(data.completedAt, occurredAt),
  })),
];
