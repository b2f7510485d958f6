/** Why the decoder refused the stream. */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * Splits a TCP byte stream into Kafka frames (int32 size + payload). A frame that sits inside
 * one received chunk is returned as a view; only frames spanning chunks are copied together.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private nextSize = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes received but not yet returned as frames. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Adds received bytes and returns the complete frames now available. Throws FrameError. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.nextSize < 0) {
        if (this.buffered < 4) break;
        const size = this.peekInt32();
        if (size < 0 || size > this.maxFrameBytes) {
          throw new FrameError(`frame size ${size} is outside 0..${this.maxFrameBytes}`);
        }
        this.consume(4);
        this.nextSize = size;
      }
      if (this.buffered < this.nextSize) break;
      frames.push(this.consume(this.nextSize));
      this.nextSize = -1;
    }
    return frames;
  }

  private peekInt32(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    return this.concatFirst(4).readInt32BE(0);
  }

  /** Merges leading chunks until the first holds at least n bytes. */
  private concatFirst(n: number): Buffer {
    let total = 0;
    let count = 0;
    while (total < n) total += this.chunks[count++].length;
    const merged = Buffer.concat(this.chunks.slice(0, count), total);
    this.chunks.splice(0, count, merged);
    return merged;
  }

  private consume(n: number): Buffer {
    let first = this.chunks[0];
    if (first === undefined) return Buffer.alloc(0);
    if (first.length < n) first = this.concatFirst(n);
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }
}
