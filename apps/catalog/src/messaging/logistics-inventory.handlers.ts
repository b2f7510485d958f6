import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { InventoryService } from '../application/inventory.service';

/** stock.reserved: refreshes the availability read model from the levels the event reports. */
@Injectable()
@HandlesEvent('stock.reserved')
export class StockReservedHandler implements EventHandler<'stock.reserved'> {
  constructor(private readonly inventory: InventoryService) {}

  handle(
    event: EventEnvelope<'stock.reserved', EventData<'stock.reserved'>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.inventory.apply(tx, event.data.levels ?? [], event.occurredAt);
  }
}

/** stock.committed: refreshes the availability read model from the levels the event reports. */
@Injectable()
@HandlesEvent('stock.committed')
export class StockCommittedHandler implements EventHandler<'stock.committed'> {
  constructor(private readonly inventory: InventoryService) {}

  handle(
    event: EventEnvelope<'stock.committed', EventData<'stock.committed'>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.inventory.apply(tx, event.data.levels ?? [], event.occurredAt);
  }
}

/** stock.released: refreshes the availability read model from the levels the event reports. */
@Injectable()
@HandlesEvent('stock.released')
export class StockReleasedHandler implements EventHandler<'stock.released'> {
  constructor(private readonly inventory: InventoryService) {}

  handle(
    event: EventEnvelope<'stock.released', EventData<'stock.released'>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.inventory.apply(tx, event.data.levels ?? [], event.occurredAt);
  }
}

/** stock.restocked: refreshes the availability read model from the levels the event reports. */
@Injectable()
@HandlesEvent('stock.restocked')
export class StockRestockedHandler implements EventHandler<'stock.restocked'> {
  constructor(private readonly inventory: InventoryService) {}

  handle(
    event: EventEnvelope<'stock.restocked', EventData<'stock.restocked'>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.inventory.apply(tx, event.data.levels ?? [], event.occurredAt);
  }
}

/** stock.adjusted: refreshes the availability read model from the levels the event reports. */
@Injectable()
@HandlesEvent('stock.adjusted')
export class StockAdjustedHandler implements EventHandler<'stock.adjusted'> {
  constructor(private readonly inventory: InventoryService) {}

  handle(
    event: EventEnvelope<'stock.adjusted', EventData<'stock.adjusted'>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.inventory.apply(tx, event.data.levels ?? [], event.occurredAt);
  }
}
