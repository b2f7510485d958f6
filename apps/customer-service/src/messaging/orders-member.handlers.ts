import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReadModelsService } from '../application/read-models.service';

/** A customer's member tier changed. */
@Injectable()
@HandlesEvent('customer.tier-changed')
export class CustomerTierChangedHandler implements EventHandler<'customer.tier-changed'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'customer.tier-changed'>, tx: EntityManager) {
    await this.readModels.customer(tx, { id: data.customerId, memberTier: data.to });
  }
}
