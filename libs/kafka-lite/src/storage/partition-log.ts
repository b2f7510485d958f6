import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BATCH_HEADER_SIZE,
  BatchAttributes,
  BatchHeader,
  decodeRecords,
  isCrcValid,
  readBatchHeader,
  setBaseOffset,
  setPartitionLeaderEpoch,
} from '../protocol/record-batch';
import { BatchIndex } from './batch-index';
import { CacheBudget, CacheHolder } from './cache-budget';

const SEGMENT_SUFFIX = '.log';
const SEGMENT_NAME = /^(\d{20})\.log$/;
const SCAN_CHUNK = 1 << 20;
/** Upper bound for a sane batch on disk; anything larger is treated as a torn or corrupt tail. */
const MAX_BATCH_ON_DISK = 1 << 30;

/** Settings for one partition's log. */
export interface PartitionLogOptions {
  /** Directory for segment files, or null to keep the log in memory only. */
  dir: string | null;
  segmentBytes: number;
  /** fdatasync after every append (survives power loss, not only process crashes). */
  fsync: boolean;
  /** Shared budget for caching recently written batches in memory (file-backed logs only). */
  cache: CacheBudget | null;
  /** Verify the CRC of every batch in the last segment on open (after an unclean shutdown). */
  verifyTail: boolean;
  /** Called for each batch found on open, in order (used to rebuild producer state). */
  onRecoveredBatch?: (header: BatchHeader) => void;
  /** Called when a torn or corrupt tail is cut off on open. */
  onTruncated?: (file: string, validBytes: number, fileBytes: number) => void;
}

/** Raised when the log cannot be written; surfaced to clients as KAFKA_STORAGE_ERROR. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

interface Segment {
  baseOffset: number;
  file: string;
  fd: number;
  size: number;
  /** Reads in flight; the fd is closed only once they finish so it is never reused under them. */
  refs: number;
  closing: boolean;
}

type ReadStep =
  { kind: 'memory'; buf: Buffer } | { kind: 'disk'; seg: Segment; pos: number; sizes: number[] };

/**
 * The append-only log of one partition: an in-memory batch index over segment files (or over
 * in-memory batches when there is no data directory). Batches are stored exactly as produced,
 * with only their base offset and leader epoch rewritten.
 */
export class PartitionLog implements CacheHolder {
  private readonly index = new BatchIndex();
  private readonly segments: Segment[] = [];
  private readonly waiters = new Set<() => void>();
  private startOffset = 0;
  private endOffset = 0;
  private totalBytes = 0;
  /** Index of the oldest batch still cached in memory (file-backed logs). */
  private cacheFrom = 0;
  private closed = false;

  private constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly options: PartitionLogOptions,
  ) {}

  /** Opens (recovering if needed) or creates the log of a partition. */
  static open(topic: string, partition: number, options: PartitionLogOptions): PartitionLog {
    const log = new PartitionLog(topic, partition, options);
    if (options.dir) log.recover(options.dir);
    return log;
  }

  /** First offset still in the log. */
  get logStartOffset(): number {
    return this.startOffset;
  }

  /** Offset the next appended record gets (also the high watermark: there are no replicas). */
  get logEndOffset(): number {
    return this.endOffset;
  }

  /** Bytes held by the log. */
  get sizeBytes(): number {
    return this.totalBytes;
  }

  private recover(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const names = fs
      .readdirSync(dir)
      .filter((n) => SEGMENT_NAME.test(n))
      .sort();
    if (names.length === 0) {
      this.segments.push(this.createSegment(dir, 0));
      return;
    }
    let expected = Number(SEGMENT_NAME.exec(names[0])![1]);
    this.startOffset = expected;
    for (let k = 0; k < names.length; k++) {
      const file = path.join(dir, names[k]);
      const fd = fs.openSync(file, 'r+');
      const fileSize = fs.fstatSync(fd).size;
      const segBase = Number(SEGMENT_NAME.exec(names[k])![1]);
      if (k > 0 && segBase !== expected) {
        // A gap between segments means the previous one was cut short: drop everything after.
        fs.closeSync(fd);
        this.dropFiles(dir, names.slice(k));
        break;
      }
      const seg: Segment = { baseOffset: segBase, file, fd, size: 0, refs: 0, closing: false };
      this.segments.push(seg);
      const verify = this.options.verifyTail && k === names.length - 1;
      const { end, nextOffset } = this.scanSegment(seg, fileSize, expected, verify);
      seg.size = end;
      expected = nextOffset;
      if (end < fileSize) {
        fs.ftruncateSync(fd, end);
        this.options.onTruncated?.(file, end, fileSize);
        this.dropFiles(dir, names.slice(k + 1));
        break;
      }
    }
    this.endOffset = expected;
    this.cacheFrom = this.index.length;
  }

  private dropFiles(dir: string, names: string[]): void {
    for (const n of names) {
      this.options.onTruncated?.(path.join(dir, n), 0, -1);
      fs.rmSync(path.join(dir, n), { force: true });
    }
  }

  /** Walks the batch headers of a segment, stopping at the first torn or invalid batch. */
  private scanSegment(
    seg: Segment,
    fileSize: number,
    expectedOffset: number,
    verifyCrc: boolean,
  ): { end: number; nextOffset: number } {
    let buf = Buffer.allocUnsafe(Math.min(SCAN_CHUNK, Math.max(fileSize, BATCH_HEADER_SIZE)));
    let bufStart = 0;
    let bufLen = 0;
    const ensure = (pos: number, n: number): boolean => {
      if (pos + n > fileSize) return false;
      if (pos >= bufStart && pos + n <= bufStart + bufLen) return true;
      if (n > buf.length) buf = Buffer.allocUnsafe(n);
      const want = Math.min(buf.length, fileSize - pos);
      let got = 0;
      while (got < want) {
        const r = fs.readSync(seg.fd, buf, got, want - got, pos + got);
        if (r === 0) break;
        got += r;
      }
      bufStart = pos;
      bufLen = got;
      return bufLen >= n;
    };
    let pos = 0;
    let next = expectedOffset;
    while (pos < fileSize) {
      if (!ensure(pos, BATCH_HEADER_SIZE)) break;
      const h = readBatchHeader(buf, pos - bufStart);
      const valid =
        h.magic === 2 &&
        h.size >= BATCH_HEADER_SIZE &&
        h.size <= MAX_BATCH_ON_DISK &&
        h.baseOffset === next &&
        h.lastOffsetDelta >= 0 &&
        pos + h.size <= fileSize;
      if (!valid) break;
      if (verifyCrc) {
        if (!ensure(pos, h.size)) break;
        const at = pos - bufStart;
        if (!isCrcValid(buf.subarray(at, at + h.size))) break;
      }
      this.index.push(h.baseOffset, pos, h.size, h.maxTimestamp);
      this.totalBytes += h.size;
      this.options.onRecoveredBatch?.(h);
      pos += h.size;
      next = h.baseOffset + h.lastOffsetDelta + 1;
    }
    return { end: pos, nextOffset: next };
  }

  private createSegment(dir: string, baseOffset: number): Segment {
    const file = path.join(dir, String(baseOffset).padStart(20, '0') + SEGMENT_SUFFIX);
    const fd = fs.openSync(file, 'w+');
    return { baseOffset, file, fd, size: 0, refs: 0, closing: false };
  }

  /**
   * Appends validated batches: assigns offsets by rewriting each batch's base offset, writes them
   * to the active segment before returning, and wakes waiting fetches. Returns the first offset.
   */
  append(batches: readonly Buffer[], headers: readonly BatchHeader[]): number {
    if (this.closed) throw new StorageError(`log ${this.topic}-${this.partition} is closed`);
    const first = this.endOffset;
    const bases: number[] = [];
    let next = first;
    let total = 0;
    for (let i = 0; i < batches.length; i++) {
      bases.push(next);
      setBaseOffset(batches[i], next);
      setPartitionLeaderEpoch(batches[i], 0);
      next += headers[i].lastOffsetDelta + 1;
      total += batches[i].length;
    }
    let position = 0;
    const dir = this.options.dir;
    if (dir) {
      let seg = this.segments[this.segments.length - 1];
      if (seg.size > 0 && seg.size + total > this.options.segmentBytes) {
        seg = this.createSegment(dir, first);
        this.segments.push(seg);
      }
      position = seg.size;
      writeAllSync(seg.fd, batches, position);
      if (this.options.fsync) fs.fdatasyncSync(seg.fd);
      seg.size += total;
    }
    const cache = this.options.cache;
    for (let i = 0; i < batches.length; i++) {
      const size = batches[i].length;
      // Copy so the (possibly large) request buffer the batch came in can be freed.
      const keep = !dir || (cache !== null && cache.enabled) ? Buffer.from(batches[i]) : undefined;
      this.index.push(bases[i], position, size, headers[i].maxTimestamp, keep);
      if (dir && keep && cache) cache.charge(this, size);
      position += size;
    }
    if (dir && !(cache && cache.enabled)) this.cacheFrom = this.index.length;
    this.totalBytes += total;
    this.endOffset = next;
    this.notifyWaiters();
    return first;
  }

  evictOldestCached(): boolean {
    if (this.cacheFrom >= this.index.length) return false;
    this.index.setBuffer(this.cacheFrom, undefined);
    this.cacheFrom++;
    return true;
  }

  /**
   * Reads whole batches starting with the one containing `offset`, up to `maxBytes`; with
   * `minOneBatch` the first batch is returned even if it is larger (KIP-74).
   */
  async read(offset: number, maxBytes: number, minOneBatch: boolean): Promise<Buffer[]> {
    if (offset >= this.endOffset || this.index.length === 0) return [];
    const plan = this.planRead(offset, maxBytes, minOneBatch);
    const out: Buffer[] = [];
    for (const step of plan) {
      if (step.kind === 'memory') {
        out.push(step.buf);
        continue;
      }
      const data = await this.readSegment(step.seg, step.pos, step.sizes);
      out.push(...data);
      if (data.length < step.sizes.length) break;
    }
    return out;
  }

  private planRead(offset: number, maxBytes: number, minOneBatch: boolean): ReadStep[] {
    const steps: ReadStep[] = [];
    let i = Math.max(this.index.find(offset), 0);
    let total = 0;
    let segIdx = -1;
    let nextSegBase = Infinity;
    while (i < this.index.length) {
      const size = this.index.size(i);
      if (total + size > maxBytes && !(minOneBatch && total === 0)) break;
      const buf = this.index.buffer(i);
      if (buf) {
        steps.push({ kind: 'memory', buf });
      } else {
        const base = this.index.baseOffset(i);
        if (segIdx < 0 || base >= nextSegBase) {
          segIdx = this.segmentIndexFor(base);
          nextSegBase = this.segments[segIdx + 1]?.baseOffset ?? Infinity;
        }
        const last = steps[steps.length - 1];
        if (last && last.kind === 'disk' && last.seg === this.segments[segIdx]) {
          last.sizes.push(size);
        } else {
          steps.push({
            kind: 'disk',
            seg: this.segments[segIdx],
            pos: this.index.position(i),
            sizes: [size],
          });
        }
      }
      total += size;
      i++;
    }
    return steps;
  }

  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid].baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private async readSegment(seg: Segment, pos: number, sizes: number[]): Promise<Buffer[]> {
    if (seg.closing) return [];
    const len = sizes.reduce((a, b) => a + b, 0);
    const buf = Buffer.allocUnsafe(len);
    seg.refs++;
    let got = 0;
    try {
      while (got < len) {
        const n = await new Promise<number>((resolve, reject) =>
          fs.read(seg.fd, buf, got, len - got, pos + got, (err, bytes) =>
            err ? reject(err) : resolve(bytes),
          ),
        );
        if (n === 0) break;
        got += n;
      }
    } catch {
      // The segment was deleted (retention or topic deletion) under the read: return what we have.
    } finally {
      seg.refs--;
      if (seg.closing && seg.refs === 0) closeQuietly(seg.fd);
    }
    const out: Buffer[] = [];
    let at = 0;
    for (const size of sizes) {
      if (at + size > got) break;
      out.push(buf.subarray(at, at + size));
      at += size;
    }
    return out;
  }

  /**
   * Finds the first offset whose record timestamp is >= `timestamp` (using batch max timestamps,
   * refined inside uncompressed batches). Returns null if there is none.
   */
  async offsetForTimestamp(
    timestamp: number,
  ): Promise<{ offset: number; timestamp: number } | null> {
    let found = -1;
    for (let i = 0; i < this.index.length; i++) {
      if (this.index.maxTimestamp(i) >= timestamp) {
        found = i;
        break;
      }
    }
    if (found < 0) return null;
    const base = this.index.baseOffset(found);
    const coarse = { offset: base, timestamp: this.index.maxTimestamp(found) };
    const [batch] = await this.read(base, 1, true);
    if (!batch) return coarse;
    const header = readBatchHeader(batch);
    const plain =
      (header.attributes &
        (BatchAttributes.COMPRESSION_MASK | BatchAttributes.TIMESTAMP_LOG_APPEND)) ===
      0;
    if (!plain) return coarse;
    try {
      const hit = decodeRecords(batch).find((r) => r.timestamp >= timestamp);
      return hit ? { offset: hit.offset, timestamp: hit.timestamp } : coarse;
    } catch {
      return coarse;
    }
  }

  /**
   * Deletes data older than `retentionMs` or beyond `retentionBytes` (-1 disables either), whole
   * segments at a time on disk and whole batches in memory. The active segment is never deleted.
   */
  applyRetention(now: number, retentionMs: number, retentionBytes: number): void {
    if (this.closed) return;
    const expired = (maxTs: number): boolean => retentionMs >= 0 && maxTs < now - retentionMs;
    if (!this.options.dir) {
      let drop = 0;
      let bytes = this.totalBytes;
      while (drop < this.index.length - 1) {
        const size = this.index.size(drop);
        const overSize = retentionBytes >= 0 && bytes - size >= retentionBytes;
        if (!overSize && !expired(this.index.maxTimestamp(drop))) break;
        bytes -= size;
        drop++;
      }
      this.trimBatches(drop);
      return;
    }
    while (this.segments.length > 1) {
      const seg = this.segments[0];
      const nextBase = this.segments[1].baseOffset;
      let count = 0;
      let maxTs = -1;
      while (count < this.index.length && this.index.baseOffset(count) < nextBase) {
        maxTs = Math.max(maxTs, this.index.maxTimestamp(count));
        count++;
      }
      const overSize = retentionBytes >= 0 && this.totalBytes - seg.size >= retentionBytes;
      if (!overSize && !expired(maxTs)) break;
      this.segments.shift();
      this.trimBatches(count);
      this.startOffset = nextBase;
      this.releaseSegment(seg, true);
    }
  }

  private trimBatches(count: number): void {
    if (count <= 0) return;
    for (let i = 0; i < count; i++) this.totalBytes -= this.index.size(i);
    const nextStart = count < this.index.length ? this.index.baseOffset(count) : this.endOffset;
    this.index.trimFront(count);
    this.cacheFrom = Math.max(0, this.cacheFrom - count);
    this.startOffset = nextStart;
  }

  private releaseSegment(seg: Segment, unlink: boolean): void {
    seg.closing = true;
    if (seg.refs === 0) closeQuietly(seg.fd);
    if (unlink) fs.rmSync(seg.file, { force: true });
  }

  /** Registers a callback run once on the next append (long-polling fetches). */
  addWaiter(fn: () => void): void {
    this.waiters.add(fn);
  }

  removeWaiter(fn: () => void): void {
    this.waiters.delete(fn);
  }

  private notifyWaiters(): void {
    if (this.waiters.size === 0) return;
    const fns = [...this.waiters];
    this.waiters.clear();
    for (const fn of fns) fn();
  }

  /** Closes file handles; pending waiters are woken so they can answer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const seg of this.segments) this.releaseSegment(seg, false);
    // Let the cached batches go now; the shared cache budget may still reference this log.
    for (let i = 0; i < this.index.length; i++) this.index.setBuffer(i, undefined);
    this.cacheFrom = this.index.length;
    this.notifyWaiters();
  }

  /** Closes the log and removes its files. */
  destroy(): void {
    this.close();
    if (this.options.dir) fs.rmSync(this.options.dir, { recursive: true, force: true });
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed.
  }
}

/** Writes all buffers at `position`, undoing a partial write so the log never holds a torn batch. */
function writeAllSync(fd: number, bufs: readonly Buffer[], position: number): void {
  let pos = position;
  try {
    for (let k = 0; k < bufs.length;) {
      let written = fs.writevSync(fd, bufs.slice(k), pos);
      pos += written;
      while (k < bufs.length && written >= bufs[k].length) {
        written -= bufs[k].length;
        k++;
      }
      if (k < bufs.length && written > 0) {
        const rest = bufs[k].subarray(written);
        let off = 0;
        while (off < rest.length) off += fs.writeSync(fd, rest, off, rest.length - off, pos + off);
        pos += rest.length;
        k++;
      }
    }
  } catch (err) {
    try {
      fs.ftruncateSync(fd, position);
    } catch {
      // Recovery on the next start truncates the torn tail instead.
    }
    throw new StorageError(`write failed: ${(err as Error).message}`, { cause: err });
  }
}
