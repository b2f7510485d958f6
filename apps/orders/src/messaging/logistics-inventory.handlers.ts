import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { OrderJourneyService } from '../application/order-journey.service';
import { ReturnsService } from '../application/returns.service';

/** Journey step 3: stock held → the order awaits its payment. */
@Injectable()
@HandlesEvent('stock.reserved')
export class StockReservedHandler implements EventHandler<'stock.reserved'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'stock.reserved'>, tx: EntityManager): Promise<void> {
    await this.journey.stockReserved(data.orderId, tx);
  }
}

/** Journey step 3, failed: the order is cancelled as OUT_OF_STOCK. */
@Injectable()
@HandlesEvent('stock.reservation-failed')
export class StockReservationFailedHandler implements EventHandler<'stock.reservation-failed'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle(
    { data }: EventEnvelope<'stock.reservation-failed'>,
    tx: EntityManager,
  ): Promise<void> {
    await this.journey.stockReservationFailed(data.orderId, tx);
  }
}

/** Journey step 7: when a return's last parcel is restocked, its refund is asked for. */
@Injectable()
@HandlesEvent('stock.restocked')
export class StockRestockedHandler implements EventHandler<'stock.restocked'> {
  constructor(private readonly returns: ReturnsService) {}

  async handle({ data }: EventEnvelope<'stock.restocked'>, tx: EntityManager): Promise<void> {
    if (data.returnId && data.returnComplete) await this.returns.received(data.returnId, tx);
  }
}
