import type { DataSource } from 'typeorm';
import type { Consumer, EachMessagePayload, IHeaders, Kafka, Producer } from 'kafkajs';
import {
  EVENT_HEADERS,
  dlqTopicOf,
  isEventEnvelope,
  topicOf,
  type EventEnvelope,
  type EventType,
} from '@emporium/contracts';
import { counter, gauge, runWithContext, startSpan } from '@emporium/platform-observability';
import { isInfrastructureOutage } from '@emporium/platform-persistence';
import { partitioner } from './kafka';
import type { EventHandler, HandlerContext } from './handles-event';

const handled = counter('events_handled_total', 'Consumed events by type and outcome', [
  'type',
  'outcome',
]);
const deadLettered = counter(
  'emporium_dlq_messages_total',
  'Messages sent to a dead-letter topic',
  ['group', 'topic'],
);
const lag = gauge(
  'emporium_consumer_lag_messages',
  'Messages behind the partition end after the last batch',
  ['group', 'topic', 'partition'],
);

/** How a consumer group reads, retries and dead-letters. */
export interface EventConsumerOptions {
  readonly groupId: string;
  /** Each type's handler, or handlers: the transactional ones share one inbox transaction. */
  readonly handlers: ReadonlyMap<EventType, EventHandler | readonly EventHandler[]>;
  /** Attempts before a message goes to `<group>.dlq`. */
  readonly maxAttempts?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly sessionTimeoutMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly log?: {
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
}

/** Thrown by a message that can never be handled (not JSON, not an envelope): no retries. */
class PoisonMessageError extends Error {}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * Runs a consumer group: each event is handled in one transaction together with its inbox row,
 * so a redelivered event has no second effect. A failing handler is retried with exponential
 * backoff; after `maxAttempts` the message goes to `<group>.dlq` and the partition moves on.
 */
export class EventConsumer {
  private consumer?: Consumer;
  private dlqProducer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly options: EventConsumerOptions,
  ) {}

  /** The topics the handled event types are published on. */
  get topics(): string[] {
    return [...new Set([...this.options.handlers.keys()].map(topicOf))];
  }

  /** Joins the group and starts consuming; new groups begin at the earliest offset. */
  async start(): Promise<void> {
    if (this.options.handlers.size === 0) return;
    this.dlqProducer = this.kafka.producer({ createPartitioner: partitioner, idempotent: true });
    await this.dlqProducer.connect();
    this.consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, (this.options.sessionTimeoutMs ?? 30_000) / 3),
      // Fetches still return as soon as data arrives; a shorter long-poll bounds how long a
      // graceful stop waits for the fetch in flight.
      maxWaitTimeInMs: 1_000,
    });
    const group = this.options.groupId;
    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) =>
      lag.set(
        { group, topic: payload.topic, partition: String(payload.partition) },
        Number(payload.offsetLag),
      ),
    );
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: (payload) => this.consume(payload),
    });
  }

  /** Leaves the group after in-flight messages finish; their offsets are committed. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = undefined;
    this.dlqProducer = undefined;
  }

  private async consume(payload: EachMessagePayload): Promise<void> {
    const { message } = payload;
    if (!message.value) return; // a tombstone carries no event
    let envelope: EventEnvelope;
    try {
      envelope = this.parse(message.value);
    } catch (error) {
      await this.deadLetter(payload, error as Error, 1);
      return;
    }
    const handler = this.options.handlers.get(envelope.type as EventType);
    if (!handler) return; // other services' events on a shared topic
    const handlers = Array.isArray(handler)
      ? (handler as readonly EventHandler[])
      : [handler as EventHandler];
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await this.handleOnce(envelope, handlers, message.headers);
        handled.inc({ type: envelope.type, outcome: done ? 'handled' : 'duplicate' });
        return;
      } catch (error) {
        // The database being unreachable says nothing about the event: wait for it rather than
        // dead-letter events a saga needs (the partition waits, as it must to keep their order).
        if (attempt >= maxAttempts && !isInfrastructureOutage(error)) {
          handled.inc({ type: envelope.type, outcome: 'dead-lettered' });
          await this.deadLetter(payload, error as Error, attempt);
          return;
        }
        const backoff = Math.min(
          (this.options.initialBackoffMs ?? 100) * 2 ** (attempt - 1),
          this.options.maxBackoffMs ?? 5_000,
        );
        this.options.log?.warn(
          { err: error, eventId: envelope.id, type: envelope.type, attempt, retryInMs: backoff },
          'event handler failed; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, backoff));
        await payload.heartbeat();
      }
    }
  }

  private parse(value: Buffer): EventEnvelope {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch {
      throw new PoisonMessageError('The message value is not JSON');
    }
    if (!isEventEnvelope(parsed))
      throw new PoisonMessageError('The message is not an event envelope');
    return parsed;
  }

  /** Handles the event once; false when the inbox shows it was already handled. */
  private async handleOnce(
    envelope: EventEnvelope,
    handlers: readonly EventHandler[],
    headers?: IHeaders,
  ) {
    const span = startSpan(
      `${envelope.type} process`,
      'consumer',
      headerText(headers, EVENT_HEADERS.traceparent),
      {
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': this.options.groupId,
        'messaging.message.id': envelope.id,
      },
    );
    const context = {
      requestId: headerText(headers, EVENT_HEADERS.requestId) ?? envelope.correlationId,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
      traceparent: span.traceparent,
    };
    try {
      const handled = await this.runHandlers(envelope, handlers, context);
      span.end({ attributes: { 'emporium.duplicate': !handled } });
      return handled;
    } catch (error) {
      span.end({ error });
      throw error;
    }
  }

  /**
   * The transactional handlers in one transaction with the event's inbox row (false when already
   * handled), then the idempotent ones directly, also after a duplicate: their effect may be what
   * a crash or a failure of theirs left undone. A handler's after-commit effects run once its own
   * part has succeeded: those of the transactional ones after the commit, before the idempotent ones.
   */
  private async runHandlers(
    envelope: EventEnvelope,
    handlers: readonly EventHandler[],
    context: Parameters<typeof runWithContext>[0],
  ) {
    const transactional = handlers.filter((handler) => !handler.idempotent);
    const idempotent = handlers.filter((handler) => handler.idempotent);
    return runWithContext(context, async () => {
      let fresh = true;
      if (transactional.length > 0) {
        const effects = this.effectsCollector();
        fresh = await this.inInboxTransaction(envelope, transactional, effects.context);
        await this.runEffects(envelope, effects.list);
      }
      for (const handler of idempotent) {
        const effects = this.effectsCollector();
        await handler.handle(envelope as never, this.dataSource.manager, effects.context);
        await this.runEffects(envelope, effects.list);
      }
      return fresh;
    });
  }

  private effectsCollector() {
    const list: (() => Promise<void> | void)[] = [];
    const context: HandlerContext = { afterCommit: (effect) => void list.push(effect) };
    return { list, context };
  }

  private inInboxTransaction(
    envelope: EventEnvelope,
    handlers: readonly EventHandler[],
    context: HandlerContext,
  ) {
    return this.dataSource.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO inbox (consumer_group, event_id, event_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.groupId, envelope.id, envelope.type],
      );
      if (inserted.length === 0) return false;
      for (const handler of handlers) await handler.handle(envelope as never, tx, context);
      return true;
    });
  }

  // The event is handled for good: a failed effect is not retried (the inbox would skip it anyway).
  private async runEffects(envelope: EventEnvelope, effects: (() => Promise<void> | void)[]) {
    for (const effect of effects) {
      try {
        await effect();
      } catch (error) {
        this.options.log?.warn(
          { err: error, eventId: envelope.id, type: envelope.type },
          'after-commit effect failed',
        );
      }
    }
  }

  private async deadLetter(payload: EachMessagePayload, error: Error, attempts: number) {
    const { topic, partition, message } = payload;
    const dlq = dlqTopicOf(this.options.groupId);
    this.options.log?.error(
      { err: error, topic, partition, offset: message.offset, attempts, dlq },
      'message dead-lettered',
    );
    // If this send fails the error propagates, the offset is not committed, and the message
    // comes back: nothing is dropped silently.
    await this.dlqProducer!.send({
      topic: dlq,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq-error': error.message.slice(0, 1_000),
            'dlq-attempts': String(attempts),
            'dlq-consumer-group': this.options.groupId,
            'dlq-original-topic': topic,
            'dlq-original-partition': String(partition),
            'dlq-original-offset': message.offset,
            'dlq-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
    deadLettered.inc({ group: this.options.groupId, topic });
  }
}
