import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka } from 'kafkajs';
import { startBroker } from '../src';
import { CliBroker, startCliBroker } from './support/cli-broker';
import {
  DEFAULT_SESSION_CONSUMER,
  disconnectAll,
  kafkaFor,
  track,
  uniqueTopic,
  waitFor,
} from './support/helpers';

describe('durability with a data directory', () => {
  let dataDir: string;
  let broker: CliBroker | null = null;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-durable-'));
  });
  afterEach(async () => {
    await disconnectAll();
    if (broker && broker.process.exitCode === null && broker.process.signalCode === null) {
      broker.process.kill('SIGKILL');
      await broker.exited;
    }
    broker = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const crash = async (b: CliBroker): Promise<void> => {
    b.process.kill('SIGKILL');
    expect(await b.exited).toBe('SIGKILL');
  };

  /** Reads every message of a topic from the beginning (no group). */
  const readAll = async (kafka: Kafka, topic: string, expected: number): Promise<string[]> => {
    const consumer = track(
      kafka.consumer({ groupId: uniqueTopic('reader'), ...DEFAULT_SESSION_CONSUMER }),
    );
    const values: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => void values.push(message.value!.toString()),
    });
    await waitFor(() => values.length >= expected, 20_000, `${expected} messages`);
    await new Promise((r) => setTimeout(r, 300));
    await consumer.disconnect();
    return values;
  };

  it('loses no acknowledged message and no committed offset across kill -9', async () => {
    broker = await startCliBroker(['--data-dir', dataDir, '--partitions', '3']);
    const port = broker.port;
    let kafka = kafkaFor(broker, 'durable');
    const topic = uniqueTopic('durable');
    const groupId = uniqueTopic('g');

    const producer = track(kafka.producer());
    await producer.connect();
    const acked: string[] = [];
    for (let i = 0; i < 300; i++) {
      const value = `m${i}`;
      await producer.send({ topic, acks: -1, messages: [{ key: `k${i % 7}`, value }] });
      acked.push(value);
    }

    // A group consumes the first 300 and commits.
    const consumer = track(kafka.consumer({ groupId, ...DEFAULT_SESSION_CONSUMER }));
    let consumed = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => void consumed++ });
    await waitFor(() => consumed === 300, 20_000, 'group to consume 300');
    const admin = track(kafka.admin());
    await admin.connect();
    await waitFor(
      async () => {
        const [c] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return c.partitions.reduce((sum, p) => sum + Number(p.offset), 0) === 300;
      },
      10_000,
      'offsets committed',
    );
    const committedBefore = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions;
    await consumer.stop();

    // Keep producing while the broker is killed: everything acknowledged must survive.
    const inFlight = (async () => {
      for (let i = 300; i < 2000; i++) {
        const value = `m${i}`;
        try {
          await producer.send({ topic, acks: -1, messages: [{ key: `k${i % 7}`, value }] });
          acked.push(value);
        } catch {
          return;
        }
      }
    })();
    await waitFor(() => acked.length > 500, 20_000, 'more acknowledged messages');
    await crash(broker);
    await inFlight;
    await Promise.allSettled([producer.disconnect(), consumer.disconnect(), admin.disconnect()]);

    broker = await startCliBroker(['--data-dir', dataDir, '--partitions', '3'], port);
    kafka = kafkaFor(broker, 'durable-after');
    const values = await readAll(kafka, topic, acked.length);
    const stored = new Set(values);
    expect(acked.filter((v) => !stored.has(v))).toEqual([]);
    expect(values.length).toBe(stored.size);

    const admin2 = track(kafka.admin());
    await admin2.connect();
    const committedAfter = (await admin2.fetchOffsets({ groupId, topics: [topic] }))[0].partitions;
    expect(committedAfter).toEqual(committedBefore);

    // The group resumes exactly after what it committed.
    const resumed = track(kafka.consumer({ groupId, ...DEFAULT_SESSION_CONSUMER }));
    const firsts = new Map<number, string>();
    let total = 0;
    await resumed.connect();
    await resumed.subscribe({ topic, fromBeginning: true });
    await resumed.run({
      eachMessage: async ({ partition, message }) => {
        total++;
        if (!firsts.has(partition)) firsts.set(partition, message.offset);
      },
    });
    await waitFor(() => total === values.length - 300, 20_000, 'the rest of the messages');
    for (const p of committedBefore) expect(firsts.get(p.partition)).toBe(p.offset);
    await resumed.disconnect();
    await admin2.disconnect();
    await crash(broker);
  });

  it('restarts on a log with a torn tail, keeping every complete batch', async () => {
    const topic = uniqueTopic('torn');
    const first = await startBroker({ port: 0, dataDir, logLevel: 'silent' });
    let kafka = kafkaFor(first);
    const producer = track(kafka.producer());
    await producer.connect();
    for (let i = 0; i < 20; i++) {
      await producer.send({ topic, messages: [{ value: `v${i}`, partition: 0 }] });
    }
    await producer.disconnect();
    await first.stop();

    const segment = path.join(dataDir, 'topics', `${topic}-0`, '00000000000000000000.log');
    const size = fs.statSync(segment).size;
    fs.appendFileSync(segment, fs.readFileSync(segment).subarray(0, 50));
    fs.rmSync(path.join(dataDir, '.clean-shutdown'));

    const second = await startBroker({ port: 0, dataDir, logLevel: 'silent' });
    expect(fs.statSync(segment).size).toBe(size);
    kafka = kafkaFor(second);
    const p2 = track(kafka.producer());
    await p2.connect();
    const [ack] = await p2.send({ topic, messages: [{ value: 'v20', partition: 0 }] });
    expect(ack.baseOffset).toBe('20');
    await p2.disconnect();
    expect(await readAll(kafka, topic, 21)).toEqual(Array.from({ length: 21 }, (_, i) => `v${i}`));
    await second.stop();
  });

  it('stops cleanly on SIGTERM, leaving a clean-shutdown marker', async () => {
    broker = await startCliBroker(['--data-dir', dataDir]);
    const producer = track(kafkaFor(broker).producer());
    await producer.connect();
    await producer.send({ topic: uniqueTopic('term'), messages: [{ value: 'x' }] });
    broker.process.kill('SIGTERM');
    expect(await broker.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, '.clean-shutdown'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, '.lock'))).toBe(false);
  });

  it('refuses a data directory that another live broker is using', async () => {
    broker = await startCliBroker(['--data-dir', dataDir]);
    await expect(startBroker({ port: 0, dataDir, logLevel: 'silent' })).rejects.toThrow(/in use/);
  });
});
