import type { EventEnvelope } from '@emporium/contracts';
import { updatedRows, type Db } from '@emporium/platform-persistence';
import type { WebhookDeliveryStatus } from '../domain/webhooks';

/** A claimed delivery with its subscription's address and secret, ready to send. */
export interface ClaimedDeliveryRow {
  readonly id: string;
  readonly url: string;
  readonly secret_ciphertext: string;
  readonly event_type: string;
  readonly body: string;
  readonly attempts: number;
  readonly window_started_at: Date;
}

/**
 * Claims up to `limit` due deliveries of active subscriptions, each the earliest pending one of its
 * subject for its subscription, skipping those another sender holds. The claim is a lease: it
 * counts the attempt and pushes `next_attempt_at` `leaseSeconds` ahead, so a delivery whose sender
 * dies comes due again.
 */
export function claimDueDeliveries(
  db: Db,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedDeliveryRow[]> {
  return updatedRows<ClaimedDeliveryRow>(
    db,
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.active
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
          AND NOT EXISTS (
            SELECT 1 FROM webhook_deliveries e
             WHERE e.subscription_id = d.subscription_id AND e.subject = d.subject
               AND e.status = 'PENDING' AND e.seq < d.seq)
        ORDER BY d.next_attempt_at, d.seq
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED)
     UPDATE webhook_deliveries w
        SET next_attempt_at = now() + make_interval(secs => $2), attempts = w.attempts + 1
       FROM due, webhook_subscriptions s
      WHERE w.id = due.id AND s.id = w.subscription_id
     RETURNING w.id, s.url, s.secret_ciphertext, w.event_type, w.body, w.attempts, w.window_started_at`,
    [limit, leaseSeconds],
  );
}

/** Records that a delivery's receiver took it, with the status code it answered. */
export async function markDelivered(db: Db, id: string, statusCode: number | null): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries
        SET status = 'DELIVERED', last_status_code = $2, last_error = NULL, next_attempt_at = NULL, delivered_at = now()
      WHERE id = $1`,
    [id, statusCode],
  );
}

/** A failed attempt: what went wrong, and whether (and when) the delivery is tried again. */
export interface FailedAttempt {
  readonly status: Extract<WebhookDeliveryStatus, 'PENDING' | 'FAILED'>;
  readonly statusCode: number | null;
  readonly error: string | null;
  /** Null once the delivery has FAILED. */
  readonly nextAttemptAt: Date | null;
}

/** Records a failed attempt. */
export async function markAttemptFailed(db: Db, id: string, failed: FailedAttempt): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries
        SET status = $2, last_status_code = $3, last_error = $4, next_attempt_at = $5
      WHERE id = $1`,
    [id, failed.status, failed.statusCode, failed.error, failed.nextAttemptAt],
  );
}

/** Makes a subscription's delivery due now with a fresh retry window; false when it has no such delivery. */
export async function retryDeliveryNow(
  db: Db,
  subscriptionId: string,
  deliveryId: string,
): Promise<boolean> {
  const updated = await updatedRows<{ id: string }>(
    db,
    `UPDATE webhook_deliveries
        SET status = 'PENDING', next_attempt_at = now(), window_started_at = now()
      WHERE id = $1 AND subscription_id = $2
      RETURNING id`,
    [deliveryId, subscriptionId],
  );
  return updated.length > 0;
}

/** Records a delivery of `event` to each subscription; one already recorded is left as it is. */
export async function insertDeliveries(
  db: Db,
  subscriptionIds: readonly string[],
  event: EventEnvelope,
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, subject, body, next_attempt_at)
     SELECT target, $2, $3, $4, $5, now() FROM unnest($1::uuid[]) AS target
     ON CONFLICT (subscription_id, event_id) DO NOTHING`,
    [subscriptionIds, event.id, event.type, event.subject, JSON.stringify(event)],
  );
}
