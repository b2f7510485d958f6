import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReadModelsService } from '../application/read-models.service';

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

/** Stock is held; the amount to pay is known. */
@Injectable()
@HandlesEvent('order.awaiting-payment')
export class OrderAwaitingPaymentHandler implements EventHandler<'order.awaiting-payment'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.awaiting-payment'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'AWAITING_PAYMENT',
      at: new Date(occurredAt),
      number: data.number,
      totalAmount: data.amount?.amount,
    });
  }
}

/** Paid: counts toward lifetime value; the clock of "paid but not shipped" starts. */
@Injectable()
@HandlesEvent('order.paid')
export class OrderPaidHandler implements EventHandler<'order.paid'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.paid'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'PAID',
      at: at(data.paidAt, occurredAt),
      totalAmount: data.total?.amount,
      paid: true,
    });
  }
}

/** Cancelled; before payment, money captured later opens a system ticket. */
@Injectable()
@HandlesEvent('order.cancelled')
export class OrderCancelledHandler implements EventHandler<'order.cancelled'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.cancelled'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'CANCELLED',
      at: at(data.cancelledAt, occurredAt),
      cancelReason: data.reason,
      previousStatus: data.previousStatus,
    });
  }
}

/** Logistics created the first shipment. */
@Injectable()
@HandlesEvent('order.fulfilling')
export class OrderFulfillingHandler implements EventHandler<'order.fulfilling'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.fulfilling'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'FULFILLING',
      at: new Date(occurredAt),
    });
  }
}

/** The first parcel was picked up. */
@Injectable()
@HandlesEvent('order.shipped')
export class OrderShippedHandler implements EventHandler<'order.shipped'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.shipped'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'SHIPPED',
      at: at(data.shippedAt, occurredAt),
    });
  }
}

/** Every parcel reached the customer. */
@Injectable()
@HandlesEvent('order.delivered')
export class OrderDeliveredHandler implements EventHandler<'order.delivered'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.delivered'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'DELIVERED',
      at: at(data.deliveredAt, occurredAt),
    });
  }
}

/** The return window closed. */
@Injectable()
@HandlesEvent('order.completed')
export class OrderCompletedHandler implements EventHandler<'order.completed'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'order.completed'>, tx: EntityManager) {
    await this.readModels.order(tx, {
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'COMPLETED',
      at: at(data.completedAt, occurredAt),
    });
  }
}
