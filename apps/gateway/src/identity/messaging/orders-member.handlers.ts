import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { IdentityService } from '../application/identity.service';

/** The account keeps the member tier the orders service ranked, for the tokens it signs. */
@Injectable()
@HandlesEvent('customer.tier-changed')
export class TierChangedHandler implements EventHandler<'customer.tier-changed'> {
  constructor(private readonly identity: IdentityService) {}

  async handle({ data }: EventEnvelope<'customer.tier-changed'>, tx: EntityManager): Promise<void> {
    await this.identity.tierChanged(tx, data.customerId, data.to);
  }
}
