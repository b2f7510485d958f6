import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderPaidV1, OrderPlacedV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { PaymentsService } from '../application/payments.service';

/** Reconciliation's read model: an order placed, with the total it will ask for. */
@Injectable()
@HandlesEvent('order.placed')
export class OrderPlacedHandler implements EventHandler<'order.placed'> {
  constructor(private readonly payments: PaymentsService) {}

  async handle({ data }: EventEnvelope<'order.placed', OrderPlacedV1>, tx: EntityManager) {
    await this.payments.recordOrder(tx, data.orderId, 'PLACED', {
      number: data.number,
      customerId: data.customerId,
      amount: data.totals.total,
    });
  }
}

/** Reconciliation's read model: an order paid. */
@Injectable()
@HandlesEvent('order.paid')
export class OrderPaidHandler implements EventHandler<'order.paid'> {
  constructor(private readonly payments: PaymentsService) {}

  async handle({ data }: EventEnvelope<'order.paid', OrderPaidV1>, tx: EntityManager) {
    await this.payments.recordOrder(tx, data.orderId, 'PAID', {
      customerId: data.customerId,
      amount: data.total,
    });
  }
}
