import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import {
  TOPICS,
  dlqTopicOf,
  type EventEnvelope,
  type EventType,
  type Topic,
} from '@emporium/contracts';
import { KAFKA, ROOT_LOGGER, ReportsReadiness, type ReadinessProbe } from '@emporium/platform-app';
import { EventConsumer, ensureTopics, type EventHandler } from '@emporium/platform-messaging';
import { WebhooksService } from '../application/webhooks.service';
import { GATEWAY_CONFIG } from '../application/tokens';
import type { GatewayConfig } from '../config';

/** The webhooks' consumer group: `gateway-webhooks` (or `<KAFKA_GROUP_ID>-webhooks`). */
export function webhooksGroupOf(config: GatewayConfig): string {
  return `${config.KAFKA_GROUP_ID ?? 'gateway'}-webhooks`;
}

/**
 * Feeds outbound webhooks from every topic through a consumer group of its own, so a slow or
 * failing webhook path never holds up the gateway's other handlers (and vice versa). Its handler
 * only records deliveries (the scheduler sends them), without an inbox: a delivery is unique per
 * subscription and event. Failures are retried, then go to its DLQ.
 */
@Injectable()
@ReportsReadiness('webhooks')
export class WebhookDispatcher
  implements EventHandler, ReadinessProbe, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private consumer?: EventConsumer;
  private starting?: Promise<void>;
  private stopping = false;
  private started = false;
  private readonly log: Logger;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ROOT_LOGGER) logger: Logger,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksService,
  ) {
    this.log = logger.child({ component: 'webhooks-consumer' });
  }

  /** Ready once the consumer group is joined. */
  ready(): void {
    if (!this.started) throw new Error('the webhooks consumer group is not joined yet');
  }

  /** A delivery row is unique per subscription and event, so a redelivered event adds none. */
  readonly idempotent = true;

  async handle(event: EventEnvelope, db: EntityManager): Promise<void> {
    await this.webhooks.enqueue(db, event);
  }

  onApplicationBootstrap(): void {
    const types = (Object.keys(TOPICS) as Topic[]).flatMap(
      (topic) => TOPICS[topic].events as readonly EventType[],
    );
    this.consumer = new EventConsumer(this.kafka, this.dataSource, {
      groupId: webhooksGroupOf(this.config),
      handlers: new Map<EventType, EventHandler>(types.map((type) => [type, this])),
      log: this.log,
    });
    this.starting = this.startWithRetries();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A start stuck on an unreachable broker must not hold up the shutdown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.starting,
      new Promise((resolve) => (timer = setTimeout(resolve, 2_000))),
    ]);
    clearTimeout(timer);
    await this.consumer?.stop();
  }

  private async startWithRetries(): Promise<void> {
    for (let delay = 250; !this.stopping; delay = Math.min(delay * 2, 5_000)) {
      try {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          const topics = [...this.consumer!.topics, dlqTopicOf(webhooksGroupOf(this.config))];
          await ensureTopics(admin, topics, this.config.KAFKA_TOPIC_PARTITIONS);
        } finally {
          await admin.disconnect();
        }
        if (this.stopping) return;
        await this.consumer!.start();
        this.started = !this.stopping;
        return;
      } catch (error) {
        this.log.warn(
          { err: error, retryInMs: delay },
          'Kafka not reachable yet for webhooks; retrying',
        );
        await this.consumer?.stop().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
