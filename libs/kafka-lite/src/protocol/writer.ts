const TWO_32 = 4294967296;
/** Buffers at least this large are referenced, not copied, into the output. */
const ZERO_COPY_THRESHOLD = 512;

/**
 * Growable writer for Kafka's big-endian wire types. Large byte fields (record batches) are kept
 * as references so a fetch response is sent without copying the batches.
 */
export class Writer {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer;
  private start = 0;
  private pos = 0;
  private flushed = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Total bytes written so far. */
  get length(): number {
    return this.flushed + this.pos - this.start;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, used + n, 256));
    this.buf.copy(next, 0, this.start, this.pos);
    this.buf = next;
    this.start = 0;
    this.pos = used;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }

  boolean(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  uint32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  int64(v: number): this {
    this.ensure(8);
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.pos + 4);
    this.pos += 8;
    return this;
  }

  string(v: string): this {
    return this.nullableString(v);
  }

  nullableString(v: string | null): this {
    if (v === null) return this.int16(-1);
    const len = Buffer.byteLength(v);
    this.int16(len);
    this.ensure(len);
    this.buf.write(v, this.pos, len, 'utf8');
    this.pos += len;
    return this;
  }

  bytes(v: Buffer): this {
    return this.nullableBytes(v);
  }

  nullableBytes(v: Buffer | null): this {
    if (v === null) return this.int32(-1);
    this.int32(v.length);
    return this.raw(v);
  }

  array<T>(items: readonly T[], writeItem: (w: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, writeItem: (w: this, item: T) => void): this {
    if (items === null) return this.int32(-1);
    return this.array(items, writeItem);
  }

  /** Writes a zig-zag varint (32-bit). */
  varint(v: number): this {
    let raw = v >= 0 ? v * 2 : -v * 2 - 1;
    this.ensure(5);
    while (raw >= 0x80) {
      this.buf[this.pos++] = (raw % 128) | 0x80;
      raw = Math.floor(raw / 128);
    }
    this.buf[this.pos++] = raw;
    return this;
  }

  /** Writes a zig-zag varlong. */
  varlong(v: number): this {
    let raw = BigInt(v) >= 0n ? BigInt(v) << 1n : (-BigInt(v) << 1n) - 1n;
    this.ensure(10);
    while (raw >= 0x80n) {
      this.buf[this.pos++] = Number(raw & 0x7fn) | 0x80;
      raw >>= 7n;
    }
    this.buf[this.pos++] = Number(raw);
    return this;
  }

  /** Appends bytes; large buffers are referenced rather than copied. */
  raw(v: Buffer): this {
    if (v.length >= ZERO_COPY_THRESHOLD) {
      this.flushCurrent();
      this.chunks.push(v);
      this.flushed += v.length;
      return this;
    }
    this.ensure(v.length);
    v.copy(this.buf, this.pos);
    this.pos += v.length;
    return this;
  }

  private flushCurrent(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushed += this.pos - this.start;
      this.start = this.pos;
    }
  }

  /** The written bytes as a list of buffers, in order. */
  toChunks(): Buffer[] {
    this.flushCurrent();
    return this.chunks.slice();
  }

  /** The written bytes as one buffer (copies if there is more than one chunk). */
  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }
}
