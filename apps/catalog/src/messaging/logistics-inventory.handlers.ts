import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { InventoryService } from '../application/inventory.service';

/** Every inventory event that reports stock levels. */
type StockLevelEvent =
  'stock.reserved' | 'stock.committed' | 'stock.released' | 'stock.restocked' | 'stock.adjusted';

/** Refreshes the availability read model from the levels any inventory event reports. */
@Injectable()
@HandlesEvent(
  'stock.reserved',
  'stock.committed',
  'stock.released',
  'stock.restocked',
  'stock.adjusted',
)
export class StockLevelsHandler implements EventHandler<StockLevelEvent> {
  constructor(private readonly inventory: InventoryService) {}

  handle(
    event: EventEnvelope<StockLevelEvent, EventData<StockLevelEvent>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.inventory.apply(tx, event.data.levels ?? [], event.occurredAt);
  }
}
