import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderCancelledV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReservationsService } from '../application/reservations.service';
import { ShipmentsService } from '../application/shipments.service';

/**
 * Journey step 5: a cancelled order's units go back on sale: held units are released, and the
 * units of a paid order's parcels not yet picked up are restocked (their parcels cancelled).
 */
@Injectable()
@HandlesEvent('order.cancelled')
export class OrderCancelledHandler implements EventHandler<'order.cancelled'> {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly shipments: ShipmentsService,
  ) {}

  async handle({ data }: EventEnvelope<'order.cancelled', OrderCancelledV1>, tx: EntityManager) {
    await this.reservations.release(data.orderId, tx);
    await this.shipments.cancelBeforePickup(data.orderId, tx);
  }
}
