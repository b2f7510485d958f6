import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReadModelsService } from '../application/read-models.service';

/** A parcel left a warehouse (or a return parcel was created). */
@Injectable()
@HandlesEvent('shipment.created')
export class ShipmentCreatedHandler implements EventHandler<'shipment.created'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'shipment.created'>, tx: EntityManager) {
    await this.readModels.shipmentCreated(tx, data);
  }
}

/** A tracking step; FAILED_ATTEMPT opens a system ticket. */
@Injectable()
@HandlesEvent('shipment.status-changed')
export class ShipmentStatusChangedHandler implements EventHandler<'shipment.status-changed'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'shipment.status-changed'>, tx: EntityManager) {
    await this.readModels.shipmentStatus(tx, { ...data, at: data.at ?? occurredAt });
  }
}

/** Delivered (the status event says the same; this one may arrive alone). */
@Injectable()
@HandlesEvent('shipment.delivered')
export class ShipmentDeliveredHandler implements EventHandler<'shipment.delivered'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'shipment.delivered'>, tx: EntityManager) {
    await this.readModels.shipmentStatus(tx, {
      shipmentId: data.shipmentId,
      orderId: data.orderId,
      kind: data.kind,
      to: 'DELIVERED',
      at: data.deliveredAt,
    });
  }
}
