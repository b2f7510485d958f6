import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TOPICS, type EventEnvelope, type EventType, type Topic } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { WebhooksService } from '../application/webhooks.service';

/** Every event type of every topic: a subscription may ask for any of them. */
const EVERY_EVENT_TYPE = (Object.keys(TOPICS) as Topic[]).flatMap(
  (topic) => TOPICS[topic].events as readonly EventType[],
) as [EventType, ...EventType[]];

/**
 * Feeds outbound webhooks from every topic through a consumer group of its own,
 * `gateway-webhooks` (or `<KAFKA_GROUP_ID>-webhooks`), so a slow or failing webhook path never
 * holds up the gateway's other handlers (and vice versa); /readyz reports it as `webhooks`. It only
 * records deliveries (the scheduler sends them), without an inbox: a delivery row is unique per
 * subscription and event, so a redelivered event adds none. Failures are retried, then go to its DLQ.
 */
@Injectable()
@HandlesEvent(...EVERY_EVENT_TYPE, { group: 'webhooks' })
export class WebhookEventsHandler implements EventHandler {
  readonly idempotent = true;

  constructor(private readonly webhooks: WebhooksService) {}

  async handle(event: EventEnvelope, db: EntityManager): Promise<void> {
    await this.webhooks.enqueue(db, event);
  }
}
