import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { OrderJourneyService } from '../application/order-journey.service';

/** Journey step 3, failed: the order is cancelled as OUT_OF_STOCK. */
@Injectable()
@HandlesEvent('stock.reservation-failed')
export class StockReservationFailedHandler implements EventHandler<'stock.reservation-failed'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'stock.reservation-failed'>, tx: EntityManager): Promise<void> {
    await this.journey.stockReservationFailed(data.orderId, tx);
  }
}
