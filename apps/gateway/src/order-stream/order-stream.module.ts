import { Module } from '@nestjs/common';
import { EdgeModule } from '../edge/edge.module';
import { IdentityModule } from '../identity/identity.module';
import { OrderStatusFeed } from './application/order-status-feed';
import { OrderStreamSlots } from './application/order-stream-slots';
import { OrderStreamController } from './http/order-stream.controller';
import { OrderStatusHandler } from './messaging/orders-order.handlers';
import { ReturnStatusHandler } from './messaging/orders-return.handlers';

/** An order's live status over Server-Sent Events, fed by the order and return events. */
@Module({
  imports: [EdgeModule, IdentityModule],
  controllers: [OrderStreamController],
  providers: [OrderStatusFeed, OrderStreamSlots, OrderStatusHandler, ReturnStatusHandler],
})
export class OrderStreamModule {}
