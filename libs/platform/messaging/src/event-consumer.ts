import type { DataSource, EntityManager } from 'typeorm';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
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
  /** Most events of a fetched batch handled in one transaction (1: each alone). Default 100. */
  readonly maxEventsPerTransaction?: number;
  readonly log?: {
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
}

/** Thrown by a message that can never be handled (not JSON, not an envelope): no retries. */
class PoisonMessageError extends Error {}

/** Events of one fetched batch handled in one transaction at most (bounds how long locks are held). */
const MAX_EVENTS_PER_TRANSACTION = 100;

/** A message of a batch with the event it carries and this group's handlers of its type. */
interface Delivery {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly envelope: EventEnvelope;
  readonly handlers: readonly EventHandler[];
}

type Span = ReturnType<typeof startSpan>;

/** A transactional handler failed on the batch's event at `index`. */
class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * Runs a consumer group: each event is handled in a transaction together with its inbox row, so a
 * redelivered event has no second effect. The events a fetch brought for one partition share one
 * transaction and one offset commit (under load a fetch holds many; one customer's event comes
 * alone, with no wait for company). Should that transaction fail, its events are handled again one
 * by one: a failing handler is retried with exponential backoff, and after `maxAttempts` its
 * message goes to `<group>.dlq` and the partition moves on.
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
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  /** Leaves the group after in-flight messages finish; their offsets are committed. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = undefined;
    this.dlqProducer = undefined;
  }

  /**
   * Walks a fetched batch in offset order. Consecutive events this group handles are gathered and
   * handled together; a message it does not handle (another service's type, a tombstone) waits in
   * the group, so an offset is resolved only once everything before it is handled.
   */
  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    let gathered: Delivery[] = [];
    let lastOffset: string | undefined;
    const settle = async () => {
      if (gathered.length > 0) await this.handleDeliveries(gathered, heartbeat);
      if (lastOffset !== undefined) resolveOffset(lastOffset);
      gathered = [];
      lastOffset = undefined;
    };
    for (const message of batch.messages) {
      // Stopping, or the partition went to another member: what is gathered comes again there.
      if (!isRunning() || isStale()) return;
      // The type header names what the value holds: another service's event is passed over unread.
      const typeHeader = headerText(message.headers, EVENT_HEADERS.type);
      if (typeHeader !== undefined && !this.options.handlers.has(typeHeader as EventType)) {
        lastOffset = message.offset;
        continue;
      }
      let envelope: EventEnvelope | undefined;
      try {
        envelope = message.value ? this.parse(message.value) : undefined;
      } catch (error) {
        await settle();
        await this.deadLetter(batch.topic, batch.partition, message, error as Error, 1);
        resolveOffset(message.offset);
        continue;
      }
      const handlers = envelope && this.handlersOf(envelope.type as EventType);
      if (envelope && handlers)
        gathered.push({
          topic: batch.topic,
          partition: batch.partition,
          message,
          envelope,
          handlers,
        });
      lastOffset = message.offset;
      if (gathered.length >= (this.options.maxEventsPerTransaction ?? MAX_EVENTS_PER_TRANSACTION))
        await settle();
    }
    await settle();
    await heartbeat();
  }

  private handlersOf(type: EventType): readonly EventHandler[] | undefined {
    const handler = this.options.handlers.get(type);
    if (!handler) return undefined; // other services' events on a shared topic
    return Array.isArray(handler)
      ? (handler as readonly EventHandler[])
      : [handler as EventHandler];
  }

  /**
   * Several events in one transaction, a lone one by itself. When a handler fails in the shared
   * transaction, the events before it are handled together again, it alone (the failure was its
   * first attempt), and those after it together; when the commit itself fails, each alone.
   */
  private async handleDeliveries(
    deliveries: readonly Delivery[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    if (deliveries.length === 1) return this.handleAlone(deliveries[0], heartbeat);
    let done: number;
    try {
      done = await this.handleTogether(deliveries);
    } catch (error) {
      const failed = error instanceof HandlerFailure ? error.index : undefined;
      this.options.log?.warn(
        {
          err: error instanceof HandlerFailure ? error.cause : error,
          eventId: failed === undefined ? undefined : deliveries[failed].envelope.id,
          events: deliveries.length,
        },
        'a batch of events failed; handling it again in parts',
      );
      if (failed === undefined) done = 0;
      else {
        await this.handleDeliveries(deliveries.slice(0, failed), heartbeat);
        await this.handleAlone(deliveries[failed], heartbeat, 2);
        return this.handleDeliveries(deliveries.slice(failed + 1), heartbeat);
      }
    }
    for (const delivery of deliveries.slice(done)) await this.handleAlone(delivery, heartbeat);
  }

  /**
   * One transaction for the batch's inbox rows and its transactional handlers, event after event,
   * each under its own trace context; then, in order, each event's after-commit effects and its
   * idempotent handlers. Answers how many events are done: all, or those before a failed
   * idempotent handler (which, handled alone, finds its transactional part a duplicate). A
   * transactional handler's failure is thrown as a {@link HandlerFailure} naming its event.
   */
  private async handleTogether(deliveries: readonly Delivery[]): Promise<number> {
    const spans = deliveries.map((delivery) => this.startSpan(delivery));
    const effects = deliveries.map(() => this.effectsCollector());
    let fresh: Set<string>;
    try {
      fresh = await this.dataSource.transaction(async (tx) => {
        const transactional = deliveries.filter((d) => d.handlers.some((h) => !h.idempotent));
        const inserted = new Set(await this.insertInboxRows(tx, transactional));
        const firstSeen = new Set<string>();
        for (const [i, delivery] of deliveries.entries()) {
          const { envelope } = delivery;
          if (!inserted.has(envelope.id) || firstSeen.has(envelope.id)) continue;
          firstSeen.add(envelope.id);
          try {
            await runWithContext(this.contextOf(delivery, spans[i]), async () => {
              for (const handler of delivery.handlers.filter((h) => !h.idempotent))
                await handler.handle(envelope as never, tx, effects[i].context);
            });
          } catch (error) {
            throw new HandlerFailure(i, error);
          }
        }
        return firstSeen;
      });
    } catch (error) {
      spans.forEach((span) => span.end({ error }));
      throw error;
    }
    for (const [i, delivery] of deliveries.entries()) {
      const transactional = delivery.handlers.some((h) => !h.idempotent);
      const handledNow = !transactional || fresh.delete(delivery.envelope.id);
      try {
        await runWithContext(this.contextOf(delivery, spans[i]), async () => {
          await this.runEffects(delivery.envelope, effects[i].list);
          await this.runIdempotentHandlers(delivery.envelope, delivery.handlers);
        });
      } catch (error) {
        // Handled alone from here, the committed ones are duplicates whose transactional
        // handlers (and so their after-commit effects) do not run again: run those effects now.
        for (const [j, later] of deliveries.entries()) {
          if (j > i) await this.runEffects(later.envelope, effects[j].list);
        }
        spans.slice(i).forEach((span) => span.end({ error }));
        return i;
      }
      handled.inc({ type: delivery.envelope.type, outcome: handledNow ? 'handled' : 'duplicate' });
      spans[i].end({ attributes: { 'emporium.duplicate': !handledNow } });
    }
    return deliveries.length;
  }

  /** Inserts the events' inbox rows; answers the ids that were not there yet. */
  private async insertInboxRows(tx: EntityManager, deliveries: readonly Delivery[]) {
    if (deliveries.length === 0) return [];
    // An event delivered twice in one batch gets one row.
    const types = new Map(deliveries.map(({ envelope }) => [envelope.id, envelope.type]));
    const rows: { event_id: string }[] = await tx.query(
      `INSERT INTO inbox (consumer_group, event_id, event_type)
       SELECT $1, event_id, event_type FROM unnest($2::text[], $3::text[]) AS e(event_id, event_type)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.options.groupId, [...types.keys()], [...types.values()]],
    );
    return rows.map((row) => row.event_id);
  }

  /** One event in its own transaction, retried with backoff, dead-lettered after `maxAttempts`. */
  private async handleAlone(
    delivery: Delivery,
    heartbeat: () => Promise<void>,
    firstAttempt = 1,
  ): Promise<void> {
    const { envelope } = delivery;
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = firstAttempt; ; attempt++) {
      try {
        const done = await this.handleOnce(delivery);
        handled.inc({ type: envelope.type, outcome: done ? 'handled' : 'duplicate' });
        return;
      } catch (error) {
        // The database being unreachable says nothing about the event: wait for it rather than
        // dead-letter events a saga needs (the partition waits, as it must to keep their order).
        if (attempt >= maxAttempts && !isInfrastructureOutage(error)) {
          handled.inc({ type: envelope.type, outcome: 'dead-lettered' });
          const { topic, partition, message } = delivery;
          await this.deadLetter(topic, partition, message, error as Error, attempt);
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
        await heartbeat();
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

  private startSpan({ envelope, message }: Delivery): Span {
    return startSpan(
      `${envelope.type} process`,
      'consumer',
      headerText(message.headers, EVENT_HEADERS.traceparent),
      {
        'messaging.system': 'kafka',
        'messaging.consumer.group.name': this.options.groupId,
        'messaging.message.id': envelope.id,
      },
    );
  }

  private contextOf({ envelope, message }: Delivery, span: Span) {
    return {
      requestId: headerText(message.headers, EVENT_HEADERS.requestId) ?? envelope.correlationId,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
      traceparent: span.traceparent,
    };
  }

  /** Handles the event once; false when the inbox shows it was already handled. */
  private async handleOnce(delivery: Delivery) {
    const span = this.startSpan(delivery);
    try {
      const handled = await this.runHandlers(
        delivery.envelope,
        delivery.handlers,
        this.contextOf(delivery, span),
      );
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
    return runWithContext(context, async () => {
      let fresh = true;
      if (transactional.length > 0) {
        const effects = this.effectsCollector();
        fresh = await this.inInboxTransaction(envelope, transactional, effects.context);
        await this.runEffects(envelope, effects.list);
      }
      await this.runIdempotentHandlers(envelope, handlers);
      return fresh;
    });
  }

  private async runIdempotentHandlers(envelope: EventEnvelope, handlers: readonly EventHandler[]) {
    for (const handler of handlers.filter((h) => h.idempotent)) {
      const effects = this.effectsCollector();
      await handler.handle(envelope as never, this.dataSource.manager, effects.context);
      await this.runEffects(envelope, effects.list);
    }
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

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: Error,
    attempts: number,
  ) {
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
