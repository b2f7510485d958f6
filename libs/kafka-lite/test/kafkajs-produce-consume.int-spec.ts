import { CompressionTypes, Kafka } from 'kafkajs';
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

describe('kafkajs producer and consumer against kafka-lite', () => {
  let broker: RunningBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaFor(broker, 'pc-test');
  });
  afterEach(disconnectAll);
  afterAll(() => broker.stop());

  it('auto-creates topics and delivers keys, values, headers and timestamps in order', async () => {
    const topic = uniqueTopic('pc');
    const producer = track(kafka.producer());
    await producer.connect();
    const sent = Array.from({ length: 50 }, (_, i) => ({
      key: `key-${i % 5}`,
      value: `value-${i}`,
      headers: { seq: String(i) },
      timestamp: String(1_700_000_000_000 + i),
    }));
    const acks = await producer.send({ topic, messages: sent, acks: -1 });
    expect(acks.every((a) => a.errorCode === 0)).toBe(true);

    const consumer = track(kafka.consumer({ groupId: uniqueTopic('g'), ...FAST_CONSUMER }));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: {
      key: string;
      value: string;
      seq: string;
      ts: string;
      partition: number;
      offset: string;
    }[] = [];
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        got.push({
          key: message.key!.toString(),
          value: message.value!.toString(),
          seq: message.headers!.seq!.toString(),
          ts: message.timestamp,
          partition,
          offset: message.offset,
        });
      },
    });
    await waitFor(() => got.length === 50, 15_000, '50 messages');
    await consumer.disconnect();
    await producer.disconnect();

    expect(new Set(got.map((m) => m.value)).size).toBe(50);
    for (const m of got) {
      expect(m.seq).toBe(m.value.slice('value-'.length));
      expect(m.ts).toBe(String(1_700_000_000_000 + Number(m.seq)));
    }
    // Same key, same partition, in send order; offsets per partition are 0..n-1.
    for (let k = 0; k < 5; k++) {
      const forKey = got.filter((m) => m.key === `key-${k}`);
      expect(new Set(forKey.map((m) => m.partition)).size).toBe(1);
      expect(forKey.map((m) => Number(m.seq))).toEqual(
        [...forKey.map((m) => Number(m.seq))].sort((a, b) => a - b),
      );
    }
    for (const p of new Set(got.map((m) => m.partition))) {
      const offsets = got.filter((m) => m.partition === p).map((m) => Number(m.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
  });

  it('stores compressed batches as sent and serves them back', async () => {
    const topic = uniqueTopic('gzip');
    const producer = track(kafka.producer());
    await producer.connect();
    const values = Array.from({ length: 200 }, (_, i) => `compressed-${i}-${'x'.repeat(100)}`);
    await producer.send({
      topic,
      compression: CompressionTypes.GZIP,
      messages: values.map((value) => ({ value, partition: 0 })),
    });
    const consumer = track(kafka.consumer({ groupId: uniqueTopic('g'), ...FAST_CONSUMER }));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: string[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => void got.push(message.value!.toString()),
    });
    await waitFor(() => got.length === 200, 15_000, '200 messages');
    expect(got).toEqual(values);
    await consumer.disconnect();
    await producer.disconnect();
  });

  it('wakes a long-polling consumer as soon as a message is produced', async () => {
    const topic = uniqueTopic('latency');
    const producer = track(kafka.producer());
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'warmup', partition: 0 }] });
    const consumer = track(
      kafka.consumer({ groupId: uniqueTopic('g'), ...FAST_CONSUMER, maxWaitTimeInMs: 5000 }),
    );
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const arrivals: number[] = [];
    await consumer.run({ eachMessage: async () => void arrivals.push(Date.now()) });
    await waitFor(() => arrivals.length === 1, 15_000, 'warmup message');
    await new Promise((r) => setTimeout(r, 300));
    const sentAt = Date.now();
    await producer.send({ topic, messages: [{ value: 'now', partition: 0 }] });
    await waitFor(() => arrivals.length === 2, 5000, 'second message');
    // The fetch waits up to 5 s; being woken by the append makes delivery immediate.
    expect(arrivals[1] - sentAt).toBeLessThan(1000);
    await consumer.disconnect();
    await producer.disconnect();
  });

  it('answers ListOffsets for earliest, latest and timestamps', async () => {
    const topic = uniqueTopic('offsets');
    const admin = track(kafka.admin());
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = track(kafka.producer());
    await producer.connect();
    for (let i = 0; i < 5; i++) {
      await producer.send({
        topic,
        messages: [{ value: `v${i}`, timestamp: String(1_000_000 + i * 1000) }],
      });
    }
    expect(await admin.fetchTopicOffsets(topic)).toEqual([
      { partition: 0, offset: '5', high: '5', low: '0' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 1_002_500)).toEqual([
      { partition: 0, offset: '3' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, 0)).toEqual([
      { partition: 0, offset: '0' },
    ]);
    await producer.disconnect();
    await admin.disconnect();
  });

  it('refuses batches above max.message.bytes with MESSAGE_TOO_LARGE', async () => {
    const topic = uniqueTopic('big');
    const admin = track(kafka.admin());
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '2000' }] },
      ],
    });
    const producer = track(kafka.producer({ retry: { retries: 0 } }));
    await producer.connect();
    await expect(
      producer.send({ topic, messages: [{ value: 'y'.repeat(5000) }] }),
    ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    await producer.send({ topic, messages: [{ value: 'small' }] });
    await producer.disconnect();
    await admin.disconnect();
  });
});
