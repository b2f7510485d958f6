import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import { openDataSource } from '@emporium/platform-persistence';
import {
  EventConsumer,
  createKafka,
  partitioner,
  type EventHandler,
} from '@emporium/platform-messaging';
import {
  anEnvelope,
  createTestDatabase,
  eventually,
  publishEvents,
  readTopic,
  startTestKafka,
  uniqueSuffix,
  type TestDatabase,
  type TestKafka,
} from '../src';
import { productData } from './fixtures/widgets';

/** Several handlers of one event type in one consumer group (real Postgres and Kafka). */
describe('several handlers of one event type', () => {
  let kafka: TestKafka;
  let client: Kafka;
  let producer: Producer;
  let db: TestDatabase;
  let dataSource: DataSource;
  let consumer: EventConsumer;
  const groupId = `fan-out-test-${uniqueSuffix()}`;
  /** What the idempotent handler saw committed when it ran, per subject. */
  const seenCommitted = new Map<string, number[]>();
  const idempotentCalls = new Map<string, number>();
  const afterCommitRuns: string[] = [];

  const rowsOf = async (subject: string, by?: string): Promise<number> => {
    const [{ n }] = await dataSource.query(
      'SELECT count(*)::int AS n FROM effects WHERE subject = $1 AND ($2::text IS NULL OR handler = $2)',
      [subject, by ?? null],
    );
    return n;
  };

  const transactional = (name: string): EventHandler<'product.created'> => ({
    async handle(event, tx, context) {
      await tx.query('INSERT INTO effects (subject, handler) VALUES ($1, $2)', [
        event.subject,
        name,
      ]);
      if (name === 'second' && event.data.name === 'second fails')
        throw new Error('the second handler fails');
      context.afterCommit(() => void afterCommitRuns.push(`${name}:${event.subject}`));
    },
  });

  const live: EventHandler<'product.created'> = {
    idempotent: true,
    async handle(event) {
      const calls = (idempotentCalls.get(event.subject) ?? 0) + 1;
      idempotentCalls.set(event.subject, calls);
      // A query on another connection sees only what has committed.
      seenCommitted.set(event.subject, [
        ...(seenCommitted.get(event.subject) ?? []),
        await rowsOf(event.subject),
      ]);
      if (event.data.name === 'live fails once' && calls === 1)
        throw new Error('the live push failed');
    },
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    client = createKafka({ brokers: kafka.brokers, clientId: 'fan-out-test' });
    producer = client.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: partitioner,
    });
    await producer.connect();
    db = await createTestDatabase('test_fan_out');
    dataSource = await openDataSource({
      serverUrl: db.serverUrl,
      database: db.name,
      migrate: true,
    });
    await dataSource.query('CREATE TABLE effects (subject text NOT NULL, handler text NOT NULL)');
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'catalog.product', numPartitions: 6 },
        { topic: `${groupId}.dlq`, numPartitions: 1 },
      ],
    });
    await admin.disconnect();
    consumer = new EventConsumer(client, dataSource, {
      groupId,
      // The idempotent one listed first: it still runs after the transactional ones commit.
      handlers: new Map([
        [
          'product.created',
          [live, transactional('first'), transactional('second')] as EventHandler[],
        ],
      ]),
      maxAttempts: 3,
      initialBackoffMs: 20,
      sessionTimeoutMs: 10_000,
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
    await kafka?.stop();
  });

  it('runs the transactional handlers in one inbox transaction and the idempotent one after it commits', async () => {
    const id = randomUUID();
    const envelope = anEnvelope('product.created', id, productData(id, 'fine'));
    await publishEvents(producer, envelope);
    await eventually(async () => idempotentCalls.get(id) === 1, { what: 'the idempotent handler' });
    expect({ first: await rowsOf(id, 'first'), second: await rowsOf(id, 'second') }).toEqual({
      first: 1,
      second: 1,
    });
    expect(seenCommitted.get(id)).toEqual([2]);
    expect(afterCommitRuns.filter((run) => run.endsWith(id)).sort()).toEqual([
      `first:${id}`,
      `second:${id}`,
    ]);
  });

  it('rolls back every transactional effect when one handler fails, and runs no idempotent one', async () => {
    const id = randomUUID();
    await publishEvents(
      producer,
      anEnvelope('product.created', id, productData(id, 'second fails')),
    );
    await readTopic(kafka.brokers, `${groupId}.dlq`, (messages) =>
      messages.some((m) => m.key === id),
    );
    expect(await rowsOf(id)).toBe(0);
    expect(idempotentCalls.get(id)).toBeUndefined();
    expect(afterCommitRuns.some((run) => run.endsWith(id))).toBe(false);
  });

  it('retries a failing idempotent handler without repeating the committed effects', async () => {
    const id = randomUUID();
    await publishEvents(
      producer,
      anEnvelope('product.created', id, productData(id, 'live fails once')),
    );
    await eventually(async () => idempotentCalls.get(id) === 2, {
      what: 'the retried idempotent handler',
    });
    expect({ first: await rowsOf(id, 'first'), second: await rowsOf(id, 'second') }).toEqual({
      first: 1,
      second: 1,
    });
    expect(seenCommitted.get(id)).toEqual([2, 2]);
    expect(afterCommitRuns.filter((run) => run.endsWith(id))).toHaveLength(2);
  });
});
