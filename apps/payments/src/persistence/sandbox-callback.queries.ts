import { changedCount, execute, updatedRows, type Db } from '@emporium/platform-persistence';

/** A webhook the sandbox will deliver: `body` (the event) posted to the provider's webhook path. */
export interface SandboxCallback {
  readonly provider: string;
  readonly providerRef: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly body: string;
}

/** A callback taken by a sweeper for one try. */
export interface ClaimedCallback {
  readonly id: string;
  readonly provider: string;
  readonly body: string;
  readonly duplicate: boolean;
  readonly attempts: number;
}

/** A try of a claimed callback, as the claim counted it: later writes hold only while it is so. */
type Try = Pick<ClaimedCallback, 'id' | 'attempts'>;

/** Stores a callback due `delayMs` from now. */
export async function insertSandboxCallback(
  db: Db,
  callback: SandboxCallback,
  delayMs: number,
): Promise<void> {
  await execute(
    db,
    `INSERT INTO sandbox_callbacks (provider, provider_ref, event_id, event_type, body, due_at)
     VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')`,
    [
      callback.provider,
      callback.providerRef,
      callback.eventId,
      callback.eventType,
      callback.body,
      delayMs,
    ],
  );
}

/**
 * Takes up to `limit` due callbacks no other sweeper holds, counts a try on each and leases them
 * for `leaseMs`: they come due again only if this try never records its outcome.
 */
export async function claimDueCallbacks(
  db: Db,
  limit: number,
  leaseMs: number,
): Promise<ClaimedCallback[]> {
  return updatedRows<ClaimedCallback>(
    db,
    `WITH due AS (
       SELECT id FROM sandbox_callbacks
        WHERE delivered_at IS NULL AND given_up_at IS NULL AND due_at <= now()
        ORDER BY due_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED)
     UPDATE sandbox_callbacks c
        SET attempts = c.attempts + 1, due_at = now() + $2 * interval '1 millisecond'
       FROM due
      WHERE c.id = due.id
     RETURNING c.id, c.provider, c.body, c.duplicate, c.attempts`,
    [limit, leaseMs],
  );
}

/** Gives a callback up after its last try, unless another sweeper took it meanwhile. */
export async function giveUpCallback(db: Db, tried: Try, error: string): Promise<void> {
  await execute(
    db,
    `UPDATE sandbox_callbacks SET given_up_at = now(), last_error = $3
      WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL`,
    [tried.id, tried.attempts, error],
  );
}

/** Makes a failed callback due again in `backoffMs`, unless another sweeper took it meanwhile. */
export async function retryCallbackLater(
  db: Db,
  tried: Try,
  backoffMs: number,
  error: string,
): Promise<void> {
  await execute(
    db,
    `UPDATE sandbox_callbacks SET due_at = now() + $3 * interval '1 millisecond', last_error = $4
      WHERE id = $1 AND attempts = $2 AND delivered_at IS NULL`,
    [tried.id, tried.attempts, backoffMs, error],
  );
}

/**
 * Marks a callback delivered and, for a first notification, stores its duplicate due in
 * `duplicateDelayMs`, in one statement.
 */
export async function markCallbackDelivered(
  db: Db,
  id: string,
  duplicateDelayMs: number,
): Promise<void> {
  await execute(
    db,
    `WITH delivered AS (
       UPDATE sandbox_callbacks SET delivered_at = now(), last_error = NULL
        WHERE id = $1 AND delivered_at IS NULL
       RETURNING provider, provider_ref, event_id, event_type, body, duplicate)
     INSERT INTO sandbox_callbacks (provider, provider_ref, event_id, event_type, body, duplicate, due_at)
     SELECT provider, provider_ref, event_id, event_type, body, true, now() + $2 * interval '1 millisecond'
       FROM delivered WHERE NOT duplicate
     ON CONFLICT (provider, event_id, duplicate) DO NOTHING`,
    [id, duplicateDelayMs],
  );
}

/** Deletes callbacks delivered or given up more than `retentionHours` ago; answers how many. */
export async function deleteFinishedCallbacks(db: Db, retentionHours: number): Promise<number> {
  return changedCount(
    db,
    `DELETE FROM sandbox_callbacks
      WHERE coalesce(delivered_at, given_up_at) < now() - make_interval(hours => $1)`,
    [retentionHours],
  );
}
