import type { EntityManager } from 'typeorm';
import type { StockLevelV1 } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import {
  addOnHand,
  latchLowStock,
  stockLevelsOf,
  type StockUnits,
} from '../persistence/stock-level.queries';

/**
 * The stock levels of the given (warehouse, SKU) pairs after a change, as events carry them, with
 * SKU totals. Every change reads its levels here, so this is also where a row that has just fallen
 * to its reorder point is announced, once, with `stock.low`.
 */
export async function readLevels(
  tx: EntityManager,
  pairs: readonly { warehouseId: string; sku: string }[],
): Promise<StockLevelV1[]> {
  if (pairs.length === 0) return [];
  const levels = await levelsOf(tx, pairs);
  await announceLowStock(tx, levels);
  return levels;
}

/** Announces the rows among `levels` that have just fallen to their reorder point. */
export async function announceLowStock(
  tx: EntityManager,
  levels: readonly StockLevelV1[],
): Promise<void> {
  const fell = (await latchLowStock(tx, levels)).filter((c) => c.low);
  if (fell.length === 0) return;
  const byRow = new Map(levels.map((l) => [`${l.warehouseId}|${l.sku}`, l]));
  for (const change of fell) {
    const level = byRow.get(`${change.warehouse_id}|${change.sku}`)!;
    await writeOutbox(tx, {
      type: 'stock.low',
      subject: level.sku,
      data: { level, reorderPoint: change.reorder_point },
    });
  }
}

async function levelsOf(
  tx: EntityManager,
  pairs: readonly { warehouseId: string; sku: string }[],
): Promise<StockLevelV1[]> {
  const rows = await stockLevelsOf(tx, pairs);
  return rows.map((r) => ({
    sku: r.sku,
    warehouseId: r.warehouse_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    available: r.on_hand - r.reserved,
    totalAvailable: Number(r.total),
  }));
}

/**
 * Puts units that never reached their customer back on hand where they were, and announces the
 * levels with one `stock.restocked` for the order. Rows are locked in the order every other step
 * locks them: SKU, then warehouse.
 */
export async function putBackOnHand(
  tx: EntityManager,
  orderId: string,
  units: readonly StockUnits[],
): Promise<void> {
  if (units.length === 0) return;
  const back = [...units].sort((a, b) =>
    a.sku === b.sku ? a.warehouseId.localeCompare(b.warehouseId) : a.sku.localeCompare(b.sku),
  );
  for (const b of back) await addOnHand(tx, b);
  await writeOutbox(tx, {
    type: 'stock.restocked',
    subject: orderId,
    data: { orderId, levels: await readLevels(tx, back) },
  });
}
