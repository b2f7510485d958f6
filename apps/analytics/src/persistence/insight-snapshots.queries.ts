import {
  changedCount,
  execute,
  queryRow,
  queryRows,
  type Db,
} from '@emporium/platform-persistence';

/** How long a replica may hold a key's refresh before another may take it over. */
const REFRESH_LEASE = '10 minutes';

/** A stored insight answer (`insight_snapshots`). */
export interface SnapshotRow {
  body: object;
  computed_at: Date;
  /** Null while the answer was only computed ahead (the refresher's defaults), never asked for. */
  requested_at: Date | null;
}

/** The stored answer under `key`, if any. */
export function findSnapshot(db: Db, key: string): Promise<SnapshotRow | undefined> {
  return queryRow<SnapshotRow>(
    db,
    'SELECT body, computed_at, requested_at FROM insight_snapshots WHERE key = $1',
    [key],
  );
}

/** Notes that the answer under `key` was asked for now. */
export async function touchSnapshot(db: Db, key: string): Promise<void> {
  await execute(db, 'UPDATE insight_snapshots SET requested_at = now() WHERE key = $1', [key]);
}

/**
 * Takes the lease to recompute the answer under `key`, unless it is younger than `maxAgeSeconds`
 * or another replica holds the lease; a request never answered gets a placeholder row to hold it.
 * Answers whether the lease is ours.
 */
export async function claimSnapshotRefresh(
  db: Db,
  key: string,
  request: object,
  maxAgeSeconds: number,
): Promise<boolean> {
  const claimed = await queryRows<{ key: string }>(
    db,
    `INSERT INTO insight_snapshots AS s (key, request, body, computed_at, refreshing_until)
     VALUES ($1, $2, 'null', 'epoch', now() + interval '${REFRESH_LEASE}')
     ON CONFLICT (key) DO UPDATE SET refreshing_until = excluded.refreshing_until
     WHERE (s.refreshing_until IS NULL OR s.refreshing_until < now())
       AND s.computed_at < now() - make_interval(secs => $3)
     RETURNING key`,
    [key, request, maxAgeSeconds],
  );
  return claimed.length > 0;
}

/** Gives up the lease on the answer under `key`. */
export async function releaseSnapshotRefresh(db: Db, key: string): Promise<void> {
  await execute(db, 'UPDATE insight_snapshots SET refreshing_until = NULL WHERE key = $1', [key]);
}

/**
 * Stores an answer computed from `computedAt` on and gives up the lease, unless a later
 * computation was stored already.
 */
export async function saveSnapshot(
  db: Db,
  key: string,
  request: object,
  body: object,
  computedAt: Date,
): Promise<void> {
  // `json`, not `jsonb`: the stored answer keeps its fields in the order they were computed.
  await execute(
    db,
    `INSERT INTO insight_snapshots AS s (key, request, body, computed_at, requested_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (key) DO UPDATE SET body = excluded.body, computed_at = excluded.computed_at,
       refreshing_until = NULL
     WHERE s.computed_at <= excluded.computed_at`,
    [key, request, JSON.stringify(body), computedAt],
  );
}

/**
 * Requests asked for within `withinSeconds` whose answers are older than `maxAgeSeconds`, latest
 * first.
 */
export async function staleSnapshotRequests(
  db: Db,
  withinSeconds: number,
  maxAgeSeconds: number,
  limit: number,
): Promise<object[]> {
  const rows = await queryRows<{ request: object }>(
    db,
    `SELECT request FROM insight_snapshots
     WHERE requested_at > now() - make_interval(secs => $1) AND computed_at < now() - make_interval(secs => $2)
     ORDER BY requested_at DESC LIMIT $3`,
    [withinSeconds, maxAgeSeconds, limit],
  );
  return rows.map((r) => r.request);
}

/** Drops answers nobody asked for (or computed) within `days`; answers how many. */
export function forgetSnapshots(db: Db, days: number): Promise<number> {
  return changedCount(
    db,
    'DELETE FROM insight_snapshots WHERE coalesce(requested_at, computed_at) < now() - make_interval(days => $1)',
    [days],
  );
}
