import type { EntityManager } from 'typeorm';
import type { QuarantineReason } from '../domain/cleaning';
import { queryRows, type Db } from '@emporium/platform-persistence';

/** Quarantined entries of one reason and event type. */
export interface QuarantineSummaryRow {
  reason: string;
  event_type: string;
  total: string;
  /** Entries still to look at: an unknown product counts until the catalog announces it. */
  open: string;
}

/** Sets an event, or a part of it, aside; answers false when it was set aside for this before. */
export async function insertQuarantined(
  tx: EntityManager,
  entry: {
    readonly eventId: string;
    readonly eventType: string;
    readonly reason: QuarantineReason;
    readonly detail: string;
    readonly payload: unknown;
  },
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    tx,
    `INSERT INTO quarantine (event_id, event_type, reason, detail, payload) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (event_id, reason, detail) DO NOTHING RETURNING id`,
    [
      entry.eventId,
      entry.eventType,
      entry.reason,
      entry.detail,
      JSON.stringify(entry.payload ?? null),
    ],
  );
  return rows.length > 0;
}

/** Records each of the products the catalog has not announced; answers how many were new entries. */
export async function quarantineUnknownProducts(
  tx: EntityManager,
  eventId: string,
  eventType: string,
  productIds: readonly string[],
): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    tx,
    `INSERT INTO quarantine (event_id, event_type, reason, detail, product_id)
     SELECT $1, $2, 'unknown-product', 'product ' || p, p
     FROM unnest($3::text[]) AS p
     WHERE NOT EXISTS (SELECT 1 FROM dim_products d WHERE d.product_id = p)
     ON CONFLICT (event_id, reason, detail) DO NOTHING RETURNING id`,
    [eventId, eventType, productIds],
  );
  return rows.length;
}

/** The quarantine by reason and event type. */
export function quarantineSummary(db: Db): Promise<QuarantineSummaryRow[]> {
  return queryRows<QuarantineSummaryRow>(
    db,
    `SELECT reason, event_type, count(*) AS total, count(*) FILTER (WHERE reason <> 'unknown-product'
             OR NOT EXISTS (SELECT 1 FROM dim_products d WHERE d.product_id = q.product_id)) AS open
     FROM quarantine q GROUP BY reason, event_type ORDER BY reason, event_type`,
  );
}
