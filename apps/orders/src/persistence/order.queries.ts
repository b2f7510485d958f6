import type { EntityManager } from 'typeorm';
import { queryRows } from '@emporium/platform-persistence';

/** The next number of today's order sequence (days in Asia/Shanghai), counted in one statement. */
export async function nextOrderSequence(tx: EntityManager): Promise<number> {
  const [row] = await queryRows<{ last_value: number }>(
    tx,
    `INSERT INTO order_number_sequences (day, last_value) VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date, 1)
     ON CONFLICT (day) DO UPDATE SET last_value = order_number_sequences.last_value + 1
     RETURNING last_value`,
  );
  return row.last_value;
}

/**
 * Locks up to `limit` delivered orders (partly refunded ones included) whose return window of
 * `windowSeconds` has passed, the longest delivered first; orders another transaction holds are
 * skipped. Answers their ids.
 */
export async function lockOrdersPastReturnWindow(
  tx: EntityManager,
  windowSeconds: number,
  limit: number,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    `SELECT id FROM orders
      WHERE status IN ('DELIVERED', 'PARTIALLY_REFUNDED')
        AND delivered_at <= now() - make_interval(secs => $1)
      ORDER BY delivered_at LIMIT $2
        FOR UPDATE SKIP LOCKED`,
    [windowSeconds, limit],
  );
  return rows.map((r) => r.id);
}
