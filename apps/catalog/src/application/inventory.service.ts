import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StockLevelV1 } from '@emporium/contracts';
import { CatalogCache } from './catalog-cache';

/**
 * The availability read model: per SKU and warehouse from logistics.inventory events, summed per
 * variant, and "any variant available" per product. Never a call to logistics on the read path.
 */
@Injectable()
export class InventoryService {
  constructor(private readonly cache: CatalogCache) {}

  /** Applies the stock levels an event reports, ignoring any older than what is already known. */
  async apply(
    tx: EntityManager,
    levels: readonly StockLevelV1[],
    occurredAt: string,
  ): Promise<void> {
    if (levels.length === 0) return;
    const skus = [...new Set(levels.map((l) => l.sku))];
    for (const level of levels) {
      // Events of one SKU may come from different aggregates (orders, adjustments), so partitions
      // can reorder them: the newest report per warehouse wins.
      await tx.query(
        `INSERT INTO stock_levels (sku, warehouse_id, available, as_of) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sku, warehouse_id) DO UPDATE SET available = excluded.available, as_of = excluded.as_of
         WHERE stock_levels.as_of <= excluded.as_of`,
        [level.sku, level.warehouseId, level.available, occurredAt],
      );
    }
    const [variants]: [{ product_id: string }[], number] = await tx.query(
      `UPDATE product_variants v SET available = coalesce(
         (SELECT sum(greatest(s.available, 0))::int FROM stock_levels s WHERE s.sku = v.sku), 0)
       WHERE v.sku = ANY($1)
       RETURNING v.product_id`,
      [skus],
    );
    const productIds = [...new Set(variants.map((v) => v.product_id))];
    if (productIds.length === 0) return;
    const [changed]: [{ product_id: string; slug: string }[], number] = await tx.query(
      `UPDATE products p SET available = EXISTS (
         SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.available > 0)
       WHERE p.id = ANY($1)
       RETURNING p.id AS product_id, p.slug`,
      [productIds],
    );
    if (changed.length) await this.cache.invalidate(changed.flatMap((c) => [c.product_id, c.slug]));
  }
}
