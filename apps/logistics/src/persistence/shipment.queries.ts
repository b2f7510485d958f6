import type { EntityManager } from 'typeorm';
import { queryRows, type Db } from '@emporium/platform-persistence';

/** A carrier's tracking event for a shipment, by the carrier's own event id. */
export interface CarrierEvent {
  readonly carrier: string;
  readonly eventId: string;
  readonly shipmentId: string;
  readonly status: string;
}

/** Records that a carrier's event arrived; answers how many times it has, this time included. */
export async function recordCarrierEvent(tx: EntityManager, event: CarrierEvent): Promise<number> {
  const [row] = await queryRows<{ deliveries: number }>(
    tx,
    `INSERT INTO carrier_webhook_events AS w (carrier, event_id, shipment_id, status)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (carrier, event_id) DO UPDATE
       SET deliveries = w.deliveries + 1, last_received_at = now()
     RETURNING w.deliveries`,
    [event.carrier, event.eventId, event.shipmentId, event.status],
  );
  return row.deliveries;
}

/**
 * Freight of outbound parcels created in [from, to), CANCELLED ones left out: one row overall (mode
 * null), one per mode (carrier null), one per mode and carrier. Counts and sums are bigints, as text.
 */
export interface FreightCostRow {
  readonly mode: string | null;
  readonly carrier: string | null;
  readonly shipments: string;
  readonly orders: string;
  readonly cost: string | null;
  /** Parcels packed in a carton, and what packing them saved over sending units one by one. */
  readonly packed: string;
  readonly saving: string | null;
}

/** Freight cost rows over [from, to), overall first, then by mode, each mode followed by its carriers. */
export function freightCosts(db: Db, from: Date, to: Date): Promise<FreightCostRow[]> {
  return queryRows<FreightCostRow>(
    db,
    `SELECT mode, carrier, count(*) AS shipments, count(DISTINCT order_id) AS orders, sum(cost_amount) AS cost,
            count(carton) AS packed, sum(unpacked_cost_amount - cost_amount) AS saving
       FROM shipments WHERE kind = 'OUTBOUND' AND status <> 'CANCELLED' AND created_at >= $1 AND created_at < $2
      GROUP BY GROUPING SETS ((mode, carrier), (mode), ())
      ORDER BY mode NULLS FIRST, carrier NULLS FIRST`,
    [from, to],
  );
}
