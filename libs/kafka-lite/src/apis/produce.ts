import { BrokerContext } from '../broker-context';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import {
  BATCH_HEADER_SIZE,
  BatchAttributes,
  BatchHeader,
  isCrcValid,
  peekBatchSize,
  peekMagic,
  readBatchHeader,
  setLogAppendTime,
} from '../protocol/record-batch';
import { Writer } from '../protocol/writer';
import { StorageError } from '../storage/partition-log';
import { ApiHandler } from './api-handler';

const UNSUPPORTED_COMPRESSION_TYPE = 76;
const MAX_COMPRESSION_CODEC = 4;

interface PartitionResult {
  index: number;
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  logAppendTime: number;
  logStartOffset: number;
}

/** Produce v3-8: RecordBatch v2 only, stored as sent (offsets assigned by rewriting the header). */
export const produceHandler: ApiHandler = {
  apiKey: ApiKey.Produce,
  minVersion: 3,
  maxVersion: 8,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    r.nullableString(); // transactionalId: transactions are not supported; such batches are refused
    const acks = r.int16();
    r.int32(); // timeoutMs: there are no replicas to wait for
    const topics = r.array((tr) => ({
      name: tr.string(),
      partitions: tr.array((pr) => ({ index: pr.int32(), records: pr.nullableBytes() })),
    }));
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) =>
        appendPartition(ctx.broker, t.name, p.index, p.records, acks),
      ),
    }));
    if (acks === 0) return null;
    const w = new Writer(64 + results.length * 64);
    w.array(results, (tw, t) => {
      tw.string(t.name);
      tw.array(t.partitions, (pw, p) => {
        pw.int32(p.index).int16(p.errorCode).int64(p.baseOffset).int64(p.logAppendTime);
        if (v >= 5) pw.int64(p.logStartOffset);
        if (v >= 8) pw.int32(0).nullableString(p.errorMessage);
      });
    });
    w.int32(0);
    return w;
  },
};

function appendPartition(
  broker: BrokerContext,
  topicName: string,
  index: number,
  records: Buffer | null,
  acks: number,
): PartitionResult {
  const topic = broker.topics.get(topicName);
  const partition = topic?.partitions[index];
  const result = (
    errorCode: number,
    errorMessage: string | null = null,
    baseOffset = -1,
  ): PartitionResult => ({
    index,
    errorCode,
    errorMessage,
    baseOffset,
    logAppendTime: -1,
    logStartOffset: partition ? partition.log.logStartOffset : -1,
  });
  if (acks !== 0 && acks !== 1 && acks !== -1) return result(ErrorCode.INVALID_REQUIRED_ACKS);
  if (!topic || !partition) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (acks === -1 && broker.minInsyncReplicas(topic) > 1) {
    return result(
      ErrorCode.NOT_ENOUGH_REPLICAS,
      'The size of the current ISR 1 is insufficient to satisfy min.isr',
    );
  }
  if (!records || records.length === 0) {
    return result(ErrorCode.CORRUPT_MESSAGE, 'Produce request has no records');
  }

  const batches: Buffer[] = [];
  const headers: BatchHeader[] = [];
  const maxBytes = broker.maxMessageBytes(topic);
  for (let pos = 0; pos < records.length;) {
    if (records.length - pos < BATCH_HEADER_SIZE) {
      return result(ErrorCode.CORRUPT_MESSAGE, 'Truncated record batch');
    }
    if (peekMagic(records, pos) !== 2) {
      return result(
        ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
        'Only record batch format v2 is supported',
      );
    }
    const size = peekBatchSize(records, pos);
    if (size < BATCH_HEADER_SIZE || pos + size > records.length) {
      return result(ErrorCode.CORRUPT_MESSAGE, 'Record batch length is out of bounds');
    }
    const batch = records.subarray(pos, pos + size);
    if (!isCrcValid(batch)) return result(ErrorCode.CORRUPT_MESSAGE, 'Record batch CRC mismatch');
    const h = readBatchHeader(batch);
    if (h.recordCount <= 0) return result(ErrorCode.INVALID_RECORD, 'Empty record batch');
    // Offsets are assigned from lastOffsetDelta, so it must match the record count.
    if (h.lastOffsetDelta !== h.recordCount - 1) {
      return result(ErrorCode.INVALID_RECORD, 'lastOffsetDelta does not match the record count');
    }
    if (h.attributes & BatchAttributes.CONTROL) {
      return result(ErrorCode.INVALID_RECORD, 'Clients may not write control batches');
    }
    if (h.attributes & BatchAttributes.TRANSACTIONAL) {
      return result(ErrorCode.INVALID_TXN_STATE, 'Transactions are not supported by kafka-lite');
    }
    if ((h.attributes & BatchAttributes.COMPRESSION_MASK) > MAX_COMPRESSION_CODEC) {
      return result(UNSUPPORTED_COMPRESSION_TYPE);
    }
    if (size > maxBytes) {
      return result(
        ErrorCode.MESSAGE_TOO_LARGE,
        `Record batch of ${size} bytes exceeds max.message.bytes ${maxBytes}`,
      );
    }
    batches.push(batch);
    headers.push(h);
    pos += size;
  }

  const idempotent = headers.some((h) => h.producerId >= 0);
  if (idempotent) {
    // Like Kafka: an idempotent producer sends exactly one batch per partition per request.
    if (batches.length !== 1) {
      return result(ErrorCode.INVALID_RECORD, 'Idempotent produce needs exactly one batch');
    }
    const check = partition.producers.check(headers[0]);
    if (check.kind === 'duplicate') return result(ErrorCode.NONE, null, check.baseOffset);
    if (check.kind === 'error') return result(check.errorCode);
  }

  let logAppendTime = -1;
  if (broker.usesLogAppendTime(topic)) {
    logAppendTime = Date.now();
    for (let i = 0; i < batches.length; i++) {
      setLogAppendTime(batches[i], logAppendTime);
      headers[i] = { ...headers[i], maxTimestamp: logAppendTime };
    }
  }
  let baseOffset: number;
  try {
    baseOffset = partition.log.append(batches, headers);
  } catch (err) {
    if (!(err instanceof StorageError)) throw err;
    broker.logger.error(`append to ${topicName}-${index} failed: ${err.message}`);
    return result(ErrorCode.KAFKA_STORAGE_ERROR, err.message);
  }
  if (idempotent) partition.producers.record(headers[0], baseOffset);
  return { ...result(ErrorCode.NONE, null, baseOffset), logAppendTime };
}
