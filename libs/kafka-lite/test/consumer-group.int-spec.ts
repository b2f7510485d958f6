import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { RunningBroker } from '../src';
import {
  FAST_CONSUMER,
  kafkaFor,
  sleep,
  startTestBroker,
  uniqueTopic,
  waitFor,
} from './support/helpers';

interface Delivery {
  member: string;
  key: string;
  value: string;
  partition: number;
}

const PARTITIONS = 6;
const KEYS = 24;

describe('consumer groups of kafkajs consumers on a 6-partition topic', () => {
  let broker: RunningBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topic: string;
  let groupId: string;
  let deliveries: Delivery[];
  let assignments: Map<string, number[]>;
  let produced: string[];
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaFor(broker, 'group-test');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await broker.stop();
  });

  beforeEach(async () => {
    topic = uniqueTopic('group');
    groupId = uniqueTopic('g');
    deliveries = [];
    assignments = new Map();
    produced = [];
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });

  /** Produces `count` keyed messages, each value `<key>:<seq>` with a per-key sequence. */
  const produce = async (count: number): Promise<void> => {
    const messages = Array.from({ length: count }, () => {
      const n = produced.length;
      const key = `key-${n % KEYS}`;
      const value = `${key}:${Math.floor(n / KEYS)}`;
      produced.push(value);
      return { key, value };
    });
    await producer.send({ topic, messages, acks: -1 });
  };

  const startMember = async (name: string): Promise<Consumer> => {
    const consumer = kafka.consumer({ groupId, ...FAST_CONSUMER });
    consumer.on(consumer.events.GROUP_JOIN, (e) =>
      assignments.set(name, e.payload.memberAssignment[topic] ?? []),
    );
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        deliveries.push({
          member: name,
          key: message.key!.toString(),
          value: message.value!.toString(),
          partition,
        });
      },
    });
    consumers.push(consumer);
    return consumer;
  };

  /** Waits until the named members together own all partitions, each with the given count. */
  const waitForAssignment = (members: string[], what: string): Promise<void> =>
    waitFor(
      () => {
        const owned = members.flatMap((m) => assignments.get(m) ?? []);
        const even = members.every(
          (m) => (assignments.get(m) ?? []).length === PARTITIONS / members.length,
        );
        return even && owned.length === PARTITIONS && new Set(owned).size === PARTITIONS;
      },
      20_000,
      what,
    );

  const expectExactlyOnceInKeyOrder = (): void => {
    const counts = new Map<string, number>();
    for (const d of deliveries) counts.set(d.value, (counts.get(d.value) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(counts.keys())).toEqual(new Set(produced));
    for (let k = 0; k < KEYS; k++) {
      const seqs = deliveries
        .filter((d) => d.key === `key-${k}`)
        .map((d) => Number(d.value.split(':')[1]));
      expect(seqs).toEqual(seqs.map((_, i) => i));
    }
  };

  const committedEverything = async (): Promise<boolean> => {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.every(
      (e) => committed.partitions.find((p) => p.partition === e.partition)?.offset === e.high,
    );
  };

  it('splits partitions among members, rebalancing on join and on leave, consuming each message once in key order', async () => {
    await startMember('a');
    await waitForAssignment(['a'], 'a to own every partition');
    await produce(240);
    await waitFor(() => deliveries.length === 240, 20_000, 'first 240 messages');

    await startMember('b');
    await startMember('c');
    await waitForAssignment(['a', 'b', 'c'], 'three members with two partitions each');
    await produce(240);
    await waitFor(() => deliveries.length === 480, 20_000, 'second 240 messages');
    expect(new Set(deliveries.slice(240).map((d) => d.member))).toEqual(new Set(['a', 'b', 'c']));
    for (const m of ['a', 'b', 'c']) {
      const mine = new Set(assignments.get(m));
      expect(
        deliveries
          .slice(240)
          .filter((d) => d.member === m)
          .every((d) => mine.has(d.partition)),
      ).toBe(true);
    }

    const b = consumers[1];
    consumers.splice(1, 1);
    await b.disconnect();
    await waitForAssignment(['a', 'c'], 'a and c to take over after b left');
    await produce(240);
    await waitFor(() => deliveries.length === 720, 20_000, 'third 240 messages');
    expect(deliveries.slice(480).some((d) => d.member === 'b')).toBe(false);
    expectExactlyOnceInKeyOrder();
    await waitFor(committedEverything, 10_000, 'offsets committed');
    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0].members).toHaveLength(2);
  });

  it('takes over the partitions of a crashed member once its session expires', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        path.join(__dirname, 'fixtures', 'crash-consumer.js'),
        broker.brokers.join(','),
        topic,
        groupId,
        '3000',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const event = JSON.parse(line) as {
          type: string;
          assignment?: Record<string, number[]>;
        } & Delivery;
        if (event.type === 'assigned') assignments.set('crash', event.assignment?.[topic] ?? []);
        if (event.type === 'message') deliveries.push({ ...event, member: 'crash' });
      });
      await waitForAssignment(['crash'], 'the child process to own every partition');
      await startMember('a');
      await startMember('b');
      await waitForAssignment(['a', 'b', 'crash'], 'three members');
      await produce(240);
      await waitFor(() => deliveries.length === 240, 20_000, 'first 240 messages');
      expect(deliveries.some((d) => d.member === 'crash')).toBe(true);
      await waitFor(committedEverything, 10_000, 'offsets committed before the crash');
      const crashed = assignments.get('crash')!;

      child.kill('SIGKILL');
      const killedAt = Date.now();
      await waitForAssignment(['a', 'b'], 'the survivors to own every partition');
      const tookOver = Date.now() - killedAt;
      // Nobody left the group: the coordinator only notices when the 3 s session runs out.
      expect(tookOver).toBeGreaterThan(1500);
      const described = await admin.describeGroups([groupId]);
      expect(described.groups[0].members).toHaveLength(2);

      await produce(240);
      await waitFor(() => deliveries.length === 480, 20_000, 'messages after the crash');
      const after = deliveries.slice(240);
      expect(after.some((d) => d.member === 'crash')).toBe(false);
      expect(after.some((d) => crashed.includes(d.partition))).toBe(true);
      expectExactlyOnceInKeyOrder();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('gives a newly joining member work while existing members keep consuming', async () => {
    await startMember('a');
    await waitForAssignment(['a'], 'a to own every partition');
    let producing = true;
    const background = (async () => {
      while (producing) {
        await produce(12);
        await sleep(20);
      }
    })();
    await sleep(300);
    await startMember('b');
    await waitForAssignment(['a', 'b'], 'a and b with three partitions each');
    await sleep(300);
    producing = false;
    await background;
    await waitFor(
      () => deliveries.length === produced.length,
      20_000,
      'all messages produced during the rebalance',
    );
    expect(deliveries.some((d) => d.member === 'b')).toBe(true);
    expectExactlyOnceInKeyOrder();
  });
});
