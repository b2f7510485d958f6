import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { OrderJourneyService } from '../application/order-journey.service';

/** Journey step 6: the first outbound parcel makes the order FULFILLING. */
@Injectable()
@HandlesEvent('shipment.created')
export class ShipmentCreatedHandler implements EventHandler<'shipment.created'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'shipment.created'>, tx: EntityManager): Promise<void> {
    if (data.kind === 'OUTBOUND')
      await this.journey.shipmentCreated(data.orderId, data.shipmentId, tx);
  }
}

/**
 * A parcel on its way: the first pickup makes the order SHIPPED. A store pickup put aside makes
 * it READY_FOR_PICKUP, and one not collected in time cancels it (NOT_COLLECTED).
 */
@Injectable()
@HandlesEvent('shipment.status-changed')
export class ShipmentStatusChangedHandler implements EventHandler<'shipment.status-changed'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle(
    { data }: EventEnvelope<'shipment.status-changed'>,
    tx: EntityManager,
  ): Promise<void> {
    // A parcel of a cancelled order goes CREATED → CANCELLED: that is no pickup.
    if (data.kind !== 'OUTBOUND') return;
    if (data.from === 'CREATED' && data.to === 'PICKED_UP')
      await this.journey.shipmentPickedUp(data.orderId, tx);
    if (data.to === 'READY_FOR_PICKUP')
      await this.journey.readyForPickup(data.orderId, data.shipmentId, data.collectBy, tx);
    if (data.to === 'PICKUP_EXPIRED') await this.journey.pickupNotCollected(data.orderId, tx);
  }
}

/** Every outbound parcel delivered → DELIVERED. */
@Injectable()
@HandlesEvent('shipment.delivered')
export class ShipmentDeliveredHandler implements EventHandler<'shipment.delivered'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'shipment.delivered'>, tx: EntityManager): Promise<void> {
    if (data.kind === 'OUTBOUND')
      await this.journey.shipmentDelivered(data.orderId, data.shipmentId, tx);
  }
}
