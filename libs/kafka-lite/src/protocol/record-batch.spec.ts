import {
  BATCH_HEADER_SIZE,
  decodeRecords,
  encodeRecordBatch,
  isCrcValid,
  lastSequenceOf,
  readBatchHeader,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
} from './record-batch';

// kafkajs' own RecordBatch codec gives an independent implementation to check against.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (buf: Buffer) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsBatchDecode = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
  d: unknown,
) => Promise<{
  firstOffset: string;
  records: {
    key: Buffer | null;
    value: Buffer | null;
    offset: string;
    headers: Record<string, Buffer>;
  }[];
}>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RecordBatch: kafkajsRecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (opts: object) => Promise<{ buffer: Buffer }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (
  opts: object,
) => unknown;

describe('record batches', () => {
  const records = [
    { key: 'k1', value: 'v1', timestamp: 1_700_000_000_000, headers: [{ key: 'h', value: 'x' }] },
    { key: null, value: 'v2', timestamp: 1_700_000_000_005 },
    { key: 'k3', value: null, timestamp: 1_700_000_000_003 },
  ];

  it('parses the header of an encoded batch', () => {
    const batch = encodeRecordBatch(records, {
      producer: { producerId: 42, producerEpoch: 3, baseSequence: 10 },
    });
    const h = readBatchHeader(batch);
    expect(h).toMatchObject({
      baseOffset: 0,
      size: batch.length,
      magic: 2,
      attributes: 0,
      lastOffsetDelta: 2,
      baseTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_005,
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 10,
      recordCount: 3,
    });
    expect(lastSequenceOf(h)).toBe(12);
    expect(batch.length).toBeGreaterThan(BATCH_HEADER_SIZE);
    expect(isCrcValid(batch)).toBe(true);
  });

  it('round-trips records through encode and decode', () => {
    const batch = encodeRecordBatch(records, { baseOffset: 100 });
    const decoded = decodeRecords(batch);
    expect(decoded.map((r) => r.offset)).toEqual([100, 101, 102]);
    expect(decoded.map((r) => r.key?.toString() ?? null)).toEqual(['k1', null, 'k3']);
    expect(decoded.map((r) => r.value?.toString() ?? null)).toEqual(['v1', 'v2', null]);
    expect(decoded.map((r) => r.timestamp)).toEqual([
      1_700_000_000_000, 1_700_000_000_005, 1_700_000_000_003,
    ]);
    expect(decoded[0].headers).toEqual([{ key: 'h', value: Buffer.from('x') }]);
  });

  it('rewrites base offset and leader epoch without invalidating the CRC', () => {
    const batch = encodeRecordBatch(records);
    setBaseOffset(batch, 2 ** 40 + 5);
    setPartitionLeaderEpoch(batch, 7);
    expect(readBatchHeader(batch).baseOffset).toBe(2 ** 40 + 5);
    expect(readBatchHeader(batch).partitionLeaderEpoch).toBe(7);
    expect(isCrcValid(batch)).toBe(true);
  });

  it('detects any flipped bit in the CRC-covered part', () => {
    const batch = encodeRecordBatch(records);
    for (const at of [21, 30, 60, batch.length - 1]) {
      const copy = Buffer.from(batch);
      copy[at] ^= 0x01;
      expect(isCrcValid(copy)).toBe(false);
    }
  });

  it('switches a batch to LogAppendTime and re-checksums it', () => {
    const batch = encodeRecordBatch(records);
    setLogAppendTime(batch, 1_800_000_000_000);
    const h = readBatchHeader(batch);
    expect(h.attributes & 0x08).toBe(0x08);
    expect(h.maxTimestamp).toBe(1_800_000_000_000);
    expect(isCrcValid(batch)).toBe(true);
  });

  it('is readable by an independent client implementation (kafkajs)', async () => {
    const batch = encodeRecordBatch(records, { baseOffset: 7 });
    const decoded = await kafkajsBatchDecode(new kafkajsDecoder(batch));
    expect(decoded.firstOffset).toBe('7');
    expect(decoded.records.map((r) => r.value?.toString() ?? null)).toEqual(['v1', 'v2', null]);
    expect(decoded.records.map((r) => r.offset)).toEqual(['7', '8', '9']);
    expect(decoded.records[0].headers.h.toString()).toBe('x');
  });

  it('parses batches written by an independent client implementation (kafkajs)', async () => {
    const ts = 1_700_000_000_000;
    const encoded = await kafkajsRecordBatch({
      firstTimestamp: ts,
      maxTimestamp: ts + 1,
      lastOffsetDelta: 1,
      records: [
        kafkajsRecord({
          offsetDelta: 0,
          timestampDelta: 0,
          key: Buffer.from('a'),
          value: Buffer.from('1'),
          headers: {},
        }),
        kafkajsRecord({
          offsetDelta: 1,
          timestampDelta: 1,
          key: Buffer.from('b'),
          value: Buffer.from('2'),
          headers: {},
        }),
      ],
    });
    const batch = encoded.buffer;
    expect(isCrcValid(batch)).toBe(true);
    const h = readBatchHeader(batch);
    expect(h.recordCount).toBe(2);
    expect(h.size).toBe(batch.length);
    expect(
      decodeRecords(batch).map((r) => [r.key?.toString(), r.value?.toString(), r.timestamp]),
    ).toEqual([
      ['a', '1', ts],
      ['b', '2', ts + 1],
    ]);
  });
});
