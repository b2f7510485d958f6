import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiKey, ErrorCode, RunningBroker, encodeRecordBatch } from '../src';
import { crc32c } from '../src/protocol/crc32c';
import {
  FAST_CONSUMER,
  disconnectAll,
  kafkaFor,
  startTestBroker,
  track,
  uniqueTopic,
  waitFor,
} from './support/helpers';
import { RawClient } from './support/raw-client';
import {
  createTopic,
  initProducerId,
  latestOffset,
  produceBody,
  readProduceResponse,
} from './support/requests';

describe('idempotent producers', () => {
  let broker: RunningBroker;
  let client: RawClient;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-idem-'));
    broker = await startTestBroker({ dataDir });
    client = await RawClient.connect(broker.port);
  });
  afterEach(async () => {
    await disconnectAll();
    client.close();
    await broker.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const readValues = async (topic: string, expected: number): Promise<string[]> => {
    const consumer = track(
      kafkaFor(broker).consumer({ groupId: uniqueTopic('g'), ...FAST_CONSUMER }),
    );
    const values: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void values.push(message.value!.toString()),
    });
    await waitFor(() => values.length >= expected, 15_000, `${expected} messages`);
    await new Promise((r) => setTimeout(r, 300));
    return values;
  };

  it('writes a retried produce request once and acknowledges both with the same offset', async () => {
    const topic = uniqueTopic('idem');
    expect(await createTopic(client, topic, 1)).toBe(ErrorCode.NONE);
    const { producerId, producerEpoch } = await initProducerId(client);
    const batch = (seq: number, ...values: string[]): Buffer =>
      encodeRecordBatch(
        values.map((value) => ({ value })),
        { producer: { producerId, producerEpoch, baseSequence: seq } },
      );

    const first = batch(0, 'a', 'b', 'c');
    // The same bytes sent twice, as a client does when the first response was lost.
    const r1 = readProduceResponse(
      await client.request(ApiKey.Produce, 7, produceBody(topic, 0, Buffer.from(first))),
    );
    const r2 = readProduceResponse(
      await client.request(ApiKey.Produce, 7, produceBody(topic, 0, Buffer.from(first))),
    );
    expect(r1).toEqual({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect(r2).toEqual({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect(await latestOffset(client, topic, 0)).toBe(3);

    const next = readProduceResponse(
      await client.request(ApiKey.Produce, 7, produceBody(topic, 0, batch(3, 'd'))),
    );
    expect(next).toEqual({ errorCode: ErrorCode.NONE, baseOffset: 3 });
    // A retry of an older (but still remembered) batch is also recognised.
    expect(
      readProduceResponse(
        await client.request(ApiKey.Produce, 7, produceBody(topic, 0, Buffer.from(first))),
      ),
    ).toEqual({
      errorCode: ErrorCode.NONE,
      baseOffset: 0,
    });

    const gap = readProduceResponse(
      await client.request(ApiKey.Produce, 7, produceBody(topic, 0, batch(9, 'x'))),
    );
    expect(gap.errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const staleEpoch = encodeRecordBatch([{ value: 'y' }], {
      producer: { producerId, producerEpoch: producerEpoch - 1, baseSequence: 4 },
    });
    expect(
      readProduceResponse(
        await client.request(ApiKey.Produce, 7, produceBody(topic, 0, staleEpoch)),
      ).errorCode,
    ).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await latestOffset(client, topic, 0)).toBe(4);
    expect(await readValues(topic, 4)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('still recognises duplicates after a restart (state rebuilt from the log)', async () => {
    const topic = uniqueTopic('idem-restart');
    await createTopic(client, topic, 1);
    const { producerId, producerEpoch } = await initProducerId(client);
    const first = encodeRecordBatch([{ value: 'only-once' }], {
      producer: { producerId, producerEpoch, baseSequence: 0 },
    });
    expect(
      readProduceResponse(
        await client.request(ApiKey.Produce, 7, produceBody(topic, 0, Buffer.from(first))),
      ).baseOffset,
    ).toBe(0);
    client.close();
    await broker.stop();

    broker = await startTestBroker({ dataDir });
    client = await RawClient.connect(broker.port);
    expect(
      readProduceResponse(
        await client.request(ApiKey.Produce, 7, produceBody(topic, 0, Buffer.from(first))),
      ),
    ).toEqual({
      errorCode: ErrorCode.NONE,
      baseOffset: 0,
    });
    expect(await latestOffset(client, topic, 0)).toBe(1);
    // Producer ids are never handed out twice, even across restarts.
    expect((await initProducerId(client)).producerId).toBeGreaterThan(producerId);
  });

  it('rejects corrupt batches without writing them', async () => {
    const topic = uniqueTopic('crc');
    await createTopic(client, topic, 1);
    const bad = encodeRecordBatch([{ value: 'corrupt me' }]);
    bad[bad.length - 1] ^= 0xff;
    expect(
      readProduceResponse(await client.request(ApiKey.Produce, 7, produceBody(topic, 0, bad)))
        .errorCode,
    ).toBe(ErrorCode.CORRUPT_MESSAGE);
    const truncated = encodeRecordBatch([{ value: 'cut' }]).subarray(0, 70);
    expect(
      readProduceResponse(await client.request(ApiKey.Produce, 7, produceBody(topic, 0, truncated)))
        .errorCode,
    ).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(
      readProduceResponse(
        await client.request(
          ApiKey.Produce,
          7,
          produceBody(uniqueTopic('missing'), 0, encodeRecordBatch([{ value: 'x' }])),
        ),
      ).errorCode,
    ).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const lying = encodeRecordBatch([{ value: 'one' }, { value: 'two' }]);
    lying.writeInt32BE(5, 23); // lastOffsetDelta, re-checksummed so only the count is wrong
    lying.writeUInt32BE(crc32c(lying, 21), 17);
    expect(
      readProduceResponse(await client.request(ApiKey.Produce, 7, produceBody(topic, 0, lying)))
        .errorCode,
    ).toBe(ErrorCode.INVALID_RECORD);
    expect(await latestOffset(client, topic, 0)).toBe(0);
  });

  it('serves the kafkajs idempotent producer', async () => {
    const topic = uniqueTopic('kafkajs-idem');
    const producer = track(kafkaFor(broker).producer({ idempotent: true, maxInFlightRequests: 1 }));
    await producer.connect();
    for (let i = 0; i < 20; i++) {
      await producer.send({ topic, acks: -1, messages: [{ key: `k${i % 3}`, value: `v${i}` }] });
    }
    const values = await readValues(topic, 20);
    expect(values.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
  });
});
