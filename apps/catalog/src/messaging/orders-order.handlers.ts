import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { SalesService } from '../application/sales.service';

/** order.paid: counts the units sold, which ranks "best selling". */
@Injectable()
@HandlesEvent('order.paid')
export class OrderPaidHandler implements EventHandler<'order.paid'> {
  constructor(private readonly sales: SalesService) {}

  handle(
    event: EventEnvelope<'order.paid', EventData<'order.paid'>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.sales.recordPaid(tx, event.data);
  }
}

/** order.delivered: the customer may now review each product of the order. */
@Injectable()
@HandlesEvent('order.delivered')
export class OrderDeliveredHandler implements EventHandler<'order.delivered'> {
  constructor(private readonly sales: SalesService) {}

  handle(
    event: EventEnvelope<'order.delivered', EventData<'order.delivered'>>,
    tx: EntityManager,
  ): Promise<void> {
    return this.sales.recordDelivered(tx, event.data);
  }
}
