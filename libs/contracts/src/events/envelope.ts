import type { EventData } from './event-data';
import type { EventType } from './topics';

/**
 * The JSON value of every Kafka message on the platform's topics (EVENTS.md "Envelope"); `data`
 * is typed by the event type's contract when one is declared.
 */
export interface EventEnvelope<
  TType extends string = string,
  TData = TType extends EventType ? EventData<TType> : unknown,
> {
  readonly id: string;
  readonly type: TType;
  readonly version: number;
  readonly source: string;
  readonly subject: string;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: TData;
}

/** Kafka header names carried by every event. */
export const EVENT_HEADERS = {
  type: 'event-type',
  version: 'event-version',
  contentType: 'content-type',
  traceparent: 'traceparent',
  requestId: 'x-request-id',
} as const;

/** Returns true when a parsed message value has the envelope's required fields. */
export function isEventEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.type === 'string' &&
    typeof v.version === 'number' &&
    typeof v.source === 'string' &&
    typeof v.subject === 'string' &&
    typeof v.occurredAt === 'string' &&
    typeof v.correlationId === 'string' &&
    typeof v.causationId === 'string' &&
    'data' in v
  );
}
