import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderAwaitingPaymentV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { PaymentsService } from '../application/payments.service';

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
