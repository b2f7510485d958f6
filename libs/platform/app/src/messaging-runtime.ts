import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { TOPICS, dlqTopicOf, type EventType, type Topic } from '@emporium/contracts';
import {
  EventConsumer,
  HANDLES_EVENT,
  OutboxRelay,
  ensureTopics,
  partitioner,
  type EventHandler,
} from '@emporium/platform-messaging';
import { databaseUrl } from '@emporium/platform-persistence';
import { KAFKA, ROOT_LOGGER, SERVICE_DEFINITION, type ServiceDefinition } from './service-definition';
import { databaseNameOf } from './database-name';

/**
 * Runs the service's side of Kafka: the outbox relay and the consumer group of its
 * `@HandlesEvent` providers. Starts in the background (the service answers /healthz while Kafka is
 * still unreachable, and /readyz tells), and drains on shutdown.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private producer?: Producer;
  private relay?: OutboxRelay;
  private consumer?: EventConsumer;
  private starting?: Promise<void>;
  private stopping = false;
  private started = false;
  private readonly log: Logger;

  constructor(
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(ROOT_LOGGER) logger: Logger,
    private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
  ) {
    this.log = logger.child({ component: 'messaging' });
  }

  /** True once the relay runs and the consumer group is joined. */
  get isStarted(): boolean {
    return this.started;
  }

  onApplicationBootstrap(): void {
    const { config, name } = this.service;
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: partitioner,
    });
    this.relay = new OutboxRelay(this.dataSource, this.producer, {
      listenUrl: databaseUrl(config.DATABASE_URL, databaseNameOf(this.service)),
      log: this.log,
    });
    this.consumer = new EventConsumer(this.kafka, this.dataSource, {
      groupId: config.KAFKA_GROUP_ID ?? name,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      partitionsConsumedConcurrently: config.KAFKA_CONSUMER_CONCURRENCY,
      handlers: this.discoverHandlers(),
      log: this.log,
      ...this.service.consumer,
    });
    this.starting = this.startWithRetries();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A start stuck on an unreachable broker must not hold up the shutdown.
    await Promise.race([this.starting, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await this.consumer?.stop();
    await this.relay?.stop();
    await this.producer?.disconnect();
  }

  private async startWithRetries(): Promise<void> {
    for (let delay = 250; !this.stopping; delay = Math.min(delay * 2, 5_000)) {
      try {
        await this.start();
        this.started = !this.stopping;
        return;
      } catch (error) {
        this.log.warn({ err: error, retryInMs: delay }, 'Kafka not reachable yet; retrying');
        await this.consumer?.stop().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async start(): Promise<void> {
    const { name, config } = this.service;
    const produced = (Object.keys(TOPICS) as Topic[]).filter((t) => TOPICS[t].producer === name);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const groupId = config.KAFKA_GROUP_ID ?? name;
      const topics = [...produced, ...this.consumer!.topics, dlqTopicOf(groupId)];
      await ensureTopics(admin, topics, config.KAFKA_TOPIC_PARTITIONS);
    } finally {
      await admin.disconnect();
    }
    await this.producer!.connect();
    if (this.stopping) return;
    await this.relay!.start();
    await this.consumer!.start();
  }

  private discoverHandlers(): Map<EventType, EventHandler> {
    const handlers = new Map<EventType, EventHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const type = Reflect.getMetadata(HANDLES_EVENT, metatype) as EventType | undefined;
      if (!type) continue;
      if (handlers.has(type)) throw new Error(`Two handlers for ${type} in ${this.service.name}`);
      handlers.set(type, instance as EventHandler);
    }
    return handlers;
  }
}
