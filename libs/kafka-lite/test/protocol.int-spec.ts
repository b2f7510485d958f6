import {
  ApiKey,
  ErrorCode,
  Reader,
  RunningBroker,
  encodeRecordBatch,
  readBatchHeader,
} from '../src';
import { startTestBroker, uniqueTopic } from './support/helpers';
import { RawClient } from './support/raw-client';
import { createTopic, latestOffset, produceBody, readProduceResponse } from './support/requests';

interface FetchedPartition {
  errorCode: number;
  highWatermark: number;
  batches: Buffer[];
}

/** Sends Fetch v11 for one partition and decodes the single-partition response. */
async function fetchOne(
  client: RawClient,
  topic: string,
  offset: number,
  limits: { maxWaitMs: number; minBytes: number; maxBytes?: number; partitionMaxBytes?: number },
): Promise<FetchedPartition> {
  const r: Reader = await client.request(ApiKey.Fetch, 11, (w) =>
    w
      .int32(-1)
      .int32(limits.maxWaitMs)
      .int32(limits.minBytes)
      .int32(limits.maxBytes ?? 1 << 20)
      .int8(1)
      .int32(0)
      .int32(-1)
      .array([topic], (tw, t) =>
        tw.string(t).array([0], (pw, p) =>
          pw
            .int32(p)
            .int32(-1)
            .int64(offset)
            .int64(-1)
            .int32(limits.partitionMaxBytes ?? 1 << 20),
        ),
      )
      .int32(0)
      .string(''),
  );
  r.int32(); // throttle
  expect(r.int16()).toBe(ErrorCode.NONE);
  expect(r.int32()).toBe(0); // no fetch session
  r.int32();
  r.string();
  r.int32();
  r.int32();
  const errorCode = r.int16();
  const highWatermark = r.int64();
  r.int64();
  r.int64();
  r.int32();
  r.int32();
  const records = r.bytes();
  const batches: Buffer[] = [];
  for (let pos = 0; pos < records.length;) {
    const size = readBatchHeader(records, pos).size;
    batches.push(records.subarray(pos, pos + size));
    pos += size;
  }
  return { errorCode, highWatermark, batches };
}

describe('protocol details', () => {
  let broker: RunningBroker;
  let client: RawClient;

  beforeAll(async () => {
    broker = await startTestBroker();
  });
  beforeEach(async () => {
    client = await RawClient.connect(broker.port);
  });
  afterEach(() => client.close());
  afterAll(() => broker.stop());

  it('writes acks=0 produce requests without answering them', async () => {
    const topic = uniqueTopic('acks0');
    await createTopic(client, topic, 1);
    client.write(
      client.frame(
        ApiKey.Produce,
        7,
        produceBody(topic, 0, encodeRecordBatch([{ value: 'fire' }]), 0),
      ),
    );
    // The next request's answer comes back first: nothing was sent for the acks=0 request.
    expect(await latestOffset(client, topic, 0)).toBe(1);
  });

  it('long-polls until minBytes arrive or maxWaitMs passes', async () => {
    const topic = uniqueTopic('poll');
    await createTopic(client, topic, 1);
    const started = Date.now();
    const empty = await fetchOne(client, topic, 0, { maxWaitMs: 300, minBytes: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(empty).toEqual({ errorCode: ErrorCode.NONE, highWatermark: 0, batches: [] });

    const fetcher = await RawClient.connect(broker.port);
    const waiting = fetchOne(fetcher, topic, 0, { maxWaitMs: 10_000, minBytes: 1 });
    await new Promise((r) => setTimeout(r, 100));
    const producedAt = Date.now();
    readProduceResponse(
      await client.request(
        ApiKey.Produce,
        7,
        produceBody(topic, 0, encodeRecordBatch([{ value: 'wake' }])),
      ),
    );
    const woken = await waiting;
    expect(Date.now() - producedAt).toBeLessThan(1000);
    expect(woken.batches).toHaveLength(1);
    expect(woken.highWatermark).toBe(1);

    // minBytes larger than what is there: waits the full maxWaitMs, then answers with what it has.
    const before = Date.now();
    const partial = await fetchOne(fetcher, topic, 0, { maxWaitMs: 300, minBytes: 1 << 20 });
    expect(Date.now() - before).toBeGreaterThanOrEqual(250);
    expect(partial.batches).toHaveLength(1);
    fetcher.close();
  });

  it('returns whole batches within maxBytes, but always the first one (KIP-74)', async () => {
    const topic = uniqueTopic('limits');
    await createTopic(client, topic, 1);
    for (let i = 0; i < 3; i++) {
      const batch = encodeRecordBatch([{ value: 'x'.repeat(1000) }, { value: 'y'.repeat(1000) }]);
      readProduceResponse(await client.request(ApiKey.Produce, 7, produceBody(topic, 0, batch)));
    }
    const size = (await fetchOne(client, topic, 0, { maxWaitMs: 0, minBytes: 0 })).batches[0]
      .length;
    expect((await fetchOne(client, topic, 0, { maxWaitMs: 0, minBytes: 0 })).batches).toHaveLength(
      3,
    );
    expect(
      (await fetchOne(client, topic, 0, { maxWaitMs: 0, minBytes: 0, partitionMaxBytes: 2 * size }))
        .batches,
    ).toHaveLength(2);
    expect(
      (await fetchOne(client, topic, 0, { maxWaitMs: 0, minBytes: 0, maxBytes: 2 * size + 10 }))
        .batches,
    ).toHaveLength(2);
    expect(
      (
        await fetchOne(client, topic, 0, {
          maxWaitMs: 0,
          minBytes: 0,
          maxBytes: 10,
          partitionMaxBytes: 10,
        })
      ).batches,
    ).toHaveLength(1);
    // Fetching from inside a batch returns that whole batch; the client skips the earlier records.
    const fromMiddle = await fetchOne(client, topic, 3, { maxWaitMs: 0, minBytes: 0 });
    expect(fromMiddle.batches.map((b) => readBatchHeader(b).baseOffset)).toEqual([2, 4]);
  });

  it('reports out-of-range offsets and unknown partitions per partition', async () => {
    const topic = uniqueTopic('range');
    await createTopic(client, topic, 1);
    expect((await fetchOne(client, topic, 5, { maxWaitMs: 0, minBytes: 0 })).errorCode).toBe(
      ErrorCode.OFFSET_OUT_OF_RANGE,
    );
    expect(
      (await fetchOne(client, uniqueTopic('nope'), 0, { maxWaitMs: 5000, minBytes: 1 })).errorCode,
    ).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('hands a new member its id with MEMBER_ID_REQUIRED before it can join (JoinGroup v4+)', async () => {
    const uniqueGroup = uniqueTopic('raw-group');
    const join = (memberId: string): Promise<Reader> =>
      client.request(ApiKey.JoinGroup, 5, (w) =>
        w
          .string(uniqueGroup)
          .int32(10_000)
          .int32(10_000)
          .string(memberId)
          .nullableString(null)
          .string('consumer')
          .array(['range'], (pw, p) => pw.string(p).bytes(Buffer.from('meta'))),
      );
    const first = await join('');
    first.int32();
    expect(first.int16()).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    first.int32();
    first.string();
    first.string();
    const memberId = first.string();
    expect(memberId).toMatch(/^raw-client-/);
    const second = await join(memberId);
    second.int32();
    expect(second.int16()).toBe(ErrorCode.NONE);
    expect(second.int32()).toBe(1);
    expect(second.string()).toBe('range');
    expect(second.string()).toBe(memberId);
    expect(second.string()).toBe(memberId);
    const members = second.array((m) => ({
      id: m.string(),
      instance: m.nullableString(),
      meta: m.bytes().toString(),
    }));
    expect(members).toEqual([{ id: memberId, instance: null, meta: 'meta' }]);
  });
});
