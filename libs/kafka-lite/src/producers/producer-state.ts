import { ErrorCode } from '../protocol/error-codes';
import { BatchHeader, lastSequenceOf } from '../protocol/record-batch';

/** Kafka keeps this many recent batches per producer and partition for duplicate detection. */
const RETAINED_BATCHES = 5;

interface WrittenBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: WrittenBatch[];
}

/** Outcome of checking an idempotent batch against the partition's producer state. */
export type SequenceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'error'; errorCode: ErrorCode };

/**
 * Idempotent-producer state of one partition: the last batches written per producer id, so a
 * retried batch is acknowledged with its original offset instead of being written twice, and a
 * gap in sequence numbers is refused. Rebuilt from the log's batch headers on start.
 */
export class PartitionProducers {
  private readonly entries = new Map<number, ProducerEntry>();

  check(h: BatchHeader): SequenceCheck {
    if (h.producerId < 0) return { kind: 'append' };
    const entry = this.entries.get(h.producerId);
    // Like Kafka, accept any sequence from a producer we have no state for (state may have expired).
    if (!entry) return { kind: 'append' };
    if (h.producerEpoch < entry.epoch) {
      return { kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH };
    }
    if (h.producerEpoch > entry.epoch) {
      return h.baseSequence === 0
        ? { kind: 'append' }
        : { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    const lastSeq = lastSequenceOf(h);
    const dup = entry.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === lastSeq);
    if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    const latest = entry.batches[entry.batches.length - 1];
    const expected = latest ? (latest.lastSeq + 1) % 2147483648 : 0;
    if (latest && h.baseSequence !== expected) {
      return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    return { kind: 'append' };
  }

  /** Records a batch written at `baseOffset` (also used while replaying the log on start). */
  record(h: BatchHeader, baseOffset: number): void {
    if (h.producerId < 0) return;
    let entry = this.entries.get(h.producerId);
    if (!entry || h.producerEpoch > entry.epoch) {
      entry = { epoch: h.producerEpoch, batches: [] };
      this.entries.set(h.producerId, entry);
    }
    entry.batches.push({ firstSeq: h.baseSequence, lastSeq: lastSequenceOf(h), baseOffset });
    if (entry.batches.length > RETAINED_BATCHES) entry.batches.shift();
  }

  /** Highest producer id seen, or -1. */
  maxProducerId(): number {
    let max = -1;
    for (const id of this.entries.keys()) max = Math.max(max, id);
    return max;
  }
}
