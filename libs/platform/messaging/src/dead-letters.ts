import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { dlqTopicOf } from '@emporium/contracts';
import { partitioner } from './kafka';

/** A message in a consumer group's dead-letter topic, with why it got there. */
export interface DeadLetter {
  readonly partition: number;
  readonly offset: string;
  readonly originalTopic?: string;
  readonly originalPartition?: string;
  readonly originalOffset?: string;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly error?: string;
  readonly attempts?: string;
  readonly failedAt?: string;
}

const text = (headers: IHeaders | undefined, name: string) => {
  const value = headers?.[name];
  return (Array.isArray(value) ? value[0] : value)?.toString();
};

function describe(partition: number, message: KafkaMessage): DeadLetter {
  let envelope: { id?: unknown; type?: unknown } = {};
  try {
    envelope = JSON.parse(message.value?.toString() ?? '') as typeof envelope;
  } catch {
    // a poison message: not JSON, described by its headers alone
  }
  const h = message.headers;
  return {
    partition,
    offset: message.offset,
    originalTopic: text(h, 'dlq-original-topic'),
    originalPartition: text(h, 'dlq-original-partition'),
    originalOffset: text(h, 'dlq-original-offset'),
    eventId: typeof envelope.id === 'string' ? envelope.id : undefined,
    eventType: typeof envelope.type === 'string' ? envelope.type : text(h, 'event-type'),
    error: text(h, 'dlq-error'),
    attempts: text(h, 'dlq-attempts'),
    failedAt: text(h, 'dlq-failed-at'),
  };
}

/**
 * Reads a dead-letter topic from its start up to its end as it is now. With `group`, offsets are
 * committed in that group, so a later read continues after what this one processed.
 */
async function readUpToEnd(
  kafka: Kafka,
  topic: string,
  options: { group?: string; limit?: number },
  each: (partition: number, message: KafkaMessage) => Promise<void>,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  let starts: Map<number, bigint>;
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
    starts = new Map(offsets.map((p) => [p.partition, BigInt(p.low)]));
    if (options.group) {
      const [committed] = await admin.fetchOffsets({ groupId: options.group, topics: [topic] });
      for (const p of committed?.partitions ?? []) {
        if (BigInt(p.offset) >= 0n) starts.set(p.partition, BigInt(p.offset));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set(
    [...ends].filter(([p, end]) => (starts.get(p) ?? 0n) < end).map(([p]) => p),
  );
  if (remaining.size === 0) return 0;

  const consumer = kafka.consumer({
    groupId: options.group ?? `dlq-reader-${randomUUID()}`,
    maxWaitTimeInMs: 500,
  });
  let count = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      let done = false;
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (done || !remaining.has(partition)) return;
            await each(partition, message);
            count += 1;
            const next = BigInt(message.offset) + 1n;
            if (options.group)
              await consumer.commitOffsets([{ topic, partition, offset: next.toString() }]);
            if (next >= ends.get(partition)!) remaining.delete(partition);
            if (remaining.size === 0 || (options.limit !== undefined && count >= options.limit)) {
              done = true;
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return count;
}

/** The dead letters of consumer group `group` (its `<group>.dlq` topic), oldest first per partition. */
export async function listDeadLetters(
  kafka: Kafka,
  group: string,
  limit?: number,
): Promise<DeadLetter[]> {
  const found: DeadLetter[] = [];
  await readUpToEnd(kafka, dlqTopicOf(group), { limit }, async (partition, message) => {
    found.push(describe(partition, message));
  });
  return found;
}

/**
 * Sends dead letters of `group` back to the topics they came from, with their key, value and
 * original headers, once each (progress is kept in the group `<group>.dlq-replay`). Every group on
 * that topic sees the message again; those that handled it already find it in their inbox.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  group: string,
  limit?: number,
): Promise<DeadLetter[]> {
  const producer = kafka.producer({ createPartitioner: partitioner, idempotent: true });
  await producer.connect();
  const replayed: DeadLetter[] = [];
  try {
    await readUpToEnd(
      kafka,
      dlqTopicOf(group),
      { group: `${group}.dlq-replay`, limit },
      async (partition, message) => {
        const letter = describe(partition, message);
        if (!letter.originalTopic)
          throw new Error(
            `Dead letter ${partition}/${message.offset} has no dlq-original-topic header`,
          );
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).filter(([name]) => !name.startsWith('dlq-')),
        );
        await producer.send({
          topic: letter.originalTopic,
          acks: -1,
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: { ...headers, 'dlq-replayed-at': new Date().toISOString() },
            },
          ],
        });
        replayed.push(letter);
      },
    );
  } finally {
    await producer.disconnect();
  }
  return replayed;
}
