import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderPlacedV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReservationsService } from '../application/reservations.service';

/** Journey step 2: reserve the placed order's stock, or say what is short. */
@Injectable()
@HandlesEvent('order.placed')
export class OrderPlacedHandler implements EventHandler<'order.placed'> {
  constructor(private readonly reservations: ReservationsService) {}

  async handle({ data }: EventEnvelope<'order.placed', OrderPlacedV1>, tx: EntityManager) {
    await this.reservations.reserve(
      {
        orderId: data.orderId,
        lines: data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        shippingAddress: data.shippingAddress,
        deliveryOption: data.deliveryOption,
        pickupStoreId: data.pickupStoreId,
      },
      tx,
    );
  }
}
