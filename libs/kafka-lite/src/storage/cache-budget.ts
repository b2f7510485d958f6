/** Something holding cached batches that can give the oldest one back. */
export interface CacheHolder {
  /** Drops the holder's oldest cached batch; returns false if the holder no longer has it. */
  evictOldestCached(): boolean;
}

/**
 * Broker-wide budget for batches kept in memory after being written to disk, evicted in append
 * order. Tailing consumers are then served from memory while the files stay the source of truth.
 */
export class CacheBudget {
  private readonly queue: { holder: CacheHolder; size: number }[] = [];
  private head = 0;
  private used = 0;

  constructor(private readonly limitBytes: number) {}

  /** Whether the cache is enabled at all. */
  get enabled(): boolean {
    return this.limitBytes > 0;
  }

  charge(holder: CacheHolder, size: number): void {
    this.queue.push({ holder, size });
    this.used += size;
    while (this.used > this.limitBytes && this.head < this.queue.length) {
      const oldest = this.queue[this.head++];
      this.used -= oldest.size;
      oldest.holder.evictOldestCached();
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
