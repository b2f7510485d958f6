import * as net from 'node:net';
import fc from 'fast-check';
import { ApiKey, ErrorCode, Reader, RunningBroker, Writer, encodeRecordBatch } from '../src';
import {
  FAST_CONSUMER,
  disconnectAll,
  kafkaFor,
  sleep,
  startTestBroker,
  track,
  uniqueTopic,
  waitFor,
} from './support/helpers';
import { RawClient } from './support/raw-client';
import { createTopic, produceBody } from './support/requests';

/** Sends bytes on a fresh connection, then waits briefly (or for the broker to close it). */
function sendRaw(port: number, chunks: Buffer[], closeEarly: boolean): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve();
    };
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', () => undefined);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (closeEarly) finish();
      else setTimeout(finish, 5);
    });
  });
}

const framed = (payload: Uint8Array): Buffer => {
  const head = Buffer.alloc(4);
  head.writeInt32BE(payload.length);
  return Buffer.concat([head, Buffer.from(payload)]);
};

/** A syntactically valid request header for a real API key/version, followed by random bytes. */
const headerThenGarbage = fc
  .record({
    apiKey: fc.constantFrom(...Object.values(ApiKey), 4, 17, 21, 36, 60, 999),
    apiVersion: fc.integer({ min: -1, max: 14 }),
    body: fc.uint8Array({ maxLength: 200 }),
  })
  .map(({ apiKey, apiVersion, body }) => {
    const head = Buffer.alloc(10);
    head.writeInt16BE(apiKey, 0);
    head.writeInt16BE(apiVersion, 2);
    head.writeInt32BE(7, 4);
    head.writeInt16BE(4, 8);
    return framed(Buffer.concat([head, Buffer.from('fuzz'), Buffer.from(body)]));
  });

/** Well-formed requests of several APIs; the fuzzer flips and cuts their bytes. */
function validFrames(): Buffer[] {
  const frame = (apiKey: number, version: number, body: (w: Writer) => void): Buffer => {
    const w = new Writer().int16(apiKey).int16(version).int32(1).nullableString('fuzz');
    body(w);
    return framed(w.toBuffer());
  };
  const batch = encodeRecordBatch([{ key: 'k', value: 'v', headers: [{ key: 'h', value: 'x' }] }]);
  return [
    frame(ApiKey.Metadata, 4, (w) =>
      w.array(['fuzz-topic'], (tw, t) => tw.string(t)).boolean(true),
    ),
    frame(ApiKey.Produce, 7, produceBody('fuzz-topic', 0, batch)),
    frame(ApiKey.Fetch, 11, (w) =>
      w
        .int32(-1)
        .int32(10)
        .int32(1)
        .int32(1000)
        .int8(0)
        .int32(0)
        .int32(-1)
        .array(['fuzz-topic'], (tw, t) =>
          tw.string(t).array([0], (pw, p) => pw.int32(p).int32(-1).int64(0).int64(-1).int32(1000)),
        )
        .int32(0)
        .string(''),
    ),
    frame(ApiKey.JoinGroup, 5, (w) =>
      w
        .string('fuzz-group')
        .int32(1000)
        .int32(1000)
        .string('')
        .nullableString(null)
        .string('consumer')
        .array(['range'], (pw, p) => pw.string(p).bytes(Buffer.from([0, 1, 2]))),
    ),
    frame(ApiKey.OffsetCommit, 2, (w) =>
      w
        .string('fuzz-group')
        .int32(-1)
        .string('')
        .int64(-1)
        .array(['fuzz-topic'], (tw, t) =>
          tw.string(t).array([0], (pw, p) => pw.int32(p).int64(1).nullableString(null)),
        ),
    ),
    frame(ApiKey.CreateTopics, 3, (w) =>
      w
        .array(['fuzz-created'], (tw, t) => tw.string(t).int32(2).int16(1).int32(0).int32(0))
        .int32(1000)
        .boolean(false),
    ),
    frame(ApiKey.ListOffsets, 3, (w) =>
      w
        .int32(-1)
        .int8(0)
        .array(['fuzz-topic'], (tw, t) =>
          tw.string(t).array([0], (pw, p) => pw.int32(p).int64(-2)),
        ),
    ),
  ];
}

const mutatedValid = fc
  .record({
    index: fc.nat(),
    flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
      maxLength: 4,
    }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ index, flips, cut }) => {
    const frames = validFrames();
    const frame = Buffer.from(frames[index % frames.length]);
    // Keep the size prefix intact so the mutation reaches the request decoder.
    for (const f of flips) frame[4 + (f.at % (frame.length - 4))] = f.value;
    return cut === undefined ? frame : frame.subarray(0, cut % frame.length);
  });

const anyInput = fc.oneof(
  mutatedValid,
  mutatedValid,
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.uint8Array({ maxLength: 300 }).map(framed),
  headerThenGarbage,
  fc.integer({ min: -2147483648, max: 2147483647 }).map((n) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  }),
);

describe('robustness against bad clients', () => {
  let broker: RunningBroker;
  const unexpected: unknown[] = [];
  const onUnexpected = (err: unknown): void => void unexpected.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onUnexpected);
    process.on('unhandledRejection', onUnexpected);
    broker = await startTestBroker({
      logLevel: 'silent',
      maxFrameBytes: 1024 * 1024,
      maxPartitionsPerTopic: 64,
    });
  });
  afterEach(disconnectAll);
  afterAll(async () => {
    await broker.stop();
    process.off('uncaughtException', onUnexpected);
    process.off('unhandledRejection', onUnexpected);
  });

  it('answers ApiVersions with a newer version than it supports the way librdkafka expects', async () => {
    const client = await RawClient.connect(broker.port);
    const r = await client.request(ApiKey.ApiVersions, 3, (w) => w.int8(0));
    expect(r.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const apis = r.array((x) => ({ apiKey: x.int16(), min: x.int16(), max: x.int16() }));
    expect(r.remaining()).toBe(0);
    expect(apis).toContainEqual({ apiKey: ApiKey.ApiVersions, min: 0, max: 2 });
    const ok = await client.request(ApiKey.ApiVersions, 2);
    expect(ok.int16()).toBe(ErrorCode.NONE);
    expect(ok.array((x) => x.int16() + x.int16() + x.int16()).length).toBe(apis.length);
    expect(ok.int32()).toBe(0);
    client.close();
  });

  it('closes only the offending connection on an unknown API, an unsupported version or an oversized frame', async () => {
    const bystander = await RawClient.connect(broker.port);
    for (const bad of [
      (c: RawClient) => c.write(c.frame(999, 0, () => undefined)),
      (c: RawClient) => c.write(c.frame(ApiKey.Metadata, 99, () => undefined)),
      (c: RawClient) => c.write(Buffer.from([0x00, 0x20, 0x00, 0x00])),
      (c: RawClient) => c.write(c.frame(ApiKey.Metadata, 1, (w) => w.int32(5))),
    ]) {
      const victim = await RawClient.connect(broker.port);
      bad(victim);
      expect(await victim.waitClosed()).toBe(true);
    }
    const r: Reader = await bystander.request(ApiKey.ApiVersions, 0);
    expect(r.int16()).toBe(ErrorCode.NONE);
    bystander.close();
  });

  it('survives a client that disconnects mid-request or during a long poll', async () => {
    const client = await RawClient.connect(broker.port);
    const frame = client.frame(ApiKey.Metadata, 1, (w) => w.int32(-1));
    await sendRaw(broker.port, [frame.subarray(0, frame.length - 3)], true);
    const topic = uniqueTopic('poll');
    expect(await createTopic(client, topic, 1)).toBe(ErrorCode.NONE);
    const longPoll = client.frame(ApiKey.Fetch, 4, (w) =>
      w
        .int32(-1)
        .int32(30_000)
        .int32(1)
        .int32(1 << 20)
        .int8(0)
        .array([topic], (tw, t) =>
          tw.string(t).array([0], (pw, p) =>
            pw
              .int32(p)
              .int64(0)
              .int32(1 << 20),
          ),
        ),
    );
    client.write(longPoll);
    await sleep(50);
    client.close();
    const again = await RawClient.connect(broker.port);
    expect((await again.request(ApiKey.ApiVersions, 1)).int16()).toBe(ErrorCode.NONE);
    again.close();
  });

  it('keeps serving kafkajs after a storm of random and malformed frames', async () => {
    const kafka = kafkaFor(broker, 'after-fuzz');
    const producer = track(kafka.producer());
    await producer.connect();
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyInput, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (chunks, closeEarly) => {
          await sendRaw(broker.port, chunks, closeEarly);
        },
      ),
      { numRuns: 600 },
    );
    expect(unexpected).toEqual([]);

    // The producer connected before the storm keeps working, and so do new clients.
    const topic = uniqueTopic('after-fuzz');
    await producer.send({ topic, messages: [{ value: 'still alive' }] });
    const consumer = track(kafka.consumer({ groupId: uniqueTopic('g'), ...FAST_CONSUMER }));
    const got: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void got.push(message.value!.toString()),
    });
    await waitFor(() => got.length === 1, 15_000, 'a message after the fuzzing');
    expect(got).toEqual(['still alive']);
  });
});
