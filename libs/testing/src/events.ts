import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  EVENT_HEADERS,
  TOPICS,
  topicOf,
  type EventEnvelope,
  type EventType,
} from '@emporium/contracts';
import { createKafka } from '@emporium/platform-messaging';
import { eventually } from './boot-service';
import { uniqueSuffix } from './database';

/** An event as its producer would publish it; `data` may be partial, as tests need. */
export function anEnvelope(
  type: EventType,
  subject: string,
  data: unknown,
  overrides: Partial<EventEnvelope> = {},
): EventEnvelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    source: TOPICS[topicOf(type)].producer,
    subject,
    occurredAt: new Date().toISOString(),
    correlationId: subject,
    causationId: subject,
    data,
    ...overrides,
  };
}

/** Publishes envelopes on their topics, keyed by subject, with the platform's headers. */
export async function publishEvents(
  producer: Producer,
  ...envelopes: EventEnvelope[]
): Promise<void> {
  for (const envelope of envelopes) {
    await producer.send({
      topic: topicOf(envelope.type as EventType),
      messages: [
        {
          key: envelope.subject,
          value: JSON.stringify(envelope),
          headers: {
            [EVENT_HEADERS.type]: envelope.type,
            [EVENT_HEADERS.version]: String(envelope.version),
            [EVENT_HEADERS.contentType]: 'application/json',
          },
        },
      ],
    });
  }
}

/** A message read back from a topic. */
export interface ReadMessage {
  /** The Kafka key, as text (null when the message has none). */
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/**
 * Reads `topic` from the beginning with a throwaway consumer group until `until` holds for what
 * was read (or fails after the `eventually` timeout), then leaves the group.
 */
export async function readTopic(
  brokers: string,
  topic: string,
  until: (messages: readonly ReadMessage[]) => boolean,
): Promise<ReadMessage[]> {
  const reader = createKafka({ brokers, clientId: 'test-reader' }).consumer({
    groupId: `reader-${uniqueSuffix()}`,
    sessionTimeout: 10_000,
    maxWaitTimeInMs: 100,
  });
  const messages: ReadMessage[] = [];
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      messages.push({ key: message.key?.toString() ?? null, value: message.value!, headers });
    },
  });
  try {
    await eventually(() => until(messages), { what: `messages on ${topic}` });
  } finally {
    await reader.disconnect();
  }
  return messages;
}

/** Reads `topic` until an event of `type` about `subject` is there, and returns it. */
export async function readEvent(
  brokers: string,
  type: EventType,
  subject: string,
): Promise<EventEnvelope> {
  const matches = (m: ReadMessage) => {
    const e = JSON.parse(m.value.toString()) as EventEnvelope;
    return e.type === type && e.subject === subject;
  };
  const messages = await readTopic(brokers, topicOf(type), (all) => all.some(matches));
  return JSON.parse(messages.find(matches)!.value.toString()) as EventEnvelope;
}
