import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Injection token: seconds an insight answer is served before it is recomputed (0: never stored). */
export const INSIGHTS_MAX_AGE_SECONDS = Symbol('INSIGHTS_MAX_AGE_SECONDS');

/** An answer older than the max age but younger than this is served while it is recomputed. */
const SERVE_STALE_FOR_MS = 3_600_000;
/** How long a replica may hold a key's refresh before another may take it over. */
const REFRESH_LEASE = '10 minutes';
/** Touching `requested_at` on every read would make each read a write; once a minute is enough. */
const TOUCH_AFTER_MS = 60_000;

/** A stored insight answer and when it was computed. */
export type Stored<T> = T & { readonly computedAt: string };

interface Row {
  body: object;
  computed_at: Date;
  /** Null while the answer was only computed ahead (the refresher's defaults), never asked for. */
  requested_at: Date | null;
}

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
    const [row] = (await this.db.query(
      'SELECT body, computed_at, requested_at FROM insight_snapshots WHERE key = $1',
      [key],
    )) as Row[];
    if (!row) return this.compute(key, request, compute);
    const now = Date.now();
    if (!row.requested_at || now - row.requested_at.getTime() > TOUCH_AFTER_MS) {
      await this.db.query('UPDATE insight_snapshots SET requested_at = now() WHERE key = $1', [
        key,
      ]);
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
    const claimed = (await this.db.query(
      `INSERT INTO insight_snapshots AS s (key, request, body, computed_at, refreshing_until)
       VALUES ($1, $2, 'null', 'epoch', now() + interval '${REFRESH_LEASE}')
       ON CONFLICT (key) DO UPDATE SET refreshing_until = excluded.refreshing_until
       WHERE (s.refreshing_until IS NULL OR s.refreshing_until < now())
         AND s.computed_at < now() - make_interval(secs => $3)
       RETURNING key`,
      [key, request, this.maxAgeSeconds],
    )) as unknown[];
    if (claimed.length === 0) return false;
    try {
      await this.compute(key, request, compute);
    } catch (error) {
      await this.db.query('UPDATE insight_snapshots SET refreshing_until = NULL WHERE key = $1', [
        key,
      ]);
      throw error;
    }
    return true;
  }

  /** Requests asked for within `withinSeconds` whose answers are past their max age, latest first. */
  async staleRequests(withinSeconds: number, limit: number): Promise<object[]> {
    const rows = (await this.db.query(
      `SELECT request FROM insight_snapshots
       WHERE requested_at > now() - make_interval(secs => $1) AND computed_at < now() - make_interval(secs => $2)
       ORDER BY requested_at DESC LIMIT $3`,
      [withinSeconds, this.maxAgeSeconds, limit],
    )) as { request: object }[];
    return rows.map((r) => r.request);
  }

  /** Drops answers nobody asked for within `days`. */
  async forget(days: number): Promise<number> {
    const [, count] = (await this.db.query(
      'DELETE FROM insight_snapshots WHERE coalesce(requested_at, computed_at) < now() - make_interval(days => $1)',
      [days],
    )) as [unknown[], number];
    return count;
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
      // `json`, not `jsonb`: the stored answer keeps its fields in the order they were computed.
      await this.db.query(
        `INSERT INTO insight_snapshots AS s (key, request, body, computed_at, requested_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (key) DO UPDATE SET body = excluded.body, computed_at = excluded.computed_at,
           refreshing_until = NULL
         WHERE s.computed_at <= excluded.computed_at`,
        [key, request, JSON.stringify(body), startedAt],
      );
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

function stored<T extends object>(row: Row): Stored<T> {
  return { ...(row.body as T), computedAt: row.computed_at.toISOString() };
}
