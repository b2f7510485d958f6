import type { EntityManager } from 'typeorm';
import type { StockLevelV1 } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { addOnHand, stockLevelsOf, type StockUnits } from '../persistence/stock-level.queries';

/** The stock levels of the given (warehouse, SKU) pairs as events carry them, with SKU totals. */
export async function readLevels(
  tx: EntityManager,
  pairs: readonly { warehouseId: string; sku: string }[],
): Promise<StockLevelV1[]> {
  if (pairs.length === 0) return [];
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
