import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import { openDataSource } from '@emporium/platform-persistence';
import {
  EventConsumer,
  createKafka,
  listDeadLetters,
  partitioner,
  replayDeadLetters,
  type EventHandler,
} from '@emporium/platform-messaging';
import {
  anEnvelope,
  createTestDatabase,
  eventually,
  publishEvents,
  startTestKafka,
  uniqueSuffix,
  type TestDatabase,
  type TestKafka,
} from '../src';
import { productData } from './fixtures/widgets';

const ROOT = join(__dirname, '../../..');

describe('dead letters: list and replay (real Kafka and Postgres)', () => {
  let kafka: TestKafka;
  let client: Kafka;
  let producer: Producer;
  let db: TestDatabase;
  let dataSource: DataSource;
  let consumer: EventConsumer;
  const groupId = `dlq-test-${uniqueSuffix()}`;
  let broken = true;

  const handler: EventHandler<'product.created'> = {
    async handle(event, tx) {
      if (broken) throw new Error('the downstream table is missing');
      await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [event.id]);
    },
  };
  const effects = async (ids: string[]) =>
    (
      (await dataSource.query('SELECT count(*)::int AS n FROM effects WHERE event_id = ANY($1)', [
        ids,
      ])) as { n: number }[]
    )[0].n;

  beforeAll(async () => {
    kafka = await startTestKafka();
    client = createKafka({ brokers: kafka.brokers, clientId: 'dlq-test' });
    producer = client.producer({ createPartitioner: partitioner });
    await producer.connect();
    db = await createTestDatabase('test_dlq');
    dataSource = await openDataSource({
      serverUrl: db.serverUrl,
      database: db.name,
      migrate: true,
    });
    await dataSource.query('CREATE TABLE effects (event_id text NOT NULL)');
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'catalog.product', numPartitions: 3 },
        { topic: `${groupId}.dlq`, numPartitions: 1 },
      ],
    });
    await admin.disconnect();
    consumer = new EventConsumer(client, dataSource, {
      groupId,
      handlers: new Map([['product.created', handler as EventHandler]]),
      maxAttempts: 2,
      initialBackoffMs: 10,
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

  it('lists what failed and why, replays it once after the fix, and never applies an event twice', async () => {
    const events = [randomUUID(), randomUUID()].map((id) =>
      anEnvelope('product.created', id, productData(id, '坏掉的')),
    );
    await publishEvents(producer, ...events);
    const letters = await eventually(
      async () => {
        const found = await listDeadLetters(client, groupId);
        return found.length === 2 && found;
      },
      { what: 'two dead letters' },
    );
    expect(letters.map((l) => l.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(letters[0]).toMatchObject({
      originalTopic: 'catalog.product',
      eventType: 'product.created',
      error: 'the downstream table is missing',
      attempts: '2',
    });

    broken = false;
    expect(await replayDeadLetters(client, groupId, 1)).toHaveLength(1);
    expect(await replayDeadLetters(client, groupId)).toHaveLength(1);
    const ids = events.map((e) => e.id);
    await eventually(async () => (await effects(ids)) === 2, {
      what: 'the replayed events to be handled',
    });
    // Progress is kept: nothing is replayed twice, and the list still shows the history.
    expect(await replayDeadLetters(client, groupId)).toHaveLength(0);
    expect(await listDeadLetters(client, groupId)).toHaveLength(2);
    await publishEvents(producer, events[0]); // the same event once more: the inbox has it
    await new Promise((r) => setTimeout(r, 500));
    expect(await effects(ids)).toBe(2);
  });

  it('answers from the command line: npm run dlq -- list <group>', async () => {
    // Spawned asynchronously: the broker runs in this process and must keep answering.
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'tools/dlq.ts', ...args], {
          cwd: ROOT,
          env: { ...process.env, KAFKA_BROKERS: kafka.brokers },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const listed = await run('list', groupId);
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);
    expect(listed.stderr).toContain(`2 dead letter(s) in ${groupId}.dlq`);
    expect((await run('drop')).code).toBe(2);
  });
});
