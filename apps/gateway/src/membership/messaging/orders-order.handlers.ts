import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderPaidV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { MemberTiersService } from '../application/member-tiers.service';

/** A paid order counts towards the customer's tier (its stream hears PAID from order-stream). */
@Injectable()
@HandlesEvent('order.paid')
export class OrderPaidHandler implements EventHandler<'order.paid'> {
  constructor(private readonly tiers: MemberTiersService) {}

  async handle(event: EventEnvelope<'order.paid', OrderPaidV1>, tx: EntityManager): Promise<void> {
    await this.tiers.recordPaidOrder(
      tx,
      event.data.orderId,
      event.data.customerId,
      event.data.total.amount,
    );
  }
}
