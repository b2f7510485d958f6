import { ErrorCode } from '../protocol/error-codes';
import { encodeRecordBatch, readBatchHeader } from '../protocol/record-batch';
import { PartitionProducers } from './producer-state';

const header = (producerId: number, producerEpoch: number, baseSequence: number, count = 1) =>
  readBatchHeader(
    encodeRecordBatch(
      Array.from({ length: count }, (_, i) => ({ value: `v${i}` })),
      { producer: { producerId, producerEpoch, baseSequence } },
    ),
  );

describe('PartitionProducers', () => {
  it('acknowledges a retried batch with its original offset', () => {
    const state = new PartitionProducers();
    const first = header(1, 0, 0, 3);
    expect(state.check(first)).toEqual({ kind: 'append' });
    state.record(first, 100);
    const second = header(1, 0, 3, 2);
    state.record(second, 103);
    expect(state.check(header(1, 0, 0, 3))).toEqual({ kind: 'duplicate', baseOffset: 100 });
    expect(state.check(header(1, 0, 3, 2))).toEqual({ kind: 'duplicate', baseOffset: 103 });
    expect(state.check(header(1, 0, 5, 1))).toEqual({ kind: 'append' });
  });

  it('refuses gaps, stale epochs and non-zero first sequences of a new epoch', () => {
    const state = new PartitionProducers();
    state.record(header(1, 1, 0, 2), 0);
    const err = (code: number) => ({ kind: 'error', errorCode: code });
    expect(state.check(header(1, 1, 5))).toEqual(err(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER));
    expect(state.check(header(1, 0, 2))).toEqual(err(ErrorCode.INVALID_PRODUCER_EPOCH));
    expect(state.check(header(1, 2, 4))).toEqual(err(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER));
    expect(state.check(header(1, 2, 0))).toEqual({ kind: 'append' });
  });

  it('keeps producers apart and ignores non-idempotent batches', () => {
    const state = new PartitionProducers();
    state.record(header(1, 0, 0), 0);
    expect(state.check(header(2, 0, 0))).toEqual({ kind: 'append' });
    expect(state.check(readBatchHeader(encodeRecordBatch([{ value: 'x' }])))).toEqual({
      kind: 'append',
    });
    expect(state.maxProducerId()).toBe(1);
  });

  it('wraps sequence numbers at int32 max like Kafka', () => {
    const state = new PartitionProducers();
    state.record(header(1, 0, 2147483646, 2), 0);
    expect(state.check(header(1, 0, 0))).toEqual({ kind: 'append' });
  });
});
