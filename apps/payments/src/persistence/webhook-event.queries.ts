import type { EntityManager } from 'typeorm';
import { execute, queryRows } from '@emporium/platform-persistence';

/** A provider's event as delivered to the webhook. */
export interface WebhookDelivery {
  readonly provider: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly paymentId: string;
}

/**
 * Records a delivery of a provider's event: the row is inserted the first time, later deliveries
 * only count. Answers how many deliveries of the event there have been, this one included.
 */
export async function recordWebhookDelivery(
  tx: EntityManager,
  d: WebhookDelivery,
): Promise<number> {
  const [row] = await queryRows<{ deliveries: number }>(
    tx,
    `INSERT INTO webhook_events AS w (provider, event_id, event_type, payment_id, outcome)
     VALUES ($1, $2, $3, $4, 'received')
     ON CONFLICT (provider, event_id) DO UPDATE
       SET deliveries = w.deliveries + 1, last_received_at = now()
     RETURNING w.deliveries`,
    [d.provider, d.eventId, d.eventType, d.paymentId],
  );
  return row.deliveries;
}

/** What the first delivery of an event came to. */
export async function setWebhookOutcome(
  tx: EntityManager,
  provider: string,
  eventId: string,
  outcome: string,
): Promise<void> {
  await execute(
    tx,
    'UPDATE webhook_events SET outcome = $3 WHERE provider = $1 AND event_id = $2',
    [provider, eventId, outcome],
  );
}
