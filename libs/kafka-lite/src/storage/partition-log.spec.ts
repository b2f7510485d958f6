import {
  BatchHeader,
  decodeRecords,
  encodeRecordBatch,
  readBatchHeader,
} from '../protocol/record-batch';
import { PartitionLog } from './partition-log';

const batchOf = (...values: string[]): { buf: Buffer; header: BatchHeader } => {
  const buf = encodeRecordBatch(values.map((value, i) => ({ value, timestamp: 1000 + i })));
  return { buf, header: readBatchHeader(buf) };
};

const appendValues = (log: PartitionLog, ...values: string[]): number => {
  const { buf, header } = batchOf(...values);
  return log.append([buf], [header]);
};

const valuesOf = (batches: Buffer[]): string[] =>
  batches.flatMap((b) => decodeRecords(b).map((r) => r.value?.toString() ?? ''));

/** In-memory logs only here; the file-backed behaviour is covered by test/storage.int-spec.ts. */
const memoryLog = (): PartitionLog =>
  PartitionLog.open('t', 0, {
    dir: null,
    segmentBytes: 1 << 20,
    fsync: false,
    cache: null,
    verifyTail: false,
  });

describe('PartitionLog (in memory)', () => {
  it('assigns consecutive offsets by rewriting base offsets and reads whole batches back', async () => {
    const log = memoryLog();
    expect(appendValues(log, 'a', 'b')).toBe(0);
    expect(appendValues(log, 'c')).toBe(2);
    expect(appendValues(log, 'd', 'e', 'f')).toBe(3);
    expect(log.logEndOffset).toBe(6);
    const all = await log.read(0, 1 << 20, true);
    expect(all.map((b) => readBatchHeader(b).baseOffset)).toEqual([0, 2, 3]);
    // Reading from the middle of a batch returns the whole batch holding that offset.
    expect(valuesOf(await log.read(1, 1 << 20, true))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(valuesOf(await log.read(4, 1 << 20, true))).toEqual(['d', 'e', 'f']);
    expect(await log.read(6, 1 << 20, true)).toEqual([]);
  });

  it('stops before a batch that does not fit in maxBytes unless it is the first one', async () => {
    const log = memoryLog();
    appendValues(log, 'a', 'b');
    appendValues(log, 'c');
    expect(valuesOf(await log.read(0, 10, true))).toEqual(['a', 'b']);
    expect(await log.read(0, 10, false)).toEqual([]);
  });

  it('keeps its own copy of each batch, independent of the request buffer', async () => {
    const log = memoryLog();
    const { buf, header } = batchOf('original');
    log.append([buf], [header]);
    buf.fill(0);
    expect(valuesOf(await log.read(0, 1 << 20, true))).toEqual(['original']);
  });

  it('finds offsets by timestamp inside uncompressed batches', async () => {
    const log = memoryLog();
    const batch = encodeRecordBatch([
      { value: 'a', timestamp: 100 },
      { value: 'b', timestamp: 200 },
    ]);
    log.append([batch], [readBatchHeader(batch)]);
    expect(await log.offsetForTimestamp(150)).toEqual({ offset: 1, timestamp: 200 });
    expect(await log.offsetForTimestamp(50)).toEqual({ offset: 0, timestamp: 100 });
    expect(await log.offsetForTimestamp(500)).toBeNull();
  });

  it('drops the oldest batches beyond the size retention and moves the log start', async () => {
    const log = memoryLog();
    for (let i = 0; i < 10; i++) appendValues(log, `value-${i}`);
    const oneBatch = log.sizeBytes / 10;
    log.applyRetention(Date.now(), -1, oneBatch * 3);
    expect(log.logStartOffset).toBe(7);
    expect(valuesOf(await log.read(log.logStartOffset, 1 << 20, true))).toEqual([
      'value-7',
      'value-8',
      'value-9',
    ]);
    expect(appendValues(log, 'value-10')).toBe(10);
  });

  it('wakes waiters once on the next append', () => {
    const log = memoryLog();
    const woken = jest.fn();
    log.addWaiter(woken);
    appendValues(log, 'a');
    appendValues(log, 'b');
    expect(woken).toHaveBeenCalledTimes(1);
  });
});
