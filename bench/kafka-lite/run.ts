/**
 * kafka-lite benchmark: produce/consume throughput of 1 KiB messages with kafkajs and with kcat
 * (librdkafka, which shows the broker's own ceiling), and end-to-end latency at a fixed
 * 1,000 msg/s, both kafkajs to kafkajs and with a minimal protocol client (the broker's own
 * share). The broker runs in its own process on a temporary data directory. Prints one JSON line
 * per measurement and stops by itself.
 *
 *   npx tsx bench/kafka-lite/run.ts [--messages 50000] [--latency-seconds 10] [--memory]
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import {
  ApiKey,
  decodeRecords,
  encodeRecordBatch,
  readBatchHeader,
} from '../../libs/kafka-lite/src';
import { RawClient } from '../../libs/kafka-lite/test/support/raw-client';
import { createTopic, produceBody } from '../../libs/kafka-lite/test/support/requests';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '50000' },
    'latency-seconds': { type: 'string', default: '10' },
    memory: { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(args.messages);
const LATENCY_SECONDS = Number(args['latency-seconds']);
const MESSAGE_BYTES = 1024;
const STEP_TIMEOUT_MS = 120_000;
const BIN = path.join(__dirname, '..', '..', 'libs', 'kafka-lite', 'bin', 'kafka-lite.js');

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const measured: Record<string, unknown>[] = [];

function report(result: Record<string, unknown>): void {
  measured.push(result);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * The lines `npm run bench` tabulates, each beside its same-run baseline: kafkajs throughput beside
 * kcat (librdkafka, the broker's ceiling for a native client) on the same broker, and kafkajs
 * end-to-end latency beside a minimal protocol client (the broker's own share). The ratio is the
 * result's performance over the baseline's (for latency: baseline p99 over result p99).
 */
function summarize(): void {
  const find = (bench: string, client: string) =>
    measured.find((m) => m.bench === bench && String(m.client).startsWith(client));
  const round = (x: number) => Number(x.toFixed(3));
  for (const op of ['produce', 'consume']) {
    const js = find(op, 'kafkajs');
    const kcat = find(op, 'kcat');
    if (!js) continue;
    report({
      scenario: `${op} 1 KiB messages (kafkajs)`,
      msgsPerSec: js.msgsPerSec,
      mbPerSec: js.mbPerSec,
      ...(kcat
        ? {
            baseline: {
              name: 'kcat (librdkafka), same messages, same broker',
              msgsPerSec: kcat.msgsPerSec,
            },
            ratio: round((js.msgsPerSec as number) / (kcat.msgsPerSec as number)),
          }
        : {}),
    });
  }
  const latency = find('end-to-end-latency', 'kafkajs');
  const broker = find('end-to-end-latency', 'raw');
  if (latency && broker) {
    report({
      scenario: 'end-to-end latency at 1,000 msg/s (kafkajs producer to consumer group)',
      p50Ms: latency.p50Ms,
      p99Ms: latency.p99Ms,
      baseline: {
        name: 'raw protocol producer and long-poll fetch (the broker alone)',
        p50Ms: broker.p50Ms,
        p99Ms: broker.p99Ms,
      },
      ratio: round((broker.p99Ms as number) / (latency.p99Ms as number)),
    });
  }
}

function rate(name: string, client: string, count: number, ms: number): void {
  const seconds = ms / 1000;
  report({
    bench: name,
    client,
    messages: count,
    messageBytes: MESSAGE_BYTES,
    seconds: Number(seconds.toFixed(3)),
    msgsPerSec: Math.round(count / seconds),
    mbPerSec: Number(((count * MESSAGE_BYTES) / seconds / 1024 / 1024).toFixed(1)),
  });
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish in ${STEP_TIMEOUT_MS} ms`)),
      STEP_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function startBrokerProcess(
  dataDir: string | null,
): Promise<{ child: ChildProcess; brokers: string[] }> {
  const extra = dataDir ? ['--data-dir', dataDir] : [];
  const child = spawn(process.execPath, [BIN, '--port', '0', '--log-level', 'warn', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const brokers = await withTimeout(
    new Promise<string[]>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /listening on (\S+)/.exec(line);
        if (m) resolve([m[1]]);
      });
    }),
    'broker start',
  );
  return { child, brokers };
}

function payload(i: number): Buffer {
  const b = Buffer.alloc(MESSAGE_BYTES, 120);
  b.write(String(i));
  return b;
}

async function kafkajsThroughput(kafka: Kafka): Promise<void> {
  const topic = 'bench-kafkajs';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
  await admin.disconnect();

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const batchSize = 500;
  const inFlight = 4;
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < MESSAGES) {
      const from = next;
      next = Math.min(MESSAGES, next + batchSize);
      const messages = [];
      for (let i = from; i < next; i++) messages.push({ key: String(i % 64), value: payload(i) });
      await producer.send({ topic, acks: 1, messages });
    }
  };
  await withTimeout(Promise.all(Array.from({ length: inFlight }, worker)), 'kafkajs produce');
  rate('produce', 'kafkajs', MESSAGES, performance.now() - started);
  await producer.disconnect();

  const consumer = kafka.consumer({
    groupId: 'bench-kafkajs',
    maxBytesPerPartition: 4 << 20,
    maxBytes: 32 << 20,
  });
  // Timed from joining the group, so the first fetch (which may bring most of the topic) counts.
  let joined = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = performance.now()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await withTimeout(
    new Promise<void>((resolve) => {
      void consumer.run({
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= MESSAGES) resolve();
        },
      });
    }),
    'kafkajs consume',
  );
  rate('consume', 'kafkajs', seen, performance.now() - joined);
  await consumer.disconnect();
}

function runKcat(
  args: string[],
  inputFile: string | null,
): Promise<{ ms: number; stdoutBytes: number }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn('kcat', args, { stdio: [inputFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
      let stdoutBytes = 0;
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdoutBytes += d.length));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      if (inputFile) fs.createReadStream(inputFile).pipe(child.stdin!);
      child.on('close', (code) =>
        code === 0
          ? resolve({ ms: performance.now() - started, stdoutBytes })
          : reject(new Error(`kcat exited ${code}: ${stderr}`)),
      );
    }),
    'kcat',
  );
}

async function kcatThroughput(brokers: string[], tmp: string): Promise<void> {
  if (spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status !== 0) {
    report({ bench: 'kcat', skipped: 'kcat is not installed (apt-get install -y kcat)' });
    return;
  }
  const topic = 'bench-kcat';
  const file = path.join(tmp, 'messages.txt');
  const line = `${'y'.repeat(MESSAGE_BYTES - 1)}\n`;
  fs.writeFileSync(file, line.repeat(MESSAGES));
  const b = brokers[0];
  const produced = await runKcat(
    ['-b', b, '-P', '-t', topic, '-X', 'acks=1', '-X', 'linger.ms=5', '-X', 'batch.size=1000000'],
    file,
  );
  rate('produce', 'kcat', MESSAGES, produced.ms);
  const consumed = await runKcat(
    ['-b', b, '-C', '-t', topic, '-o', 'beginning', '-c', String(MESSAGES), '-q', '-f', '%s\n'],
    null,
  );
  rate('consume', 'kcat', Math.round(consumed.stdoutBytes / MESSAGE_BYTES), consumed.ms);
}

let brokerPid = 0;
const CLOCK_TICKS_PER_SEC = 100;

/** CPU time of the broker process so far, in clock ticks (Linux /proc; 0 elsewhere). */
function brokerCpuTicks(): number {
  try {
    const fields = fs.readFileSync(`/proc/${brokerPid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function brokerCpuPercent(ticksBefore: number, elapsedMs: number): number {
  return Math.round(
    (((brokerCpuTicks() - ticksBefore) / CLOCK_TICKS_PER_SEC) * 1000 * 100) / elapsedMs,
  );
}

const nowEpoch = (): number => performance.timeOrigin + performance.now();

function percentiles(samples: number[]): { p50Ms: number; p99Ms: number; maxMs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number =>
    Number(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(2));
  return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Number(sorted[sorted.length - 1].toFixed(2)) };
}

/** kafkajs producer (own process) -> broker -> kafkajs consumer group (this process). */
async function kafkajsLatency(kafka: Kafka, brokers: string[]): Promise<void> {
  const topic = 'bench-latency';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: 'bench-latency', maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const samples: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const sentAt = Number(message.value!.toString('utf8', 0, 24).trim());
      if (sentAt > 0) samples.push(nowEpoch() - sentAt);
    },
  });
  await withTimeout(
    (async () => {
      while (!joined) await new Promise((r) => setTimeout(r, 20));
    })(),
    'latency consumer join',
  );
  const total = 1000 * LATENCY_SECONDS;
  const child = spawn(
    process.execPath,
    [
      '-r',
      require.resolve('tsx/cjs'),
      path.join(__dirname, 'latency-producer.ts'),
      brokers.join(','),
      topic,
      '1000',
      String(LATENCY_SECONDS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let producerCpuPercent = -1;
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('{')) {
      producerCpuPercent = (JSON.parse(line) as { cpuPercent: number }).cpuPercent;
    }
  });
  const consumerCpu = process.cpuUsage();
  const brokerTicks = brokerCpuTicks();
  const started = performance.now();
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`latency producer exited with ${code}`)),
      );
    }),
    'latency producer',
  );
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(consumerCpu);
  const deadline = Date.now() + 10_000;
  while (samples.length < total && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  report({
    bench: 'end-to-end-latency',
    client: 'kafkajs producer -> kafkajs consumer group',
    rateMsgsPerSec: 1000,
    seconds: LATENCY_SECONDS,
    sent: total,
    received: samples.length,
    ...percentiles(samples),
    cpuPercent: {
      producerProcess: producerCpuPercent,
      consumerProcess: Math.round(((used.user + used.system) / 1000 / elapsed) * 100),
      broker: brokerCpuPercent(brokerTicks, elapsed),
    },
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  });
  await consumer.disconnect();
}

/**
 * The broker's own contribution: a minimal protocol-level producer and a long-polling fetch on
 * the same partition, at 1,000 msg/s. Client overhead is negligible here.
 */
async function brokerLatency(port: number): Promise<void> {
  const topic = 'bench-latency-raw';
  const warmup = 2000;
  const producer = await RawClient.connect(port);
  const fetcher = await RawClient.connect(port);
  await createTopic(producer, topic, 1);
  const samples: number[] = [];
  let offset = 0;
  let running = true;
  const fetching = (async () => {
    while (running) {
      const r = await fetcher.request(ApiKey.Fetch, 11, (w) =>
        w
          .int32(-1)
          .int32(200)
          .int32(1)
          .int32(1 << 20)
          .int8(0)
          .int32(0)
          .int32(-1)
          .array([topic], (tw, t) =>
            tw.string(t).array([0], (pw, p) =>
              pw
                .int32(p)
                .int32(-1)
                .int64(offset)
                .int64(-1)
                .int32(1 << 20),
            ),
          )
          .int32(0)
          .string(''),
      );
      const at = nowEpoch();
      r.skip(4 + 2 + 4 + 4);
      r.string();
      r.skip(4 + 4 + 2 + 8 + 8 + 8 + 4 + 4);
      const records = r.bytes();
      for (let pos = 0; pos < records.length;) {
        const h = readBatchHeader(records, pos);
        for (const rec of decodeRecords(records.subarray(pos, pos + h.size))) {
          if (rec.offset < offset) continue;
          if (rec.offset >= warmup) samples.push(at - Number(rec.value!.toString()));
          offset = rec.offset + 1;
        }
        pos += h.size;
      }
    }
  })();
  const total = 1000 * LATENCY_SECONDS;
  const started = performance.now();
  let sent = 0;
  // The first 2 s warm up the broker's code paths and are not measured.
  while (sent < warmup + total) {
    const due = Math.min(warmup + total, Math.floor(performance.now() - started));
    while (sent < due) {
      void producer.request(
        ApiKey.Produce,
        7,
        produceBody(topic, 0, encodeRecordBatch([{ value: nowEpoch().toFixed(3) }]), 1),
      );
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const deadline = Date.now() + 5000;
  while (samples.length < total && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  running = false;
  await fetching.catch(() => undefined);
  report({
    bench: 'end-to-end-latency',
    client: 'raw protocol producer -> long-poll fetch (broker only)',
    rateMsgsPerSec: 1000,
    seconds: LATENCY_SECONDS,
    sent: total,
    received: samples.length,
    ...percentiles(samples),
  });
  producer.close();
  fetcher.close();
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-bench-'));
  const { child, brokers } = await startBrokerProcess(args.memory ? null : path.join(tmp, 'data'));
  brokerPid = child.pid ?? 0;
  report({
    bench: 'setup',
    brokers,
    storage: args.memory ? 'memory' : 'disk',
    messages: MESSAGES,
    cpus: os.cpus().length,
    node: process.version,
  });
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  try {
    await kafkajsThroughput(kafka);
    await kcatThroughput(brokers, tmp);
    await kafkajsLatency(kafka, brokers);
    await brokerLatency(Number(brokers[0].split(':')[1]));
    summarize();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
