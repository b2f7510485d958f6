/**
 * In-memory index of the batches of one partition: base offset, file position, size and max
 * timestamp per batch, in typed arrays (about 24 bytes a batch). Batches are contiguous in offset
 * order, so the batch holding an offset is found by binary search on base offsets.
 */
export class BatchIndex {
  private capacity = 64;
  private head = 0;
  private tail = 0;
  private bases = new Float64Array(this.capacity);
  private positions = new Float64Array(this.capacity);
  private sizes = new Uint32Array(this.capacity);
  private maxTimestamps = new Float64Array(this.capacity);
  /** Optional in-memory copies of batches, aligned with the typed arrays. */
  private buffers: (Buffer | undefined)[] = [];

  get length(): number {
    return this.tail - this.head;
  }

  push(
    baseOffset: number,
    position: number,
    size: number,
    maxTimestamp: number,
    buf?: Buffer,
  ): void {
    if (this.tail === this.capacity) this.grow();
    const i = this.tail++;
    this.bases[i] = baseOffset;
    this.positions[i] = position;
    this.sizes[i] = size;
    this.maxTimestamps[i] = maxTimestamp;
    this.buffers[i] = buf;
  }

  private grow(): void {
    const live = this.length;
    // Reclaim trimmed slots first; only double when the live part fills more than half.
    const capacity = live * 2 > this.capacity ? this.capacity * 2 : this.capacity;
    const move = <T extends Float64Array | Uint32Array>(src: T, make: (n: number) => T): T => {
      const dst = make(capacity);
      dst.set(src.subarray(this.head, this.tail));
      return dst;
    };
    this.bases = move(this.bases, (n) => new Float64Array(n));
    this.positions = move(this.positions, (n) => new Float64Array(n));
    this.sizes = move(this.sizes, (n) => new Uint32Array(n));
    this.maxTimestamps = move(this.maxTimestamps, (n) => new Float64Array(n));
    this.buffers = this.buffers.slice(this.head, this.tail);
    this.capacity = capacity;
    this.head = 0;
    this.tail = live;
  }

  baseOffset(i: number): number {
    return this.bases[this.head + i];
  }

  position(i: number): number {
    return this.positions[this.head + i];
  }

  size(i: number): number {
    return this.sizes[this.head + i];
  }

  maxTimestamp(i: number): number {
    return this.maxTimestamps[this.head + i];
  }

  buffer(i: number): Buffer | undefined {
    return this.buffers[this.head + i];
  }

  setBuffer(i: number, buf: Buffer | undefined): void {
    this.buffers[this.head + i] = buf;
  }

  /** Index of the batch containing `offset` (the last batch with baseOffset <= offset), or -1. */
  find(offset: number): number {
    let lo = 0;
    let hi = this.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bases[this.head + mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Drops the first `n` batches. */
  trimFront(n: number): void {
    const count = Math.min(n, this.length);
    for (let i = 0; i < count; i++) this.buffers[this.head + i] = undefined;
    this.head += count;
  }
}
