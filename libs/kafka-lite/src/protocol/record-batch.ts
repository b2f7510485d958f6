import { crc32c } from './crc32c';
import { Reader } from './reader';
import { Writer } from './writer';

/** Size of the fixed RecordBatch v2 header that precedes the records. */
export const BATCH_HEADER_SIZE = 61;
/** Bytes before the batchLength field's coverage starts (baseOffset + batchLength). */
export const BATCH_LOG_OVERHEAD = 12;

const OFFSET_BATCH_LENGTH = 8;
const OFFSET_LEADER_EPOCH = 12;
const OFFSET_MAGIC = 16;
const OFFSET_CRC = 17;
const OFFSET_ATTRIBUTES = 21;
const OFFSET_MAX_TIMESTAMP = 35;

/** Attribute bits of a record batch. */
export const BatchAttributes = {
  COMPRESSION_MASK: 0x07,
  TIMESTAMP_LOG_APPEND: 0x08,
  TRANSACTIONAL: 0x10,
  CONTROL: 0x20,
} as const;

/** The decoded fixed header of a RecordBatch (magic v2). */
export interface BatchHeader {
  baseOffset: number;
  /** Size of the whole batch on the wire, header included. */
  size: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

/** Reads the batch header at `pos`; the caller guarantees BATCH_HEADER_SIZE bytes are present. */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  const r = new Reader(buf, pos, pos + BATCH_HEADER_SIZE);
  return {
    baseOffset: r.int64(),
    size: r.int32() + BATCH_LOG_OVERHEAD,
    partitionLeaderEpoch: r.int32(),
    magic: r.int8(),
    crc: r.uint32(),
    attributes: r.int16(),
    lastOffsetDelta: r.int32(),
    baseTimestamp: r.int64(),
    maxTimestamp: r.int64(),
    producerId: r.int64(),
    producerEpoch: r.int16(),
    baseSequence: r.int32(),
    recordCount: r.int32(),
  };
}

/** Reads only the magic byte and total size of the batch at `pos` (needs 17 bytes). */
export function peekBatchSize(buf: Buffer, pos = 0): number {
  return buf.readInt32BE(pos + OFFSET_BATCH_LENGTH) + BATCH_LOG_OVERHEAD;
}

/** Reads the magic byte of the batch at `pos`. */
export function peekMagic(buf: Buffer, pos = 0): number {
  return buf.readInt8(pos + OFFSET_MAGIC);
}

/** Returns true if the stored CRC-32C matches the batch contents. */
export function isCrcValid(batch: Buffer): boolean {
  return crc32c(batch, OFFSET_ATTRIBUTES) === batch.readUInt32BE(OFFSET_CRC);
}

/** Rewrites the base offset in place (not covered by the CRC, so no re-checksum needed). */
export function setBaseOffset(batch: Buffer, baseOffset: number): void {
  const hi = Math.floor(baseOffset / 4294967296);
  batch.writeInt32BE(hi, 0);
  batch.writeUInt32BE(baseOffset - hi * 4294967296, 4);
}

/** Rewrites the partition leader epoch in place (also outside the CRC). */
export function setPartitionLeaderEpoch(batch: Buffer, epoch: number): void {
  batch.writeInt32BE(epoch, OFFSET_LEADER_EPOCH);
}

/** Switches the batch to LogAppendTime with the given time and recomputes its CRC. */
export function setLogAppendTime(batch: Buffer, timestamp: number): void {
  const attributes = batch.readInt16BE(OFFSET_ATTRIBUTES) | BatchAttributes.TIMESTAMP_LOG_APPEND;
  batch.writeInt16BE(attributes, OFFSET_ATTRIBUTES);
  const hi = Math.floor(timestamp / 4294967296);
  batch.writeInt32BE(hi, OFFSET_MAX_TIMESTAMP);
  batch.writeUInt32BE(timestamp - hi * 4294967296, OFFSET_MAX_TIMESTAMP + 4);
  batch.writeUInt32BE(crc32c(batch, OFFSET_ATTRIBUTES), OFFSET_CRC);
}

/** Last sequence number covered by a batch; sequences wrap at int32 max like Kafka's. */
export function lastSequenceOf(header: BatchHeader): number {
  return (header.baseSequence + header.lastOffsetDelta) % 2147483648;
}

/** One record as seen by a client. */
export interface KafkaRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
}

/** Input for encodeRecordBatch. */
export interface RecordInput {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  timestamp?: number;
  headers?: { key: string; value: Buffer | string | null }[];
}

/** Producer fields of a batch (idempotent producers set all three). */
export interface BatchProducer {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

const toBuf = (v: Buffer | string | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? Buffer.from(v) : v;

/** Encodes uncompressed records as a RecordBatch v2 with a valid CRC-32C. */
export function encodeRecordBatch(
  records: readonly RecordInput[],
  options: { baseOffset?: number; producer?: BatchProducer; attributes?: number } = {},
): Buffer {
  const now = Date.now();
  const baseTimestamp = records.length ? (records[0].timestamp ?? now) : now;
  let maxTimestamp = baseTimestamp;
  const body = new Writer(1024);
  records.forEach((rec, i) => {
    const ts = rec.timestamp ?? now;
    maxTimestamp = Math.max(maxTimestamp, ts);
    const w = new Writer(64);
    w.int8(0)
      .varlong(ts - baseTimestamp)
      .varint(i);
    writeVarBytes(w, toBuf(rec.key));
    writeVarBytes(w, toBuf(rec.value));
    const headers = rec.headers ?? [];
    w.varint(headers.length);
    for (const h of headers) {
      writeVarBytes(w, Buffer.from(h.key));
      writeVarBytes(w, toBuf(h.value));
    }
    const encoded = w.toBuffer();
    body.varint(encoded.length).raw(encoded);
  });
  const recordsBuf = body.toBuffer();
  const producer = options.producer ?? { producerId: -1, producerEpoch: -1, baseSequence: -1 };
  const w = new Writer(BATCH_HEADER_SIZE + recordsBuf.length);
  w.int64(options.baseOffset ?? 0)
    .int32(BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD + recordsBuf.length)
    .int32(-1)
    .int8(2)
    .uint32(0)
    .int16(options.attributes ?? 0)
    .int32(Math.max(records.length - 1, 0))
    .int64(baseTimestamp)
    .int64(maxTimestamp)
    .int64(producer.producerId)
    .int16(producer.producerEpoch)
    .int32(producer.baseSequence)
    .int32(records.length)
    .raw(recordsBuf);
  const batch = Buffer.from(w.toBuffer());
  batch.writeUInt32BE(crc32c(batch, OFFSET_ATTRIBUTES), OFFSET_CRC);
  return batch;
}

function writeVarBytes(w: Writer, b: Buffer | null): void {
  if (b === null) {
    w.varint(-1);
  } else {
    w.varint(b.length).raw(b);
  }
}

function readVarBytes(r: Reader): Buffer | null {
  const len = r.varint();
  return len < 0 ? null : r.raw(len);
}

/** Decodes the records of an uncompressed batch; throws ProtocolError on malformed input. */
export function decodeRecords(batch: Buffer): KafkaRecord[] {
  const header = readBatchHeader(batch);
  if ((header.attributes & BatchAttributes.COMPRESSION_MASK) !== 0) {
    throw new Error('decodeRecords supports uncompressed batches only');
  }
  const r = new Reader(batch, BATCH_HEADER_SIZE, header.size);
  const out: KafkaRecord[] = [];
  for (let i = 0; i < header.recordCount; i++) {
    const len = r.varint();
    const rec = new Reader(r.raw(len));
    rec.int8();
    const timestampDelta = rec.varlong();
    const offsetDelta = rec.varint();
    const key = readVarBytes(rec);
    const value = readVarBytes(rec);
    const headerCount = rec.varint();
    const headers: KafkaRecord['headers'] = [];
    for (let h = 0; h < headerCount; h++) {
      const hk = readVarBytes(rec);
      headers.push({ key: hk ? hk.toString('utf8') : '', value: readVarBytes(rec) });
    }
    out.push({
      offset: header.baseOffset + offsetDelta,
      timestamp: header.baseTimestamp + timestampDelta,
      key,
      value,
      headers,
    });
  }
  return out;
}
