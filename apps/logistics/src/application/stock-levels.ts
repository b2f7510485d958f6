import type { EntityManager } from 'typeorm';
import type { StockLevelV1 } from '@emporium/contracts';

/** The stock levels of the given (warehouse, SKU) pairs as events carry them, with SKU totals. */
export async function readLevels(
  tx: EntityManager,
  pairs: readonly { warehouseId: string; sku: string }[],
): Promise<StockLevelV1[]> {
  if (pairs.length === 0) return [];
  const rows: { warehouse_id: string; sku: string; on_hand: number; reserved: number; total: string }[] =
    await tx.query(
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
