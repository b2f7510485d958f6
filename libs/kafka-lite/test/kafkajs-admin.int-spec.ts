import { Admin, Kafka } from 'kafkajs';
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

interface KafkajsBroker {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  offsetFetch(request: {
    groupId: string;
    topics: { topic: string; partitions: { partition: number }[] }[];
  }): Promise<{ responses: { partitions: { offset: string; metadata: string | null }[] }[] }>;
}

/** kafkajs' own per-broker client (not exported by its API), for answers its admin reshapes. */
function kafkajsBrokerClient(broker: RunningBroker): KafkajsBroker {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Broker = require('kafkajs/src/broker');
  const ConnectionPool = require('kafkajs/src/network/connectionPool');
  const socketFactory = require('kafkajs/src/network/socketFactory');
  const { createLogger, LEVELS } = require('kafkajs/src/loggers');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const logger = createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined });
  const [host, port] = broker.brokers[0].split(':');
  const connectionPool = new ConnectionPool({
    host,
    port: Number(port),
    logger,
    socketFactory: socketFactory(),
    clientId: 'offset-fetch-test',
    connectionTimeout: 5_000,
    requestTimeout: 10_000,
    maxInFlightRequests: 1,
  });
  return new Broker({ connectionPool, logger, allowAutoTopicCreation: false });
}

describe('kafkajs admin against kafka-lite', () => {
  let broker: RunningBroker;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaFor(broker, 'admin-test');
    admin = kafka.admin();
    await admin.connect();
  });
  afterEach(disconnectAll);
  afterAll(async () => {
    await admin.disconnect();
    await broker.stop();
  });

  it('creates, lists, describes and deletes topics', async () => {
    const topic = uniqueTopic('admin');
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })).toBe(false);
    expect(await admin.listTopics()).toContain(topic);
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3]);
    expect(meta.topics[0].partitions[0]).toMatchObject({ leader: 1, replicas: [1], isr: [1] });
    await admin.deleteTopics({ topics: [topic] });
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('uses the default partition count and refuses what a single broker cannot do', async () => {
    const topic = uniqueTopic('defaults');
    await admin.createTopics({ topics: [{ topic }] });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0].partitions).toHaveLength(6);
    await expect(
      admin.createTopics({ topics: [{ topic: uniqueTopic('rf'), replicationFactor: 3 }] }),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_REPLICATION_FACTOR' })],
    });
    await expect(admin.createTopics({ topics: [{ topic: 'bad topic!' }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_TOPIC_EXCEPTION' })],
    });
    await expect(
      admin.createTopics({
        topics: [
          { topic: uniqueTopic('cfg'), configEntries: [{ name: 'no.such.config', value: '1' }] },
        ],
      }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })] });
    await expect(admin.deleteTopics({ topics: [uniqueTopic('missing')] })).rejects.toThrow();
  });

  it('adds partitions, keeping existing data', async () => {
    const topic = uniqueTopic('grow');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = track(kafka.producer());
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'x', partition: 1 }] });
    await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0].partitions).toHaveLength(5);
    await expect(
      admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] }),
    ).rejects.toMatchObject({ type: 'INVALID_PARTITIONS' });
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.find((o) => o.partition === 1)).toMatchObject({
      offset: '1',
      low: '0',
      high: '1',
    });
    expect(offsets.find((o) => o.partition === 4)).toMatchObject({ offset: '0' });
    await producer.disconnect();
  });

  it('answers an offset committed without metadata with "" as Kafka does, not null', async () => {
    const topic = uniqueTopic('no-metadata');
    const groupId = uniqueTopic('group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    // kafkajs commits with metadata null, as its consumer does; its admin then turns "" into null,
    // so the answer is read through kafkajs' own broker client, as its consumer reads it.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] });
    const client = kafkajsBrokerClient(broker);
    await client.connect();
    try {
      const { responses } = await client.offsetFetch({
        groupId,
        topics: [{ topic, partitions: [{ partition: 0 }] }],
      });
      expect(responses[0].partitions[0]).toMatchObject({ offset: '0', metadata: '' });
    } finally {
      await client.disconnect();
    }
  });

  it('lists and describes groups and fetches, sets and resets their offsets', async () => {
    const topic = uniqueTopic('groups');
    const groupId = uniqueTopic('group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = track(kafka.producer());
    await producer.connect();
    await producer.send({
      topic,
      messages: [0, 1, 2, 3].map((i) => ({ value: `m${i}`, partition: i % 2 })),
    });
    const consumer = track(kafka.consumer({ groupId, ...FAST_CONSUMER }));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await waitFor(() => seen === 4, 15_000, 'four messages');

    await waitFor(
      async () => {
        const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
        return offsets[0].partitions.every((p) => p.offset === '2');
      },
      10_000,
      'committed offsets',
    );
    const { groups } = await admin.listGroups();
    expect(groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({
      groupId,
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'RoundRobinAssigner',
    });
    expect(described.groups[0].members).toHaveLength(1);
    expect(described.groups[0].members[0].clientId).toBe('admin-test');

    await consumer.disconnect();
    const afterLeave = await admin.describeGroups([groupId]);
    expect(afterLeave.groups[0]).toMatchObject({ state: 'Empty', members: [] });
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
    await admin.resetOffsets({ groupId, topic, earliest: true });
    // kafkajs commits the logical offset -2 (earliest), which consumers resolve on start.
    const reset = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(reset[0].partitions.map((p) => p.offset)).toEqual(['-2', '-2']);
    const unknown = await admin.describeGroups([uniqueTopic('nobody')]);
    expect(unknown.groups[0].state).toBe('Dead');
    expect(await admin.deleteGroups([groupId])).toEqual([{ groupId, errorCode: 0 }]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
    await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({
      name: 'KafkaJSDeleteGroupsError',
    });
    await producer.disconnect();
  });
});
