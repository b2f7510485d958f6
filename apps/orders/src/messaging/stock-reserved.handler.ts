import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { OrderJourneyService } from '../application/order-journey.service';

/** Journey step 3: stock held → the order awaits its payment. */
@Injectable()
@HandlesEvent('stock.reserved')
export class StockReservedHandler implements EventHandler<'stock.reserved'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'stock.reserved'>, tx: EntityManager): Promise<void> {
    await this.journey.stockReserved(data.orderId, tx);
  }
}
