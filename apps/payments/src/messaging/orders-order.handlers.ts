import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  EventEnvelope,
  OrderPaidV1,
  OrderPlacedV1,
  OrderAwaitingPaymentV1,
  OrderCancelledV1,
} from '@emporium/contracts';
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

/** Journey step 4: the order holds its stock; its payment waits for the customer. */
@Injectable()
@HandlesEvent('order.awaiting-payment')
export class OrderAwaitingPaymentHandler implements EventHandler<'order.awaiting-payment'> {
  constructor(private readonly payments: PaymentsService) {}

  async handle(
    { data }: EventEnvelope<'order.awaiting-payment', OrderAwaitingPaymentV1>,
    tx: EntityManager,
  ) {
    await this.payments.createForOrder(data, tx);
  }
}

/** Journey step 5: a cancelled order's payment is voided, or refunded in full if it was captured. */
@Injectable()
@HandlesEvent('order.cancelled')
export class OrderCancelledHandler implements EventHandler<'order.cancelled'> {
  constructor(private readonly payments: PaymentsService) {}

  async handle({ data }: EventEnvelope<'order.cancelled', OrderCancelledV1>, tx: EntityManager) {
    await this.payments.settleCancelledOrder(data, tx);
  }
}
