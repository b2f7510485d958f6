import type { EntityManager } from 'typeorm';
import { execute, queryRows, type Db } from '@emporium/platform-persistence';
import type { MovementDirection, MovementReason } from '../domain/stock-movements';

/** Units that left or entered a warehouse, and what caused it. */
export interface StockMovement {
  readonly warehouseId: string;
  readonly sku: string;
  readonly direction: MovementDirection;
  readonly reason: MovementReason;
  readonly quantity: number;
  /** What the units sold for, in minor units (orders only). */
  readonly revenueAmount?: number;
  readonly orderId?: string;
  readonly transferId?: string;
  readonly purchaseOrderId?: string;
}

/** Appends movements to the ledger, in one statement. */
export async function recordMovements(
  tx: EntityManager,
  movements: readonly StockMovement[],
): Promise<void> {
  if (movements.length === 0) return;
  const column = <T>(pick: (m: StockMovement) => T) => movements.map(pick);
  await execute(
    tx,
    `INSERT INTO stock_movements
            (warehouse_id, sku, direction, reason, quantity, revenue_amount, order_id, transfer_id, purchase_order_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[],
                          $7::uuid[], $8::uuid[], $9::uuid[])`,
    [
      column((m) => m.warehouseId),
      column((m) => m.sku),
      column((m) => m.direction),
      column((m) => m.reason),
      column((m) => m.quantity),
      column((m) => m.revenueAmount ?? 0),
      column((m) => m.orderId ?? null),
      column((m) => m.transferId ?? null),
      column((m) => m.purchaseOrderId ?? null),
    ],
  );
}

/** A SKU a warehouse holds or sold in a period: picks, units and revenue (bigints, as text). */
export interface SkuActivityRow {
  readonly sku: string;
  readonly picks: string;
  readonly units: string;
  readonly revenue: string;
  readonly location: string | null;
}

/**
 * What a warehouse sold of each SKU over [from, to) (one pick per order line and warehouse), with
 * the SKUs it holds that sold nothing, and each one's bin.
 */
export function skuActivity(
  db: Db,
  warehouseId: string,
  from: Date,
  to: Date,
): Promise<SkuActivityRow[]> {
  return queryRows<SkuActivityRow>(
    db,
    `WITH sold AS (
       SELECT sku, count(*) AS picks, sum(quantity) AS units, sum(revenue_amount) AS revenue
         FROM stock_movements
        WHERE warehouse_id = $1 AND direction = 'OUTBOUND' AND reason = 'ORDER'
          AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY sku)
     SELECT coalesce(s.sku, l.sku) AS sku, coalesce(s.picks, 0) AS picks,
            coalesce(s.units, 0) AS units, coalesce(s.revenue, 0) AS revenue, l.location
       FROM sold s
       FULL JOIN (SELECT sku, location FROM stock_levels WHERE warehouse_id = $1) l ON l.sku = s.sku`,
    [warehouseId, from, to],
  );
}

/** Units a warehouse sold of a SKU on one business day (Asia/Shanghai), as text. */
export interface DailySalesRow {
  readonly warehouse_id: string;
  readonly sku: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly units: string;
}

/** Units sold per warehouse, SKU and business day since `since`. */
export function dailySales(db: Db, since: Date): Promise<DailySalesRow[]> {
  return queryRows<DailySalesRow>(
    db,
    `SELECT warehouse_id, sku, to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
            sum(quantity) AS units
       FROM stock_movements
      WHERE reason = 'ORDER' AND direction = 'OUTBOUND' AND occurred_at >= $1
      GROUP BY 1, 2, 3`,
    [since],
  );
}
