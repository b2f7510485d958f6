/**
 * Consumer benchmark: how fast a consumer group drains a backlog of events, and at what CPU, with
 * a fetched batch's events in one transaction (the platform's EventConsumer as it runs) beside the
 * same consumer handling each event in a transaction of its own, in the same run. The handler does
 * what a read model or rollup does per event: an insert and a counter update. Real Postgres (the
 * test database server) and kafka-lite in this process.
 *
 *   npm run bench consumer   (or: SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register
 *                             bench/consumer/run.ts [--events 5000])
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import {
  createKafka,
  EventConsumer,
  partitioner,
  type EventHandler,
} from '@emporium/platform-messaging';
import { openDataSource } from '@emporium/platform-persistence';
import {
  anEnvelope,
  createTestDatabase,
  resolveDataInfrastructure,
  startTestKafka,
  uniqueSuffix,
} from '@emporium/testing';
import { EVENT_HEADERS } from '@emporium/contracts';
import { machineCpuSeconds } from '../platform/api';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '5000' } } });
const EVENTS = Number(args.events);
const PARTITIONS = 6;

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** CPU seconds of this process (consumer, broker and all) and of the whole machine (Postgres too). */
function cpuSeconds() {
  const own = process.cpuUsage();
  return { process: (own.user + own.system) / 1e6, machine: machineCpuSeconds() ?? 0 };
}

const handler: EventHandler<'product.created'> = {
  async handle(event, tx) {
    await tx.query('INSERT INTO seen (event_id, subject) VALUES ($1, $2)', [
      event.id,
      event.subject,
    ]);
    await tx.query(
      `INSERT INTO per_subject (subject, events) VALUES ($1, 1)
       ON CONFLICT (subject) DO UPDATE SET events = per_subject.events + 1`,
      [event.subject],
    );
  },
};

async function drain(
  kafka: ReturnType<typeof createKafka>,
  dataSource: DataSource,
  maxEventsPerTransaction: number,
) {
  await dataSource.query('TRUNCATE seen, per_subject');
  const consumer = new EventConsumer(kafka, dataSource, {
    groupId: `bench-consumer-${uniqueSuffix()}`,
    handlers: new Map([['product.created', handler as EventHandler]]),
    maxEventsPerTransaction,
  });
  const before = cpuSeconds();
  const started = performance.now();
  await consumer.start();
  for (;;) {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM seen');
    if (n >= EVENTS) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const after = cpuSeconds();
  await consumer.stop();
  const per1000 = (s: number) => Math.round((s * 1_000_000) / EVENTS);
  return {
    eventsPerSecond: Math.round(EVENTS / seconds),
    cpuMsPer1000Events: {
      process: per1000(after.process - before.process),
      machine: per1000(after.machine - before.machine),
    },
  };
}

async function main() {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  const broker = await startTestKafka();
  const db = await createTestDatabase('bench_consumer');
  const dataSource = await openDataSource({
    serverUrl: db.serverUrl,
    database: db.name,
    migrate: true,
  });
  try {
    await dataSource.query('CREATE TABLE seen (event_id text PRIMARY KEY, subject text NOT NULL)');
    await dataSource.query(
      'CREATE TABLE per_subject (subject text PRIMARY KEY, events int NOT NULL)',
    );
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'bench-consumer' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'catalog.product', numPartitions: PARTITIONS }] });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: partitioner, idempotent: true });
    await producer.connect();
    for (let sent = 0; sent < EVENTS; sent += 500) {
      await producer.send({
        topic: 'catalog.product',
        messages: Array.from({ length: Math.min(500, EVENTS - sent) }, (_, i) => {
          const subject = `product-${(sent + i) % 200}`;
          const envelope = anEnvelope(
            'product.created',
            subject,
            { productId: subject },
            { id: randomUUID() },
          );
          return {
            key: subject,
            value: JSON.stringify(envelope),
            headers: { [EVENT_HEADERS.type]: envelope.type },
          };
        }),
      });
    }
    await producer.disconnect();
    const alone = await drain(kafka, dataSource, 1);
    const together = await drain(kafka, dataSource, 100);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'consumer',
        scenario: 'backlog',
        events: EVENTS,
        partitions: PARTITIONS,
        ...together,
        baseline: { name: 'the same consumer, one event per transaction', ...alone },
        ratio: Number((together.eventsPerSecond / alone.eventsPerSecond).toFixed(2)),
      })}\n`,
    );
  } finally {
    await dataSource.destroy();
    await db.drop();
    await broker.stop();
    await infrastructure.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
