import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  EVENT_HEADERS,
  TOPICS,
  isEventType,
  topicOf,
  type EventData,
  type EventEnvelope,
  type EventType,
} from '@emporium/contracts';
import { currentContext, startSpan } from '@emporium/platform-observability';

/** The Postgres channel the relay listens on; notified when an outbox write commits. */
export const OUTBOX_CHANNEL = 'emporium_outbox';

/** An event to publish: the envelope's other fields are filled from the current context. */
export interface NewEvent<T extends EventType> {
  readonly type: T;
  readonly version?: number;
  /** The aggregate id; also the Kafka key unless `key` is given. */
  readonly subject: string;
  /**
   * The Kafka key when it is not the subject: events with one key stay in order (payments key
   * a payment's events by its order, so one order's payments keep their order).
   */
  readonly key?: string;
  readonly data: EventData<T>;
  /** Overrides the inherited journey id (an order's journey is correlated by its id). */
  readonly correlationId?: string;
}

/**
 * Writes `event` to the outbox in the caller's transaction, so it is published if and only if the
 * transaction commits. Returns the envelope that will be published.
 */
export async function writeOutbox<T extends EventType>(
  tx: EntityManager,
  event: NewEvent<T>,
): Promise<EventEnvelope<T, EventData<T>>> {
  if (!isEventType(event.type)) throw new RangeError(`Unknown event type ${String(event.type)}`);
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
    throw new TypeError(`The data of ${event.type} must be a JSON object`);
  }
  const context = currentContext();
  const id = randomUUID();
  const topic = topicOf(event.type);
  const envelope: EventEnvelope<T, EventData<T>> = {
    id,
    type: event.type,
    version: event.version ?? 1,
    source: TOPICS[topic].producer,
    subject: event.subject,
    occurredAt: new Date().toISOString(),
    correlationId: event.correlationId ?? context?.correlationId ?? context?.requestId ?? id,
    causationId: context?.causationId ?? context?.requestId ?? id,
    data: event.data,
  };
  const headers: Record<string, string> = {
    [EVENT_HEADERS.type]: envelope.type,
    [EVENT_HEADERS.version]: String(envelope.version),
    [EVENT_HEADERS.contentType]: 'application/json',
    [EVENT_HEADERS.traceparent]: publishSpan(envelope, topic, context?.traceparent),
  };
  if (context?.requestId) headers[EVENT_HEADERS.requestId] = context.requestId;
  // NOTIFY is transactional: the relay wakes when (and only if) this transaction commits.
  // One statement, so an event costs one round trip.
  await tx.query(
    `WITH written AS (
       INSERT INTO outbox (event_id, topic, message_key, event_type, envelope, headers)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
     )
     SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM written`,
    [
      id,
      topic,
      event.key ?? event.subject,
      event.type,
      JSON.stringify(envelope),
      JSON.stringify(headers),
    ],
  );
  return envelope;
}

/** The producer span of an event: it starts and ends when the event is written (the relay only copies it). */
function publishSpan(envelope: EventEnvelope, topic: string, parent: string | undefined): string {
  const span = startSpan(`${envelope.type} publish`, 'producer', parent, {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.message.id': envelope.id,
  });
  span.end();
  return span.traceparent;
}
