import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StockLevelV1 } from '@emporium/contracts';
import {
  refreshProductAvailability,
  refreshVariantAvailability,
} from '../persistence/product.queries';
import { keepStockLevel } from '../persistence/stock-level.queries';
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
      await keepStockLevel(tx, { ...level, asOf: occurredAt });
    }
    const productIds = [...new Set(await refreshVariantAvailability(tx, skus))];
    if (productIds.length === 0) return;
    const changed = await refreshProductAvailability(tx, productIds);
    if (changed.length) await this.cache.invalidate(changed.flatMap((c) => [c.id, c.slug]));
  }
}
