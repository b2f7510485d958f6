import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import { openDataSource } from '@emporium/platform-persistence';
import {
  anEnvelope,
  createTestDatabase,
  publishEvents,
  readTopic,
  eventually,
  startTestKafka,
  uniqueSuffix,
  type TestDatabase,
  type TestKafka,
} from '../src';
import {
  EventConsumer,
  OutboxRelay,
  createKafka,
  partitioner,
  writeOutbox,
  type EventHandler,
} from '@emporium/platform-messaging';
import { createWidget, createWidgetsTable, productData } from './fixtures/widgets';

const ROOT = join(__dirname, '../../..');

describe('transactional outbox and inbox (real Postgres and Kafka)', () => {
  let kafka: TestKafka;
  let client: Kafka;
  let producer: Producer;
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let producerSide: DataSource;
  let consumerSide: DataSource;
  let consumer: EventConsumer;
  let relay: OutboxRelay | undefined;
  const groupId = `outbox-test-${uniqueSuffix()}`;
  const attempts = new Map<string, number>();

  /** The consumer's effect: one row per handled event, in the consumer's own database. */
  const recordEffect: EventHandler<'product.created'> = {
    async handle(event, tx) {
      attempts.set(event.subject, (attempts.get(event.subject) ?? 0) + 1);
      if (event.data.name === 'poison') throw new Error('this event can never be handled');
      await tx.query('INSERT INTO effects (event_id, subject) VALUES ($1, $2)', [
        event.id,
        event.subject,
      ]);
    },
  };

  const effectsOf = async (subject: string): Promise<number> => {
    const [{ n }] = await consumerSide.query(
      'SELECT count(*)::int AS n FROM effects WHERE subject = $1',
      [subject],
    );
    return n;
  };
  const outboxRow = async (subject: string) =>
    (
      await producerSide.query('SELECT sent_at FROM outbox WHERE message_key = $1', [subject])
    )[0] as { sent_at: Date | null } | undefined;

  /** Every message on `topic` from the beginning, once `until` holds for their values. */
  const readValues = (topic: string, until: (values: Buffer[]) => boolean) =>
    readTopic(kafka.brokers, topic, (messages) => until(messages.map((m) => m.value)));

  function runCrashingProducer(mode: 'before-publish' | 'after-publish', widgetId: string) {
    // Asynchronous: the broker may live in this process and must keep serving the child.
    // tsx runs as a loader inside the child's node process, so the SIGKILL is what we observe.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'libs/testing/test/fixtures/crashing-producer.ts',
        mode,
        producerDb.url,
        kafka.brokers,
        widgetId,
      ],
      { cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.json' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise<{ signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      child.once('exit', (_code, signal) => resolve({ signal, stderr })),
    );
  }

  beforeAll(async () => {
    kafka = await startTestKafka();
    client = createKafka({ brokers: kafka.brokers, clientId: 'outbox-test' });
    producer = client.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: partitioner,
    });
    await producer.connect();
    [producerDb, consumerDb] = await Promise.all([
      createTestDatabase('test_outbox_producer'),
      createTestDatabase('test_outbox_consumer'),
    ]);
    producerSide = await openDataSource({
      serverUrl: producerDb.serverUrl,
      database: producerDb.name,
      migrate: true,
    });
    consumerSide = await openDataSource({
      serverUrl: consumerDb.serverUrl,
      database: consumerDb.name,
      migrate: true,
    });
    await createWidgetsTable(producerSide);
    await consumerSide.query(
      'CREATE TABLE effects (event_id text NOT NULL, subject text NOT NULL)',
    );
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'catalog.product', numPartitions: 6 },
        { topic: `${groupId}.dlq`, numPartitions: 1 },
      ],
    });
    await admin.disconnect();
    consumer = new EventConsumer(client, consumerSide, {
      groupId,
      handlers: new Map([['product.created', recordEffect as EventHandler]]),
      maxAttempts: 3,
      initialBackoffMs: 20,
      sessionTimeoutMs: 10_000,
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await producer?.disconnect();
    await producerSide?.destroy();
    await consumerSide?.destroy();
    await producerDb?.drop();
    await consumerDb?.drop();
    await kafka?.stop();
  });

  describe('a relay process killed with SIGKILL (no relay running in this process yet)', () => {
    const beforePublish = randomUUID();
    const afterPublish = randomUUID();

    it('keeps the committed event in the outbox when killed after commit, before publish', async () => {
      const run = await runCrashingProducer('before-publish', beforePublish);
      expect({ signal: run.signal, stderr: run.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
      expect(await outboxRow(beforePublish)).toEqual({ sent_at: null });
    });

    it('keeps the event unsent when killed after publishing, before marking it sent', async () => {
      const run = await runCrashingProducer('after-publish', afterPublish);
      expect({ signal: run.signal, stderr: run.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
      expect(await outboxRow(afterPublish)).toEqual({ sent_at: null });
      // The dead relay did publish it once.
      await readValues('catalog.product', (values) => values.some((v) => v.includes(afterPublish)));
    });

    it('publishes both after a restart, and each has exactly one effect', async () => {
      relay = new OutboxRelay(producerSide, producer, { listenUrl: producerDb.url, pollMs: 200 });
      await relay.start();
      await eventually(
        async () =>
          (await outboxRow(beforePublish))?.sent_at && (await outboxRow(afterPublish))?.sent_at,
        { what: 'rows marked sent' },
      );
      const copies = await readValues(
        'catalog.product',
        (values) =>
          values.filter((v) => v.includes(afterPublish)).length >= 2 &&
          values.some((v) => v.includes(beforePublish)),
      );
      expect(copies.filter((m) => m.value.includes(afterPublish))).toHaveLength(2);
      await eventually(
        async () => (await effectsOf(beforePublish)) === 1 && (await effectsOf(afterPublish)) === 1,
        { what: 'effects' },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await effectsOf(afterPublish)).toBe(1);
      expect(await effectsOf(beforePublish)).toBe(1);
    });
  });

  it('publishes a commit notified while a batch is being published without waiting for the next poll', async () => {
    await relay?.stop();
    let during: Promise<string> | undefined;
    /** Commits another event while its first batch is between publish and mark. */
    class CommitDuringBatch extends OutboxRelay {
      protected override async markSent(
        query: (sql: string, params: unknown[]) => Promise<unknown>,
        ids: string[],
      ) {
        during ??= createWidget(producerSide, 'committed-during-a-batch');
        await during;
        await super.markSent(query, ids);
      }
    }
    const first = await createWidget(producerSide, 'before-the-batch');
    // A poll far longer than the wait below: only the commit's notification can publish the second row.
    relay = new CommitDuringBatch(producerSide, producer, {
      listenUrl: producerDb.url,
      pollMs: 600_000,
    });
    await relay.start();
    await eventually(async () => Boolean(during && (await outboxRow(first))?.sent_at), {
      what: 'the first batch',
    });
    const second = await during!;
    await eventually(async () => Boolean((await outboxRow(second))?.sent_at), {
      what: 'the row committed during the batch',
      timeoutMs: 10_000,
    });
    await relay.stop();
    relay = new OutboxRelay(producerSide, producer, { listenUrl: producerDb.url, pollMs: 200 });
    await relay.start();
  });

  it('lets one relay per database publish at a time: another waits while the lock is held', async () => {
    await relay?.stop();
    const id = await createWidget(producerSide, 'while-another-relay-publishes');
    const other = await producerSide.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      // As another replica's relay in the middle of its batch.
      await other.query("SELECT pg_advisory_xact_lock(hashtext('emporium:outbox-relay'))");
      const blocked = new OutboxRelay(producerSide, producer, { listenUrl: producerDb.url });
      expect(await blocked.publishBatch()).toBe(0);
      expect(await outboxRow(id)).toEqual({ sent_at: null });
      await other.commitTransaction();
      expect(await blocked.publishBatch()).toBeGreaterThanOrEqual(1);
      expect((await outboxRow(id))?.sent_at).not.toBeNull();
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
    relay = new OutboxRelay(producerSide, producer, { listenUrl: producerDb.url, pollMs: 200 });
    await relay.start();
  });

  it('commits a state change and its event together', async () => {
    const id = await createWidget(producerSide, 'lamp');
    expect(await producerSide.query('SELECT name FROM widgets WHERE id = $1', [id])).toEqual([
      { name: 'lamp' },
    ]);
    await eventually(async () => (await effectsOf(id)) === 1, { what: 'the consumer effect' });
  });

  it('writes neither the state change nor its event when the transaction fails', async () => {
    const id = randomUUID();
    await expect(createWidget(producerSide, 'doomed', { id, fail: true })).rejects.toThrow(
      'failed after writing',
    );
    expect(await producerSide.query('SELECT 1 FROM widgets WHERE id = $1', [id])).toEqual([]);
    expect(await outboxRow(id)).toBeUndefined();
  });

  it('has one effect when the same event is delivered twice', async () => {
    const id = randomUUID();
    const envelope = anEnvelope('product.created', id, productData(id, 'twice'));
    await publishEvents(producer, envelope, envelope);
    await eventually(async () => (await effectsOf(id)) === 1, { what: 'the first effect' });
    const later = await createWidget(producerSide, 'after-duplicate', { id: randomUUID() });
    await eventually(async () => (await effectsOf(later)) === 1, { what: 'a later event' }); // the duplicate is behind us
    expect(await effectsOf(id)).toBe(1);
    expect(attempts.get(id)).toBe(1); // the inbox stopped the second delivery before the handler
    const copies = await readValues(
      'catalog.product',
      (values) => values.filter((v) => v.includes(envelope.id)).length >= 2,
    );
    expect(copies.filter((m) => m.value.includes(envelope.id))).toHaveLength(2);
  });

  it('runs an idempotent handler outside any transaction, without an inbox row', async () => {
    const liveGroup = `${groupId}-live`;
    const seen: { eventId: string; inTransaction: boolean }[] = [];
    const live: EventHandler<'product.created'> = {
      idempotent: true,
      async handle(event, db) {
        seen.push({
          eventId: event.id,
          inTransaction: db.queryRunner?.isTransactionActive ?? false,
        });
      },
    };
    const liveConsumer = new EventConsumer(client, consumerSide, {
      groupId: liveGroup,
      handlers: new Map([['product.created', live as EventHandler]]),
      sessionTimeoutMs: 10_000,
    });
    await liveConsumer.start();
    try {
      const id = randomUUID();
      const envelope = anEnvelope('product.created', id, productData(id, 'live'));
      await publishEvents(producer, envelope, envelope);
      const mine = () => seen.filter((s) => s.eventId === envelope.id);
      await eventually(() => mine().length === 2, { what: 'both deliveries handled' });
      expect(mine()).toEqual([
        { eventId: envelope.id, inTransaction: false },
        { eventId: envelope.id, inTransaction: false },
      ]);
      expect(
        await consumerSide.query('SELECT 1 FROM inbox WHERE consumer_group = $1', [liveGroup]),
      ).toEqual([]);
    } finally {
      await liveConsumer.stop();
    }
  });

  it('dead-letters a poison message after N attempts and still processes the next one on its partition', async () => {
    const key = randomUUID();
    await createWidget(producerSide, 'poison', { id: key });
    // Same key → same partition, right behind the poison message.
    const next = await producerSide.transaction((tx) =>
      writeOutbox(tx, { type: 'product.created', subject: key, data: productData(key, 'healthy') }),
    );
    await eventually(
      async () => {
        const [{ n }] = await consumerSide.query(
          'SELECT count(*)::int AS n FROM effects WHERE event_id = $1',
          [next.id],
        );
        return n === 1;
      },
      { what: 'the message behind the poison' },
    );
    const dead = await readValues(`${groupId}.dlq`, (values) =>
      values.some((v) => v.includes('"poison"')),
    );
    const poison = dead.find((m) => m.value.includes('"poison"'))!;
    expect(poison.headers).toMatchObject({
      'dlq-attempts': '3',
      'dlq-consumer-group': groupId,
      'dlq-original-topic': 'catalog.product',
      'dlq-error': 'this event can never be handled',
      'event-type': 'product.created',
    });
    expect(attempts.get(key)).toBe(4); // three for the poison, one for the healthy event
  });

  it('dead-letters a message that is not an event envelope without retrying', async () => {
    await producer.send({
      topic: 'catalog.product',
      messages: [{ key: 'junk', value: '{"not": "an envelope"' }],
    });
    const dead = await readValues(`${groupId}.dlq`, (values) =>
      values.some((v) => v.includes('not')),
    );
    expect(dead.find((m) => m.value.includes('"not"'))!.headers).toMatchObject({
      'dlq-attempts': '1',
      'dlq-error': 'The message value is not JSON',
    });
  });
});
