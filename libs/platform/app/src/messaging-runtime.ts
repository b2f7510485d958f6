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
  OutboxRelay,
  ensureTopics,
  handledEventsOf,
  partitioner,
  type EventHandler,
} from '@emporium/platform-messaging';
import { databaseUrl } from '@emporium/platform-persistence';
import {
  KAFKA,
  ROOT_LOGGER,
  SERVICE_DEFINITION,
  type ServiceDefinition,
} from './service-definition';
import { databaseNameOf } from './database-name';

/** A consumer group's handlers: each event type's, in the order Nest lists the providers. */
type GroupHandlers = Map<EventType, EventHandler[]>;

/**
 * Runs the service's side of Kafka: the outbox relay, the consumer group of its `@HandlesEvent`
 * providers, and a group of its own for each `@HandlesEvent(..., { group })` name. Starts in the
 * background (the service answers /healthz while Kafka is still unreachable, and /readyz tells),
 * and drains on shutdown.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private producer?: Producer;
  private relay?: OutboxRelay;
  private consumer?: EventConsumer;
  /** The service's further consumer groups by the name their handlers gave. */
  private readonly groups = new Map<string, EventConsumer>();
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

  /** The names of the service's further consumer groups, which `/readyz` reports one by one. */
  get groupNames(): string[] {
    return [...this.groups.keys()];
  }

  /** Throws unless the further consumer group `name` has joined. */
  groupReady(name: string): void {
    if (!this.started || !this.groups.has(name))
      throw new Error(`the ${name} consumer group is not joined yet`);
  }

  onApplicationBootstrap(): void {
    const { config } = this.service;
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: partitioner,
    });
    this.relay = new OutboxRelay(this.dataSource, this.producer, {
      listenUrl: databaseUrl(config.DATABASE_URL, databaseNameOf(this.service)),
      log: this.log,
    });
    const handlers = this.discoverHandlers();
    this.consumer = this.consumerOf(this.groupId, handlers.get(undefined) ?? new Map());
    for (const [group, groupHandlers] of handlers) {
      if (group !== undefined)
        this.groups.set(group, this.consumerOf(`${this.groupId}-${group}`, groupHandlers));
    }
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
    await this.stopConsumers();
    await this.relay?.stop();
    await this.producer?.disconnect();
  }

  private get groupId(): string {
    return this.service.config.KAFKA_GROUP_ID ?? this.service.name;
  }

  private consumerOf(groupId: string, handlers: GroupHandlers): EventConsumer {
    const { config } = this.service;
    return new EventConsumer(this.kafka, this.dataSource, {
      groupId,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      partitionsConsumedConcurrently: config.KAFKA_CONSUMER_CONCURRENCY,
      handlers,
      log: groupId === this.groupId ? this.log : this.log.child({ group: groupId }),
      ...this.service.consumer,
    });
  }

  private async stopConsumers(): Promise<void> {
    await Promise.all([this.consumer, ...this.groups.values()].map((consumer) => consumer?.stop()));
  }

  private async startWithRetries(): Promise<void> {
    for (let delay = 250; !this.stopping; delay = Math.min(delay * 2, 5_000)) {
      try {
        await this.start();
        this.started = !this.stopping;
        return;
      } catch (error) {
        this.log.warn({ err: error, retryInMs: delay }, 'Kafka not reachable yet; retrying');
        await this.stopConsumers().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async start(): Promise<void> {
    const { name, config } = this.service;
    const produced = (Object.keys(TOPICS) as Topic[]).filter((t) => TOPICS[t].producer === name);
    const consumers = [this.consumer!, ...this.groups.values()];
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const consumed = consumers.flatMap((consumer) => consumer.topics);
      const dlqs = [
        this.groupId,
        ...[...this.groups.keys()].map((group) => `${this.groupId}-${group}`),
      ].map(dlqTopicOf);
      await ensureTopics(
        admin,
        [...new Set([...produced, ...consumed, ...dlqs])],
        config.KAFKA_TOPIC_PARTITIONS,
      );
    } finally {
      await admin.disconnect();
    }
    await this.producer!.connect();
    if (this.stopping) return;
    await this.relay!.start();
    for (const consumer of consumers) {
      if (this.stopping) return;
      await consumer.start();
    }
  }

  /** Every `@HandlesEvent` provider, by its group (undefined: the service's own) and event type. */
  private discoverHandlers(): Map<string | undefined, GroupHandlers> {
    const groups = new Map<string | undefined, GroupHandlers>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const handled = handledEventsOf(metatype);
      if (!handled) continue;
      const byType = groups.get(handled.group) ?? new Map<EventType, EventHandler[]>();
      groups.set(handled.group, byType);
      for (const type of handled.types)
        byType.set(type, [...(byType.get(type) ?? []), instance as EventHandler]);
    }
    return groups;
  }
}
