import { Injectable } from '@nestjs/common';
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
  | 'order.ready-for-pickup'
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
export class OrderPlacedHandler implements EventHandler<'order.placed'> {
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

/** What each order status event says about its order, the table `OrderStatusHandler` reads. */
const FACTS: { readonly [T in OrderStatusEvent]: FactsOf<T> } = {
  // Stock is held; the amount to pay is known.
  'order.awaiting-payment': (data, occurredAt) => ({
    status: 'AWAITING_PAYMENT',
    at: new Date(occurredAt),
    number: data.number,
    totalAmount: data.amount?.amount,
  }),
  // Paid: counts toward lifetime value; the clock of "paid but not shipped" starts.
  'order.paid': (data, occurredAt) => ({
    status: 'PAID',
    at: at(data.paidAt, occurredAt),
    totalAmount: data.total?.amount,
    paid: true,
  }),
  // Cancelled; before payment, money captured later opens a system ticket.
  'order.cancelled': (data, occurredAt) => ({
    status: 'CANCELLED',
    at: at(data.cancelledAt, occurredAt),
    // A store pickup never collected says so in `cause` (NOT_COLLECTED), finer than its reason.
    cancelReason: data.cause ?? data.reason,
    previousStatus: data.previousStatus,
  }),
  // Logistics created the first shipment.
  'order.fulfilling': (_, occurredAt) => ({
    status: 'FULFILLING',
    at: new Date(occurredAt),
  }),
  // A store pickup's goods wait at the store for the customer.
  'order.ready-for-pickup': (data, occurredAt) => ({
    status: 'READY_FOR_PICKUP',
    at: at(data.readyAt, occurredAt),
  }),
  // The first parcel was picked up.
  'order.shipped': (data, occurredAt) => ({
    status: 'SHIPPED',
    at: at(data.shippedAt, occurredAt),
  }),
  // Every parcel reached the customer.
  'order.delivered': (data, occurredAt) => ({
    status: 'DELIVERED',
    at: at(data.deliveredAt, occurredAt),
  }),
  // The return window closed.
  'order.completed': (data, occurredAt) => ({
    status: 'COMPLETED',
    at: at(data.completedAt, occurredAt),
  }),
};

/** The other order events: each puts what `FACTS` reads in it on the order's read model. */
@Injectable()
@HandlesEvent(...(Object.keys(FACTS) as [OrderStatusEvent, ...OrderStatusEvent[]]))
export class OrderStatusHandler implements EventHandler<OrderStatusEvent> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle<T extends OrderStatusEvent>(
    { type, data, occurredAt }: EventEnvelope<T, EventData<T>>,
    tx: EntityManager,
  ) {
    const { orderId, customerId } = data;
    const factsOf = FACTS[type] as FactsOf<T>;
    await this.readModels.order(tx, { orderId, customerId, ...factsOf(data, occurredAt) });
  }
}
