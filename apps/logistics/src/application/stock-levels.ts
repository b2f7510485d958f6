import type { EntityManager } from 'typeorm';
import type { StockLevelV1 } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';

/** The stock levels of the given (warehouse, SKU) pairs as events carry them, with SKU totals. */
export async function readLevels(
  tx: EntityManager,
  pairs: readonly { warehouseId: string; sku: string }[],
): Promise<StockLevelV1[]> {
  if (pairs.length === 0) return [];
  const rows: {
    warehouse_id: string;
    sku: string;
    on_hand: number;
    reserved: number;
    total: string;
  }[] = await tx.query(
    `SELECT s.warehouse_id, s.sku, s.on_hand, s.reserved,
              (SELECT sum(t.on_hand - t.reserved) FROM stock_levels t WHERE t.sku = s.sku) AS total
         FROM stock_levels s
        WHERE (s.warehouse_id, s.sku) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
        ORDER BY s.sku, s.warehouse_id`,
    [pairs.map((p) => p.warehouseId), pairs.map((p) => p.sku)],
  );
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
  units: readonly { warehouseId: string; sku: string; quantity: number }[],
): Promise<void> {
  if (units.length === 0) return;
  const back = [...units].sort((a, b) =>
    a.sku === b.sku ? a.warehouseId.localeCompare(b.warehouseId) : a.sku.localeCompare(b.sku),
  );
  for (const b of back) {
    await tx.query(
      `INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved) VALUES ($1, $2, $3, 0)
       ON CONFLICT (warehouse_id, sku) DO UPDATE SET on_hand = stock_levels.on_hand + $3, updated_at = now()`,
      [b.warehouseId, b.sku, b.quantity],
    );
  }
  await writeOutbox(tx, {
    type: 'stock.restocked',
    subject: orderId,
    data: { orderId, levels: await readLevels(tx, back) },
  });
}
