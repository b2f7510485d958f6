import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  EventEnvelope,
  OrderPlacedV1,
  OrderPaidV1,
  OrderCancelledV1,
} from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReservationsService } from '../application/reservations.service';
import { ShipmentsService } from '../application/shipments.service';

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

/** Journey step 6: a paid order's reserved units leave the shelves, in one parcel per warehouse. */
@Injectable()
@HandlesEvent('order.paid')
export class OrderPaidHandler implements EventHandler<'order.paid'> {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly shipments: ShipmentsService,
  ) {}

  async handle({ data }: EventEnvelope<'order.paid', OrderPaidV1>, tx: EntityManager) {
    // Older producers and tests send no lines: the sale is then recorded without its revenue.
    const lines = (data.lines as OrderPaidV1['lines'] | undefined) ?? [];
    await this.reservations.commit(
      data.orderId,
      tx,
      lines.map((l) => ({ sku: l.sku, quantity: l.quantity, lineTotal: l.lineTotal.amount })),
    );
    await this.shipments.createForPaidOrder(data.orderId, data.customerId, tx);
  }
}

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
