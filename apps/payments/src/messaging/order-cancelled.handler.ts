import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderCancelledV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { PaymentsService } from '../application/payments.service';

/** Journey step 5: a cancelled order's payment is voided, or refunded in full if it was captured. */
@Injectable()
@HandlesEvent('order.cancelled')
export class OrderCancelledHandler implements EventHandler<'order.cancelled'> {
  constructor(private readonly payments: PaymentsService) {}

  async handle({ data }: EventEnvelope<'order.cancelled', OrderCancelledV1>, tx: EntityManager) {
    await this.payments.settleCancelledOrder(data, tx);
  }
}
