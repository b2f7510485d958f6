import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchHeader,
  decodeRecords,
  encodeRecordBatch,
  readBatchHeader,
} from '../src/protocol/record-batch';
import { CacheBudget } from '../src/storage/cache-budget';
import { OffsetStore } from '../src/storage/offset-store';
import { PartitionLog, PartitionLogOptions } from '../src/storage/partition-log';

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

describe('file-backed partition logs', () => {
  let dir: string;
  const options = (overrides: Partial<PartitionLogOptions> = {}): PartitionLogOptions => ({
    dir: path.join(dir, 't-0'),
    segmentBytes: 1 << 20,
    fsync: false,
    cache: null,
    verifyTail: true,
    ...overrides,
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-log-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recovers offsets, data and producer state from its files on reopen', async () => {
    const log = PartitionLog.open('t', 0, options());
    appendValues(log, 'a', 'b');
    appendValues(log, 'c');
    log.close();
    const seen: BatchHeader[] = [];
    const reopened = PartitionLog.open('t', 0, options({ onRecoveredBatch: (h) => seen.push(h) }));
    expect(reopened.logEndOffset).toBe(3);
    expect(seen.map((h) => h.baseOffset)).toEqual([0, 2]);
    expect(valuesOf(await reopened.read(0, 1 << 20, true))).toEqual(['a', 'b', 'c']);
    expect(appendValues(reopened, 'd')).toBe(3);
    reopened.close();
  });

  it('cuts off a torn tail left by a crash mid-write', async () => {
    const log = PartitionLog.open('t', 0, options());
    appendValues(log, 'a');
    appendValues(log, 'b');
    log.close();
    const file = path.join(dir, 't-0', '00000000000000000000.log');
    const intact = fs.statSync(file).size;
    const torn = batchOf('c').buf.subarray(0, 40);
    fs.appendFileSync(file, torn);
    const truncated: number[] = [];
    const reopened = PartitionLog.open(
      't',
      0,
      options({ onTruncated: (_f, valid) => truncated.push(valid) }),
    );
    expect(truncated).toEqual([intact]);
    expect(fs.statSync(file).size).toBe(intact);
    expect(reopened.logEndOffset).toBe(2);
    expect(appendValues(reopened, 'c')).toBe(2);
    expect(valuesOf(await reopened.read(0, 1 << 20, true))).toEqual(['a', 'b', 'c']);
    reopened.close();
  });

  it('detects a corrupt last batch by its CRC after an unclean shutdown', () => {
    const log = PartitionLog.open('t', 0, options());
    appendValues(log, 'a');
    appendValues(log, 'b');
    log.close();
    const file = path.join(dir, 't-0', '00000000000000000000.log');
    const data = fs.readFileSync(file);
    data[data.length - 2] ^= 0xff;
    fs.writeFileSync(file, data);
    const reopened = PartitionLog.open('t', 0, options());
    expect(reopened.logEndOffset).toBe(1);
    reopened.close();
  });

  it('rolls segments and serves reads across them, from the cache or from disk', async () => {
    const cache = new CacheBudget(300);
    const log = PartitionLog.open('t', 0, options({ segmentBytes: 200, cache }));
    const all: string[] = [];
    for (let i = 0; i < 20; i++) {
      all.push(`value-${i}`);
      appendValues(log, `value-${i}`);
    }
    expect(fs.readdirSync(path.join(dir, 't-0')).length).toBeGreaterThan(3);
    expect(valuesOf(await log.read(0, 1 << 20, true))).toEqual(all);
    expect(valuesOf(await log.read(13, 1 << 20, true))).toEqual(all.slice(13));
    log.close();
    const reopened = PartitionLog.open('t', 0, options({ segmentBytes: 200 }));
    expect(valuesOf(await reopened.read(5, 1 << 20, true))).toEqual(all.slice(5));
    reopened.close();
  });

  it('applies size retention by whole segments and moves the log start offset', async () => {
    const log = PartitionLog.open('t', 0, options({ segmentBytes: 200 }));
    for (let i = 0; i < 20; i++) appendValues(log, `value-${i}`);
    const before = fs.readdirSync(path.join(dir, 't-0')).length;
    log.applyRetention(Date.now(), -1, 400);
    expect(fs.readdirSync(path.join(dir, 't-0')).length).toBeLessThan(before);
    expect(log.logStartOffset).toBeGreaterThan(0);
    const first = valuesOf(await log.read(log.logStartOffset, 1 << 20, true))[0];
    expect(first).toBe(`value-${log.logStartOffset}`);
    log.close();
  });
});

describe('the committed offsets log', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-lite-offsets-'));
    file = path.join(dir, 'groups', 'offsets.log');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const entry = (topic: string, partition: number, offset: number) => ({
    topic,
    partition,
    offset,
    leaderEpoch: -1,
    metadata: null,
  });

  it('replays commits and topic deletions on load', () => {
    const store = new OffsetStore(file, false);
    store.load();
    store.commit('g', [entry('a', 0, 5), entry('a', 1, 7), entry('b', 0, 1)]);
    store.commit('g', [entry('a', 0, 9)]);
    store.commit('h', [entry('b', 0, 3)]);
    store.deleteTopic('b');
    store.close();
    const reloaded = new OffsetStore(file, false);
    reloaded.load();
    expect(reloaded.get('g', 'a', 0)?.offset).toBe(9);
    expect(reloaded.get('g', 'a', 1)?.offset).toBe(7);
    expect(reloaded.get('g', 'b', 0)).toBeUndefined();
    expect(reloaded.hasGroup('h')).toBe(false);
    reloaded.close();
  });

  it('cuts a torn last record and keeps everything before it', () => {
    const store = new OffsetStore(file, false);
    store.load();
    store.commit('g', [entry('a', 0, 5)]);
    store.commit('g', [entry('a', 0, 6)]);
    store.close();
    const size = fs.statSync(file).size;
    fs.truncateSync(file, size - 3);
    const reloaded = new OffsetStore(file, false);
    expect(reloaded.load()).toBeGreaterThan(0);
    expect(reloaded.get('g', 'a', 0)?.offset).toBe(5);
    reloaded.commit('g', [entry('a', 0, 8)]);
    reloaded.close();
    const again = new OffsetStore(file, false);
    again.load();
    expect(again.get('g', 'a', 0)?.offset).toBe(8);
    again.close();
  });

  it('compacts a log of superseded commits into a snapshot', () => {
    const store = new OffsetStore(file, false);
    store.load();
    for (let i = 0; i < 120_000; i++) store.commit('g', [entry('topic-name', i % 3, i)]);
    expect(fs.statSync(file).size).toBeLessThan(8 << 20);
    store.close();
    const reloaded = new OffsetStore(file, false);
    reloaded.load();
    expect(reloaded.get('g', 'topic-name', 2)?.offset).toBe(119_999);
    expect(reloaded.get('g', 'topic-name', 0)?.offset).toBe(119_997);
    reloaded.close();
  });
});
