import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, ReturnApprovedV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ShipmentsService } from '../application/shipments.service';

/** Journey step 7: an approved return is fetched back to the warehouses that shipped it. */
@Injectable()
@HandlesEvent('return.approved')
export class ReturnApprovedHandler implements EventHandler<'return.approved'> {
  constructor(private readonly shipments: ShipmentsService) {}

  async handle({ data }: EventEnvelope<'return.approved', ReturnApprovedV1>, tx: EntityManager) {
    await this.shipments.createForApprovedReturn(data, tx);
  }
}
