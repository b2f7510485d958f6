import type { EntityManager } from 'typeorm';

/** A SKU's stock in one warehouse as logistics reported it at `asOf` (ISO-8601). */
export interface ReportedStock {
  readonly sku: string;
  readonly warehouseId: string;
  readonly available: number;
  readonly asOf: string;
}

/** Keeps a reported stock level unless one reported later is already kept. */
export async function keepStockLevel(tx: EntityManager, level: ReportedStock): Promise<void> {
  await tx.query(
    `INSERT INTO stock_levels (sku, warehouse_id, available, as_of) VALUES ($1, $2, $3, $4)
     ON CONFLICT (sku, warehouse_id) DO UPDATE SET available = excluded.available, as_of = excluded.as_of
     WHERE stock_levels.as_of <= excluded.as_of`,
    [level.sku, level.warehouseId, level.available, level.asOf],
  );
}
