import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import { EVENT_HEADERS, type EventEnvelope } from '@emporium/contracts';
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
  readTopic,
  startTestKafka,
  uniqueSuffix,
  type TestDatabase,
  type TestKafka,
} from '../src';
import { productData } from './fixtures/widgets';

/**
 * The events one fetch brings for a partition are handled in one transaction (real Postgres and
 * Kafka): each still exactly once and in order, and an event that fails takes only itself to the
 * dead-letter topic.
 */
describe('consuming a fetched batch', () => {
  let kafka: TestKafka;
  let client: Kafka;
  let producer: Producer;
  let db: TestDatabase;
  let dataSource: DataSource;
  let consumer: EventConsumer | undefined;
  const groupId = `batch-test-${uniqueSuffix()}`;
  const run = uniqueSuffix();

  // Records each handling with the transaction it ran in; `fails` never succeeds.
  const recording: EventHandler<'product.created'> = {
    async handle(event, tx) {
      if (event.data.name === 'fails') throw new Error('this event always fails');
      await tx.query('INSERT INTO handled (subject, name, tx) VALUES ($1, $2, txid_current())', [
        event.subject,
        event.data.name,
      ]);
    },
  };

  /** Every envelope in one produce request, keyed alike so they share a partition. */
  const publishTogether = (key: string, envelopes: EventEnvelope[]) =>
    producer.send({
      topic: 'catalog.product',
      messages: envelopes.map((envelope) => ({
        key,
        value: JSON.stringify(envelope),
        headers: { [EVENT_HEADERS.type]: envelope.type },
      })),
    });

  const handledOf = async (prefix: string) =>
    (await dataSource.query(
      'SELECT name, tx::text AS tx FROM handled WHERE name LIKE $1 ORDER BY seq',
      [`${prefix}%`],
    )) as { name: string; tx: string }[];

  const startConsumer = async () => {
    consumer = new EventConsumer(client, dataSource, {
      groupId,
      handlers: new Map([['product.created', recording as EventHandler]]),
      maxAttempts: 2,
      initialBackoffMs: 10,
      sessionTimeoutMs: 10_000,
    });
    await consumer.start();
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    client = createKafka({ brokers: kafka.brokers, clientId: 'batch-test' });
    producer = client.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: partitioner,
    });
    await producer.connect();
    db = await createTestDatabase('test_batches');
    dataSource = await openDataSource({
      serverUrl: db.serverUrl,
      database: db.name,
      migrate: true,
    });
    await dataSource.query(
      'CREATE TABLE handled (seq serial PRIMARY KEY, subject text NOT NULL, name text NOT NULL, tx bigint NOT NULL)',
    );
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'catalog.product', numPartitions: 1 },
        { topic: `${groupId}.dlq`, numPartitions: 1 },
      ],
    });
    await admin.disconnect();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
    await kafka?.stop();
  });

  it('handles a backlog in a few transactions, each event once and in order, a redelivery not at all', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `backlog-${run}-${i}`);
    const envelopes = names.map((name) => {
      const id = randomUUID();
      return anEnvelope('product.created', id, productData(id, name));
    });
    // The 11th event comes again further on, as a producer's retry would bring it.
    await publishTogether('backlog', [
      ...envelopes.slice(0, 60),
      envelopes[10],
      ...envelopes.slice(60),
    ]);
    await startConsumer();

    await eventually(async () => (await handledOf(`backlog-${run}`)).length === names.length, {
      what: 'the backlog handled',
    });
    const handled = await handledOf(`backlog-${run}`);
    expect(handled.map((row) => row.name)).toEqual(names);
    // At most 100 events share a transaction; one per event would be 250.
    const transactions = new Set(handled.map((row) => row.tx)).size;
    expect(transactions).toBeGreaterThanOrEqual(3);
    expect(transactions).toBeLessThanOrEqual(25);
    const [{ n }] = await dataSource.query(
      'SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1',
      [groupId],
    );
    expect(n).toBe(names.length);
  });

  it('handles the others once each when one event of a batch fails, and dead-letters only that one', async () => {
    const names = Array.from({ length: 30 }, (_, i) => (i === 12 ? 'fails' : `mixed-${run}-${i}`));
    const envelopes = names.map((name) => {
      const id = randomUUID();
      return anEnvelope('product.created', id, productData(id, name));
    });
    await publishTogether('mixed', envelopes);

    const dead = await readTopic(kafka.brokers, `${groupId}.dlq`, (messages) =>
      messages.some((m) => m.key === 'mixed'),
    );
    expect(dead.map((m) => (JSON.parse(m.value.toString()) as EventEnvelope).id)).toEqual([
      envelopes[12].id,
    ]);
    await eventually(async () => (await handledOf(`mixed-${run}`)).length === 29, {
      what: 'the rest of the batch handled',
    });
    expect((await handledOf(`mixed-${run}`)).map((row) => row.name)).toEqual(
      names.filter((name) => name !== 'fails'),
    );
  });

  it('passes over, unread, a message whose type header names a type the group does not handle', async () => {
    const id = randomUUID();
    await producer.send({
      topic: 'catalog.product',
      messages: [
        // Not even JSON: read, it would be dead-lettered as poison.
        {
          key: 'foreign',
          value: 'not an envelope',
          headers: { [EVENT_HEADERS.type]: 'product.updated' },
        },
      ],
    });
    await publishTogether('foreign', [
      anEnvelope('product.created', id, productData(id, `after-foreign-${run}`)),
    ]);
    await eventually(async () => (await handledOf(`after-foreign-${run}`)).length === 1, {
      what: 'the event after the foreign one handled',
    });
    const dead = await readTopic(
      kafka.brokers,
      `${groupId}.dlq`,
      (messages) => messages.length > 0,
    );
    expect(dead.filter((m) => m.key === 'foreign')).toEqual([]);
  });

  it('runs every after-commit effect once when an idempotent handler fails within a batch', async () => {
    const effects: string[] = [];
    const liveCalls = new Map<string, number>();
    const withEffect: EventHandler<'product.created'> = {
      async handle(event, _tx, context) {
        context.afterCommit(() => void effects.push(event.data.name));
      },
    };
    const live: EventHandler<'product.created'> = {
      idempotent: true,
      async handle(event) {
        const calls = (liveCalls.get(event.data.name) ?? 0) + 1;
        liveCalls.set(event.data.name, calls);
        if (event.data.name === `live-fails-once-${run}` && calls === 1)
          throw new Error('the live push failed');
      },
    };
    const names = ['a', 'fails-once', 'c'].map((name) => `live-${name}-${run}`);
    await publishTogether(
      'live',
      names.map((name) => {
        const id = randomUUID();
        return anEnvelope('product.created', id, productData(id, name));
      }),
    );
    // A group of its own, starting from the topic's beginning: the three come in one fetch.
    const second = new EventConsumer(client, dataSource, {
      groupId: `${groupId}-live`,
      handlers: new Map([['product.created', [withEffect, live] as EventHandler[]]]),
      initialBackoffMs: 10,
      sessionTimeoutMs: 10_000,
    });
    await second.start();
    try {
      await eventually(async () => names.every((name) => liveCalls.has(name)), {
        what: 'the three events handled',
      });
      expect(names.map((name) => liveCalls.get(name))).toEqual([1, 2, 1]);
      expect(effects.filter((name) => names.includes(name)).sort()).toEqual([...names].sort());
    } finally {
      await second.stop();
    }
  });

  it('commits the offsets of what it handled, so a restart starts after them', async () => {
    await consumer!.stop();
    consumer = undefined;
    const admin = client.admin();
    await admin.connect();
    try {
      const [end] = await admin.fetchTopicOffsets('catalog.product');
      const [committed] = await admin.fetchOffsets({ groupId, topics: ['catalog.product'] });
      expect(committed.partitions).toEqual([
        expect.objectContaining({ partition: 0, offset: end.high }),
      ]);
    } finally {
      await admin.disconnect();
    }
  });
});
