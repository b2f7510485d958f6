import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { InventoryService } from '../application/inventory.service';

/** stock.adjusted: refreshes the availability read model from the levels the event reports. */
@Injectable()
@HandlesEvent('stock.adjusted')
export class StockAdjustedHandler implements EventHandler<'stock.adjusted'> {
  constructor(private readonly inventory: InventoryService) {}

  handle(event: EventEnvelope<'stock.adjusted', EventData<'stock.adjusted'>>, tx: EntityManager): Promise<void> {
    return this.inventory.apply(tx, event.data.levels ?? [], event.occurredAt);
  }
}
