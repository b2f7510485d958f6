import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  claimSnapshotRefresh,
  findSnapshot,
  forgetSnapshots,
  releaseSnapshotRefresh,
  saveSnapshot,
  staleSnapshotRequests,
  touchSnapshot,
  type SnapshotRow,
} from '../persistence/insight-snapshots.queries';

/** Injection token: seconds an insight answer is served before it is recomputed (0: never stored). */
export const INSIGHTS_MAX_AGE_SECONDS = Symbol('INSIGHTS_MAX_AGE_SECONDS');

/** An answer older than the max age but younger than this is served while it is recomputed. */
const SERVE_STALE_FOR_MS = 3_600_000;
/** Touching `requested_at` on every read would make each read a write; once a minute is enough. */
const TOUCH_AFTER_MS = 60_000;

/** A stored insight answer and when it was computed. */
export type Stored<T> = T & { readonly computedAt: string };

/**
 * The stored answers of the reports that compute over facts for seconds (segments, associations,
 * forecast, stats), in Postgres so every replica and a restart share them. A read is one indexed
 * row; an answer past its max age is still served (for up to an hour) while one replica
 * recomputes it in the background, so a dashboard never waits on a computation it has seen before.
 */
@Injectable()
export class InsightSnapshots {
  private readonly log = new Logger(InsightSnapshots.name);
  /** Computations under way in this process, by key: concurrent misses share one. */
  private readonly computing = new Map<string, Promise<Stored<object>>>();

  constructor(
    private readonly db: DataSource,
    @Inject(INSIGHTS_MAX_AGE_SECONDS) readonly maxAgeSeconds: number,
  ) {}

  get enabled(): boolean {
    return this.maxAgeSeconds > 0;
  }

  /** The answer to `request`: stored if fresh enough, else computed (and stored). */
  async answer<T extends object>(request: object, compute: () => Promise<T>): Promise<Stored<T>> {
    if (!this.enabled) return { ...(await compute()), computedAt: new Date().toISOString() };
    const key = keyOf(request);
    const row = await findSnapshot(this.db, key);
    if (!row) return this.compute(key, request, compute);
    const now = Date.now();
    if (!row.requested_at || now - row.requested_at.getTime() > TOUCH_AFTER_MS) {
      await touchSnapshot(this.db, key);
    }
    const age = now - row.computed_at.getTime();
    if (age <= this.maxAgeSeconds * 1_000) return stored(row);
    if (age > SERVE_STALE_FOR_MS) return this.compute(key, request, compute);
    void this.refresh(request, compute).catch((error: Error) =>
      this.log.warn(`Refreshing ${key} failed: ${error.message}`),
    );
    return stored(row);
  }

  /**
   * Recomputes an answer unless it is fresh or another replica is at it (a lease on the row; a
   * request never answered gets a placeholder row to hold it): the background refresh of a stale
   * read and the refresher's sweep. Resolves to whether it ran.
   */
  async refresh(request: object, compute: () => Promise<object>): Promise<boolean> {
    const key = keyOf(request);
    if (!(await claimSnapshotRefresh(this.db, key, request, this.maxAgeSeconds))) return false;
    try {
      await this.compute(key, request, compute);
    } catch (error) {
      await releaseSnapshotRefresh(this.db, key);
      throw error;
    }
    return true;
  }

  /** Requests asked for within `withinSeconds` whose answers are past their max age, latest first. */
  staleRequests(withinSeconds: number, limit: number): Promise<object[]> {
    return staleSnapshotRequests(this.db, withinSeconds, this.maxAgeSeconds, limit);
  }

  /** Drops answers nobody asked for within `days`. */
  forget(days: number): Promise<number> {
    return forgetSnapshots(this.db, days);
  }

  private compute<T extends object>(
    key: string,
    request: object,
    compute: () => Promise<T>,
  ): Promise<Stored<T>> {
    const running = this.computing.get(key);
    if (running) return running as Promise<Stored<T>>;
    const run = (async () => {
      const startedAt = new Date();
      const body = await compute();
      await saveSnapshot(this.db, key, request, body, startedAt);
      return { ...body, computedAt: startedAt.toISOString() };
    })().finally(() => this.computing.delete(key));
    this.computing.set(key, run);
    return run;
  }
}

/** A request's key: its JSON with object fields in sorted order, however it was built or stored. */
export function keyOf(request: object): string {
  return JSON.stringify(request, (_, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}

function stored<T extends object>(row: SnapshotRow): Stored<T> {
  return { ...(row.body as T), computedAt: row.computed_at.toISOString() };
}
