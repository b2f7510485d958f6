/**
 * Child process of the benchmark: produces 1 KiB messages with kafkajs at a fixed rate, each
 * carrying its send time (epoch ms, sub-ms precision) so the consumer process can compute the
 * end-to-end latency. Runs apart from the consumer so the two clients do not share a CPU.
 *
 *   latency-producer.ts <brokers> <topic> <ratePerSec> <seconds>
 */
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';

const [brokers, topic, rate, seconds] = process.argv.slice(2);
const MESSAGE_BYTES = 1024;
const WARMUP_SECONDS = 2;
const now = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const kafka = new Kafka({
    clientId: 'bench-latency-producer',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  // Warm up the connection and metadata before the timed run.
  await producer.send({ topic, messages: [{ value: 'warmup' }] });
  process.stdout.write('ready\n');
  const perMs = Number(rate) / 1000;
  const sends: Promise<unknown>[] = [];
  // Each message goes out when it is due (not in bursts), as its own request.
  const run = async (count: number, stamp: boolean): Promise<void> => {
    const started = performance.now();
    let sent = 0;
    while (sent < count) {
      const due = Math.min(count, Math.floor((performance.now() - started) * perMs));
      while (sent < due) {
        const value = Buffer.alloc(MESSAGE_BYTES, 32);
        value.write(stamp ? now().toFixed(3) : 'warmup');
        sends.push(
          producer.send({ topic, acks: 1, messages: [{ key: String(sent % 64), value }] }),
        );
        sent++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  // Warm up (JIT, connections) at the same rate; the consumer ignores these messages.
  await run(WARMUP_SECONDS * Number(rate), false);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const total = Number(rate) * Number(seconds);
  await run(total, true);
  await Promise.all(sends);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPercent = Math.round(
    ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 100,
  );
  process.stdout.write(`${JSON.stringify({ sent: total, cpuPercent })}\n`);
  await producer.disconnect();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`latency producer failed: ${String(err)}\n`);
    process.exit(1);
  },
);
