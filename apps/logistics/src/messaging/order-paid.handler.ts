import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderPaidV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReservationsService } from '../application/reservations.service';
import { ShipmentsService } from '../application/shipments.service';

/** Journey step 6: a paid order's reserved units leave the shelves, in one parcel per warehouse. */
@Injectable()
@HandlesEvent('order.paid')
export class OrderPaidHandler implements EventHandler<'order.paid'> {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly shipments: ShipmentsService,
  ) {}

  async handle({ data }: EventEnvelope<'order.paid', OrderPaidV1>, tx: EntityManager) {
    await this.reservations.commit(data.orderId, tx);
    await this.shipments.createForPaidOrder(data.orderId, data.customerId, tx);
  }
}
