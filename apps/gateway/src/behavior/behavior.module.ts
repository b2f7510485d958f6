import { Module } from '@nestjs/common';
import { BehaviorService } from './application/behavior.service';
import { EventsController } from './http/events.controller';

/** Storefront behaviour intake: batches of views, searches and clicks become behavior.recorded. */
@Module({
  controllers: [EventsController],
  providers: [BehaviorService],
})
export class BehaviorModule {}
