import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c } from '../protocol/crc32c';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { writeFileAtomic } from './atomic-file';

const RECORD_COMMIT = 1;
const RECORD_DELETE_TOPIC = 2;
const RECORD_DELETE_GROUP = 3;
const RECORD_HEADER = 8;
/** Rewrite the log once it is this large and mostly superseded entries. */
const COMPACT_MIN_BYTES = 8 << 20;

/** A committed consumer-group offset. */
export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestamp: number;
}

/** One offset to commit. */
export interface OffsetCommitEntry {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

type GroupOffsets = Map<string, Map<number, CommittedOffset>>;

/**
 * Committed group offsets. With a file, every commit is appended as one CRC-protected record
 * (written before the commit is acknowledged) and the log is replayed on start; a torn tail is
 * cut off. The log is rewritten as a snapshot once it is mostly superseded entries.
 */
export class OffsetStore {
  private readonly groups = new Map<string, GroupOffsets>();
  private fd: number | null = null;
  private fileBytes = 0;
  private liveEntries = 0;

  constructor(
    private readonly file: string | null,
    private readonly fsync: boolean,
  ) {}

  /** Replays the offsets log. Returns the number of bytes cut off a torn tail. */
  load(): number {
    if (!this.file) return 0;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const data = fs.existsSync(this.file) ? fs.readFileSync(this.file) : Buffer.alloc(0);
    let pos = 0;
    while (pos + RECORD_HEADER <= data.length) {
      const len = data.readInt32BE(pos);
      if (len <= 0 || pos + RECORD_HEADER + len > data.length) break;
      const payload = data.subarray(pos + RECORD_HEADER, pos + RECORD_HEADER + len);
      if (crc32c(payload) !== data.readUInt32BE(pos + 4)) break;
      try {
        this.apply(new Reader(payload));
      } catch {
        break;
      }
      pos += RECORD_HEADER + len;
    }
    this.fd = fs.openSync(this.file, fs.existsSync(this.file) ? 'r+' : 'w+');
    if (pos < data.length) fs.ftruncateSync(this.fd, pos);
    this.fileBytes = pos;
    this.maybeCompact();
    return data.length - pos;
  }

  private apply(r: Reader): void {
    const type = r.int8();
    if (type === RECORD_COMMIT) {
      const groupId = r.string();
      const count = r.int32();
      const ts = r.int64();
      for (let i = 0; i < count; i++) {
        this.set(groupId, r.string(), r.int32(), {
          offset: r.int64(),
          leaderEpoch: r.int32(),
          metadata: r.nullableString(),
          commitTimestamp: ts,
        });
      }
    } else if (type === RECORD_DELETE_TOPIC) {
      this.dropTopic(r.string());
    } else if (type === RECORD_DELETE_GROUP) {
      this.dropGroup(r.string());
    } else {
      throw new Error(`unknown offsets record type ${type}`);
    }
  }

  private set(groupId: string, topic: string, partition: number, value: CommittedOffset): void {
    let group = this.groups.get(groupId);
    if (!group) this.groups.set(groupId, (group = new Map()));
    let parts = group.get(topic);
    if (!parts) group.set(topic, (parts = new Map()));
    if (!parts.has(partition)) this.liveEntries++;
    parts.set(partition, value);
  }

  private dropTopic(topic: string): void {
    for (const [groupId, group] of this.groups) {
      const parts = group.get(topic);
      if (!parts) continue;
      this.liveEntries -= parts.size;
      group.delete(topic);
      if (group.size === 0) this.groups.delete(groupId);
    }
  }

  private dropGroup(groupId: string): void {
    const group = this.groups.get(groupId);
    if (!group) return;
    for (const parts of group.values()) this.liveEntries -= parts.size;
    this.groups.delete(groupId);
  }

  /** Durably commits offsets for a group (all entries in one record). */
  commit(groupId: string, entries: readonly OffsetCommitEntry[]): void {
    if (entries.length === 0) return;
    const ts = Date.now();
    const w = new Writer(64 + entries.length * 48);
    w.int8(RECORD_COMMIT).string(groupId).int32(entries.length).int64(ts);
    for (const e of entries) {
      w.string(e.topic)
        .int32(e.partition)
        .int64(e.offset)
        .int32(e.leaderEpoch)
        .nullableString(e.metadata);
    }
    this.append(w.toBuffer());
    for (const e of entries) {
      this.set(groupId, e.topic, e.partition, {
        offset: e.offset,
        leaderEpoch: e.leaderEpoch,
        metadata: e.metadata,
        commitTimestamp: ts,
      });
    }
  }

  /** Removes every group's offsets for a deleted topic. */
  deleteTopic(topic: string): void {
    this.append(new Writer(64).int8(RECORD_DELETE_TOPIC).string(topic).toBuffer());
    this.dropTopic(topic);
  }

  /** Removes all offsets of a group. */
  deleteGroup(groupId: string): void {
    this.append(new Writer(64).int8(RECORD_DELETE_GROUP).string(groupId).toBuffer());
    this.dropGroup(groupId);
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.get(topic)?.get(partition);
  }

  /** All committed offsets of a group, by topic and partition. */
  forGroup(groupId: string): ReadonlyMap<string, ReadonlyMap<number, CommittedOffset>> {
    return this.groups.get(groupId) ?? new Map();
  }

  hasGroup(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  private append(payload: Buffer): void {
    if (this.fd === null) return;
    const record = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
    record.writeInt32BE(payload.length, 0);
    record.writeUInt32BE(crc32c(payload), 4);
    payload.copy(record, RECORD_HEADER);
    let off = 0;
    try {
      while (off < record.length) {
        off += fs.writeSync(this.fd, record, off, record.length - off, this.fileBytes + off);
      }
    } catch (err) {
      fs.ftruncateSync(this.fd, this.fileBytes);
      throw err;
    }
    if (this.fsync) fs.fdatasyncSync(this.fd);
    this.fileBytes += record.length;
    this.maybeCompact();
  }

  private maybeCompact(): void {
    if (!this.file || this.fd === null) return;
    if (this.fileBytes < COMPACT_MIN_BYTES || this.fileBytes < this.liveEntries * 256) return;
    const chunks: Buffer[] = [];
    for (const [groupId, group] of this.groups) {
      for (const [topic, parts] of group) {
        const w = new Writer(64 + parts.size * 48);
        let ts = 0;
        for (const v of parts.values()) ts = Math.max(ts, v.commitTimestamp);
        w.int8(RECORD_COMMIT).string(groupId).int32(parts.size).int64(ts);
        for (const [partition, v] of parts) {
          w.string(topic)
            .int32(partition)
            .int64(v.offset)
            .int32(v.leaderEpoch)
            .nullableString(v.metadata);
        }
        const payload = w.toBuffer();
        const header = Buffer.allocUnsafe(RECORD_HEADER);
        header.writeInt32BE(payload.length, 0);
        header.writeUInt32BE(crc32c(payload), 4);
        chunks.push(header, payload);
      }
    }
    const snapshot = Buffer.concat(chunks);
    writeFileAtomic(this.file, snapshot);
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'r+');
    this.fileBytes = snapshot.length;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
