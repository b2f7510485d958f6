import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { SkuView } from '@emporium/contracts';
import { REDIS } from '@emporium/platform-redis';
import type { OrdersConfig } from '../config';
import { SingleFlight } from './single-flight';
import { ORDERS_CONFIG } from './tokens';
import type { ServiceClient } from '@emporium/platform-http';
import { callService, serviceClientOf } from './upstream-error';

const KEY = 'orders:sku:';
/** Remembers SKUs the catalog does not know, briefly, so a bad cart cannot hammer it. */
const UNKNOWN = 'unknown';

/**
 * Prices, names and availability of SKUs from the catalog (internal HTTP), cached in Redis so
 * every replica shares it; price and product events evict entries at once.
 */
@Injectable()
export class CatalogClient implements OnApplicationShutdown {
  private readonly lookups = new SingleFlight<SkuView[]>();
  private readonly catalog: ServiceClient;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {
    this.catalog = serviceClientOf('catalog', config.ORDERS_CATALOG_URL);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.catalog.close();
  }

  /** The views of the SKUs the catalog knows, by SKU. */
  async skus(skus: readonly string[]): Promise<Map<string, SkuView>> {
    const unique = [...new Set(skus)];
    const found = new Map<string, SkuView>();
    if (unique.length === 0) return found;
    const cached = await this.redis.mget(unique.map((s) => KEY + s));
    const missing: string[] = [];
    unique.forEach((sku, i) => {
      const hit = cached[i];
      if (hit === null) missing.push(sku);
      else if (hit !== UNKNOWN) found.set(sku, JSON.parse(hit) as SkuView);
    });
    if (missing.length > 0) {
      // A burst of identical carts asks the catalog once.
      const views = await this.lookups.run([...missing].sort().join(','), () =>
        this.fetch(missing),
      );
      for (const view of views) found.set(view.sku, view);
    }
    return found;
  }

  /** Asks the catalog and caches what it says, unknown SKUs included (briefly). */
  private async fetch(missing: readonly string[]): Promise<SkuView[]> {
    const query = missing.map(encodeURIComponent).join(',');
    const { items } = await callService<{ items: SkuView[] }>(
      this.catalog,
      'catalog',
      `/internal/variants?skus=${query}`,
    );
    const ttl = this.config.ORDERS_PRICE_CACHE_SECONDS;
    const known = new Set(items.map((v) => v.sku));
    const write = this.redis.multi();
    for (const view of items) write.set(KEY + view.sku, JSON.stringify(view), 'EX', ttl);
    for (const sku of missing.filter((s) => !known.has(s)))
      write.set(KEY + sku, UNKNOWN, 'EX', Math.min(ttl, 5));
    await write.exec();
    return items;
  }

  /** Forgets cached views, e.g. after a price change. */
  async evict(skus: readonly string[]): Promise<void> {
    if (skus.length > 0) await this.redis.del(...skus.map((s) => KEY + s));
  }
}
