import type { EntityManager } from 'typeorm';
import type { WarehouseKind } from '@emporium/contracts';
import { execute, queryRows, updatedRows, type Db } from '@emporium/platform-persistence';

/** Units of a SKU in a warehouse. */
export interface StockUnits {
  readonly warehouseId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** A locked stock row with where its warehouse is. */
export interface LockedStockRow {
  readonly warehouse_id: string;
  readonly sku: string;
  readonly on_hand: number;
  readonly reserved: number;
  readonly kind: WarehouseKind;
  readonly lat: number;
  readonly lon: number;
}

/**
 * Locks the stock rows of `skus` in every warehouse until `tx` ends, in the order every step locks
 * them (SKU, then warehouse), and answers them.
 */
export function lockStockRows(
  tx: EntityManager,
  skus: readonly string[],
): Promise<LockedStockRow[]> {
  return queryRows<LockedStockRow>(
    tx,
    `SELECT s.warehouse_id, s.sku, s.on_hand, s.reserved, w.kind, w.lat, w.lon
       FROM stock_levels s JOIN warehouses w ON w.id = s.warehouse_id
      WHERE s.sku = ANY($1)
      ORDER BY s.sku, s.warehouse_id
        FOR UPDATE OF s`,
    [skus],
  );
}

/** Holds units on the shelf for an order. */
export async function reserveStock(tx: EntityManager, units: StockUnits): Promise<void> {
  await tx.query(
    'UPDATE stock_levels SET reserved = reserved + $3, updated_at = now() WHERE warehouse_id = $1 AND sku = $2',
    [units.warehouseId, units.sku, units.quantity],
  );
}

/** Stops holding units for an order; `takeOffShelf` when they leave with it, else they stay on hand. */
export async function settleReservedStock(
  tx: EntityManager,
  units: StockUnits,
  takeOffShelf: boolean,
): Promise<void> {
  await tx.query(
    `UPDATE stock_levels SET reserved = reserved - $3,
            on_hand = on_hand - CASE WHEN $4 THEN $3 ELSE 0 END, updated_at = now()
      WHERE warehouse_id = $1 AND sku = $2`,
    [units.warehouseId, units.sku, units.quantity, takeOffShelf],
  );
}

/** Puts units (back) on the shelf, the SKU's first there or not. */
export async function addOnHand(tx: EntityManager, units: StockUnits): Promise<void> {
  await tx.query(
    `INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved) VALUES ($1, $2, $3, 0)
     ON CONFLICT (warehouse_id, sku) DO UPDATE SET on_hand = stock_levels.on_hand + $3, updated_at = now()`,
    [units.warehouseId, units.sku, units.quantity],
  );
}

/** Gives a SKU an empty stock row in a warehouse that has none for it yet. */
export async function ensureStockRow(
  tx: EntityManager,
  warehouseId: string,
  sku: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved) VALUES ($1, $2, 0, 0)
     ON CONFLICT DO NOTHING`,
    [warehouseId, sku],
  );
}

/** A stock row with its SKU's total available over every warehouse (a bigint sum, as text). */
export interface StockLevelRow {
  readonly warehouse_id: string;
  readonly sku: string;
  readonly on_hand: number;
  readonly reserved: number;
  readonly total: string;
}

/** The stock rows of the given (warehouse, SKU) pairs, by SKU then warehouse. */
export function stockLevelsOf(
  tx: EntityManager,
  pairs: readonly { warehouseId: string; sku: string }[],
): Promise<StockLevelRow[]> {
  return queryRows<StockLevelRow>(
    tx,
    `SELECT s.warehouse_id, s.sku, s.on_hand, s.reserved,
            (SELECT sum(t.on_hand - t.reserved) FROM stock_levels t WHERE t.sku = s.sku) AS total
       FROM stock_levels s
      WHERE (s.warehouse_id, s.sku) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
      ORDER BY s.sku, s.warehouse_id`,
    [pairs.map((p) => p.warehouseId), pairs.map((p) => p.sku)],
  );
}

/** A stock row as replenishment plans it. */
export interface PlanningRow {
  readonly warehouse_id: string;
  readonly sku: string;
  readonly on_hand: number;
  readonly reserved: number;
}

/** Every stock row, by SKU then warehouse. */
export function planningRows(db: Db): Promise<PlanningRow[]> {
  return queryRows<PlanningRow>(
    db,
    'SELECT warehouse_id, sku, on_hand, reserved FROM stock_levels ORDER BY sku, warehouse_id',
  );
}

/**
 * Stores the planned reorder points. The rows are locked first in the order every step locks
 * them (SKU, then warehouse), so a plan never deadlocks with a reservation.
 */
export async function storeReorderPoints(
  tx: EntityManager,
  points: readonly { warehouseId: string; sku: string; reorderPoint: number }[],
): Promise<void> {
  if (points.length === 0) return;
  const args = [
    points.map((p) => p.warehouseId),
    points.map((p) => p.sku),
    points.map((p) => p.reorderPoint),
  ];
  await execute(
    tx,
    `SELECT 1 FROM stock_levels
      WHERE (warehouse_id, sku) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
      ORDER BY sku, warehouse_id FOR UPDATE`,
    args.slice(0, 2),
  );
  await execute(
    tx,
    `UPDATE stock_levels s SET reorder_point = p.reorder_point
       FROM unnest($1::uuid[], $2::text[], $3::int[]) AS p (warehouse_id, sku, reorder_point)
      WHERE s.warehouse_id = p.warehouse_id AND s.sku = p.sku`,
    args,
  );
}

/** A stock row that has just crossed its reorder point, one way or the other. */
export interface LowStockChange {
  readonly warehouse_id: string;
  readonly sku: string;
  readonly reorder_point: number;
  /** True: it fell to the point (announce it); false: it rose above again. */
  readonly low: boolean;
}

/**
 * Moves the low-stock latch of the given rows: set when available is at or below the reorder
 * point and it was not, cleared when it is above and it was set. A reorder point of 0 (a SKU that
 * does not sell there) is never low, even empty. Answers the rows that moved.
 */
export function latchLowStock(
  tx: EntityManager,
  pairs: readonly { warehouseId: string; sku: string }[],
): Promise<LowStockChange[]> {
  return updatedRows<LowStockChange>(
    tx,
    `UPDATE stock_levels s
        SET low_since = CASE WHEN s.on_hand - s.reserved <= s.reorder_point AND s.reorder_point > 0
                             THEN now() END
      WHERE (s.warehouse_id, s.sku) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
        AND s.reorder_point IS NOT NULL
        AND (s.low_since IS NULL) = (s.on_hand - s.reserved <= s.reorder_point AND s.reorder_point > 0)
      RETURNING s.warehouse_id, s.sku, s.reorder_point, s.low_since IS NOT NULL AS low`,
    [pairs.map((p) => p.warehouseId), pairs.map((p) => p.sku)],
  );
}

/** Takes units off the shelf that no order holds (the row is locked and checked by the caller). */
export async function takeOnHand(tx: EntityManager, units: StockUnits): Promise<void> {
  await execute(
    tx,
    'UPDATE stock_levels SET on_hand = on_hand - $3, updated_at = now() WHERE warehouse_id = $1 AND sku = $2',
    [units.warehouseId, units.sku, units.quantity],
  );
}
