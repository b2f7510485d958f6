import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, OrderPaidV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler, type HandlerContext } from '@emporium/platform-messaging';
import { MemberTiersService } from '../application/member-tiers.service';
import { OrderStatusFeed } from '../application/order-status-feed';
import { statusUpdateOf } from '../domain/order-status-stream';

/** A paid order counts towards the customer's tier, and its stream hears PAID. */
@Injectable()
@HandlesEvent('order.paid')
export class OrderPaidHandler implements EventHandler<'order.paid'> {
  constructor(
    private readonly tiers: MemberTiersService,
    private readonly feed: OrderStatusFeed,
  ) {}

  async handle(event: EventEnvelope<'order.paid', OrderPaidV1>, tx: EntityManager, context: HandlerContext): Promise<void> {
    await this.tiers.recordPaidOrder(tx, event.data.orderId, event.data.customerId, event.data.total.amount);
    // Streams hear PAID only once it is committed: a rolled-back attempt must not announce it.
    const update = statusUpdateOf('order.paid', event.occurredAt, event.data);
    context.afterCommit(() => this.feed.publish(event.subject, update));
  }
}
