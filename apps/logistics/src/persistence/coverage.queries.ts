import { execute, queryRow, queryRows, type Db } from '@emporium/platform-persistence';

/** A paid order shipped from warehouses: where to, how, and its units. */
export interface ShippedOrderRow {
  readonly province: string;
  readonly city: string;
  readonly option: string;
  readonly allocations: { sku: string; quantity: number }[];
}

/** Orders placed in [from, to) whose units left the warehouses (store pickups aside). */
export function shippedOrders(db: Db, from: Date, to: Date): Promise<ShippedOrderRow[]> {
  return queryRows<ShippedOrderRow>(
    db,
    `SELECT destination->>'province' AS province, destination->>'city' AS city,
            delivery_option AS option, allocations
       FROM reservations
      WHERE status = 'COMMITTED' AND delivery_option <> 'STORE_PICKUP'
        AND created_at >= $1 AND created_at < $2`,
    [from, to],
  );
}

/** What a province's orders really cost and how fast they arrived (counts and sums as text). */
export interface DeliveredRow {
  readonly province: string;
  readonly orders: string;
  readonly cost: string;
  readonly within1: string;
  readonly within2: string;
  readonly within3: string;
}

/**
 * Per destination province, the orders whose outbound parcels were created in [from, to): their
 * freight, and how many had every parcel delivered within 1, 2 and 3 days of the first leaving.
 */
export function deliveredOrders(db: Db, from: Date, to: Date): Promise<DeliveredRow[]> {
  return queryRows<DeliveredRow>(
    db,
    `WITH parcels AS (
       SELECT s.order_id, r.destination->>'province' AS province, s.cost_amount, s.created_at,
              (SELECT min((e->>'at')::timestamptz) FROM jsonb_array_elements(s.events) e
                WHERE e->>'status' = 'DELIVERED') AS delivered_at
         FROM shipments s JOIN reservations r ON r.order_id = s.order_id
        WHERE s.kind = 'OUTBOUND' AND s.status <> 'CANCELLED' AND s.mode <> 'PICKUP'
          AND s.created_at >= $1 AND s.created_at < $2),
     orders AS (
       SELECT province, sum(cost_amount) AS cost,
              CASE WHEN bool_and(delivered_at IS NOT NULL)
                   THEN max(delivered_at) - min(created_at) END AS took
         FROM parcels GROUP BY order_id, province)
     SELECT province, count(*) AS orders, sum(cost) AS cost,
            count(*) FILTER (WHERE took <= interval '1 day') AS within1,
            count(*) FILTER (WHERE took <= interval '2 days') AS within2,
            count(*) FILTER (WHERE took <= interval '3 days') AS within3
       FROM orders GROUP BY province`,
    [from, to],
  );
}

/** A stored coverage answer. */
export interface CoverageSnapshotRow {
  readonly body: unknown;
  readonly computed_at: Date;
}

/** The stored answer under `key`, if any. */
export async function findCoverageSnapshot(
  db: Db,
  key: string,
): Promise<CoverageSnapshotRow | undefined> {
  return queryRow<CoverageSnapshotRow>(
    db,
    'SELECT body, computed_at FROM coverage_snapshots WHERE key = $1',
    [key],
  );
}

/** Stores (or replaces) the answer under `key`; old answers of other keys are dropped after a day. */
export async function saveCoverageSnapshot(
  db: Db,
  key: string,
  body: unknown,
  computedAt: Date,
): Promise<void> {
  await execute(
    db,
    `WITH gone AS (DELETE FROM coverage_snapshots WHERE computed_at < $3::timestamptz - interval '1 day')
     INSERT INTO coverage_snapshots (key, body, computed_at) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET body = excluded.body, computed_at = excluded.computed_at`,
    [key, JSON.stringify(body), computedAt],
  );
}
