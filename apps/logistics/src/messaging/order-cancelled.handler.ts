import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderCancelledV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReservationsService } from '../application/reservations.service';

/** Journey step 5: a cancelled order's held units go back on sale. */
@Injectable()
@HandlesEvent('order.cancelled')
export class OrderCancelledHandler implements EventHandler<'order.cancelled'> {
  constructor(private readonly reservations: ReservationsService) {}

  async handle({ data }: EventEnvelope<'order.cancelled', OrderCancelledV1>, tx: EntityManager) {
    await this.reservations.release(data.orderId, tx);
  }
}
