import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReturnsService } from '../application/returns.service';

/** Journey step 7: when a return's last parcel is restocked, its refund is asked for. */
@Injectable()
@HandlesEvent('stock.restocked')
export class StockRestockedHandler implements EventHandler<'stock.restocked'> {
  constructor(private readonly returns: ReturnsService) {}

  async handle({ data }: EventEnvelope<'stock.restocked'>, tx: EntityManager): Promise<void> {
    if (data.returnId && data.returnComplete) await this.returns.received(data.returnId, tx);
  }
}
