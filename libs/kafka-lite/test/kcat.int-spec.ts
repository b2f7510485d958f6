import { spawn, spawnSync } from 'node:child_process';
import { RunningBroker } from '../src';
import {
  FAST_CONSUMER,
  disconnectAll,
  kafkaFor,
  startTestBroker,
  track,
  uniqueTopic,
  waitFor,
} from './support/helpers';

// `npm test` installs kcat; where it is still missing these checks fail with the reason, never skip.
const kcatMissing =
  spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0
    ? undefined
    : 'kcat is not installed, so kafka-lite cannot be checked with librdkafka: apt-get install -y kcat';

/** Runs kcat with optional stdin; resolves with stdout, rejects on a non-zero exit or timeout. */
function kcat(args: string[], input?: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat ${args.join(' ')} timed out: ${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${err}`));
    });
    child.stdin.end(input ?? '');
  });
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);

describe('kcat (librdkafka 2.x) against kafka-lite', () => {
  let broker: RunningBroker;
  let b: string;

  beforeAll(async () => {
    if (kcatMissing) throw new Error(kcatMissing);
    broker = await startTestBroker();
    b = broker.brokers[0];
  });
  afterEach(disconnectAll);
  afterAll(() => broker?.stop());

  it('reads cluster metadata', async () => {
    const topic = uniqueTopic('kcat-meta');
    await kcat(['-b', b, '-P', '-t', topic], 'x\n');
    const meta = JSON.parse(await kcat(['-b', b, '-L', '-J', '-t', topic])) as {
      brokers: { id: number; name: string }[];
      topics: { topic: string; partitions: unknown[] }[];
    };
    expect(meta.brokers).toEqual([{ id: 1, name: b }]);
    expect(meta.topics[0]).toMatchObject({ topic });
    expect(meta.topics[0].partitions).toHaveLength(6);
  });

  it('produces keyed messages with acks=all that kafkajs consumes', async () => {
    const topic = uniqueTopic('kcat-produce');
    const input = Array.from({ length: 500 }, (_, i) => `k${i % 10}:v${i}`).join('\n') + '\n';
    await kcat(['-b', b, '-P', '-t', topic, '-K:', '-X', 'acks=all'], input);
    const consumer = track(
      kafkaFor(broker).consumer({ groupId: uniqueTopic('g'), ...FAST_CONSUMER }),
    );
    const got: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void got.push(`${message.key}:${message.value}`),
    });
    await waitFor(() => got.length === 500, 20_000, '500 messages');
    expect(got.sort()).toEqual(lines(input).sort());
  });

  it('consumes what kafkajs produced, with keys, partitions and offsets', async () => {
    const topic = uniqueTopic('kcat-consume');
    const producer = track(kafkaFor(broker).producer());
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 30 }, (_, i) => ({
        key: `k${i}`,
        value: `v${i}`,
        partition: i % 3,
      })),
    });
    const out = lines(
      await kcat(['-b', b, '-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k %s %p %o\n']),
    );
    expect(out).toHaveLength(30);
    for (let i = 0; i < 30; i++) expect(out).toContain(`k${i} v${i} ${i % 3} ${Math.floor(i / 3)}`);
  });

  it('consumes through a consumer group (-G) and resumes from committed offsets', async () => {
    const topic = uniqueTopic('kcat-group');
    const group = uniqueTopic('kcat-g');
    await kcat(
      ['-b', b, '-P', '-t', topic, '-K:'],
      Array.from({ length: 200 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n',
    );
    const first = lines(
      await kcat([
        '-b',
        b,
        '-G',
        group,
        topic,
        '-c',
        '200',
        '-f',
        '%s\n',
        '-X',
        'auto.offset.reset=earliest',
      ]),
    );
    expect(new Set(first).size).toBe(200);

    const admin = track(kafkaFor(broker).admin());
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed.partitions.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(200);

    await kcat(
      ['-b', b, '-P', '-t', topic, '-K:'],
      Array.from({ length: 20 }, (_, i) => `n${i}:w${i}`).join('\n') + '\n',
    );
    const second = lines(await kcat(['-b', b, '-G', group, topic, '-c', '20', '-f', '%s\n']));
    expect(second.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `w${i}`).sort());
  });

  it('supports the librdkafka idempotent producer and compressed batches', async () => {
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      const topic = uniqueTopic(`kcat-${codec}`);
      const input =
        Array.from({ length: 300 }, (_, i) => `${codec}-${i}-${'z'.repeat(50)}`).join('\n') + '\n';
      await kcat(
        ['-b', b, '-P', '-t', topic, '-p', '0', '-z', codec, '-X', 'enable.idempotence=true'],
        input,
      );
      const out = lines(
        await kcat(['-b', b, '-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%s\n']),
      );
      expect(out).toEqual(lines(input));
    }
  });
});
