import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { CATALOG_CONFIG, seedsDemo, type CatalogConfig } from '../config';
import { DEMO_CATEGORIES, demoProduct, type DemoProduct } from '../domain/demo-catalog';
import { searchable } from '../domain/search-query';
import { CatalogCache } from './catalog-cache';

const CHUNK = 500;

/**
 * Seeds the demo catalog once: on start, when enabled and the catalog has no products. Products go
 * out as product.created events like any other, so the services that keep copies learn of them.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly log = new Logger(SeedService.name);

  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!seedsDemo(this.config)) return;
    const seeded = await this.seed(this.config.CATALOG_SEED_PRODUCTS);
    if (seeded) this.log.log(`Seeded the demo catalog: ${DEMO_CATEGORIES.length} categories, ${seeded} products`);
  }

  /** Seeds `count` demo products unless the catalog has products; returns how many it created. */
  async seed(count: number): Promise<number> {
    const created = await transaction(this.db, async (tx) => {
      // Replicas starting together: one seeds, the others find products and skip.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('catalog:seed'))`);
      const [{ any }] = await tx.query('SELECT EXISTS (SELECT 1 FROM products) AS any');
      if (any) return 0;
      const categoryIds = await this.seedCategories(tx);
      for (let from = 0; from < count; from += CHUNK) {
        const batch = Array.from({ length: Math.min(CHUNK, count - from) }, (_, k) => demoProduct(from + k));
        await this.seedProducts(tx, batch, categoryIds);
      }
      return count;
    });
    if (created) await this.cache.invalidate([]);
    return created;
  }

  private async seedCategories(tx: EntityManager): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const [position, c] of DEMO_CATEGORIES.entries()) {
      const existing: { id: string }[] = await tx.query('SELECT id FROM categories WHERE slug = $1', [c.slug]);
      const id = existing[0]?.id ?? randomUUID();
      if (!existing.length) {
        await tx.query('INSERT INTO categories (id, name, slug, parent_id, position) VALUES ($1, $2, $3, $4, $5)', [
          id,
          c.name,
          c.slug,
          c.parent ? ids.get(c.parent) : null,
          position,
        ]);
      }
      ids.set(c.slug, id);
    }
    return ids;
  }

  private async seedProducts(tx: EntityManager, batch: DemoProduct[], categoryIds: Map<string, string>) {
    const ids = batch.map(() => randomUUID());
    await tx.query(
      `INSERT INTO products (id, name, slug, description, category_id, status, shippable, attributes, images,
                             price_from_amount, currency, search_name, search_description)
       SELECT id, name, slug, description, category_id, 'ACTIVE', true, attributes, images, price, 'CNY', sn, sd
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::jsonb[], $7::jsonb[],
                   $8::bigint[], $9::text[], $10::text[])
         AS t(id, name, slug, description, category_id, attributes, images, price, sn, sd)`,
      [
        ids,
        batch.map((p) => p.name),
        batch.map((p) => p.slug),
        batch.map((p) => p.description),
        batch.map((p) => categoryIds.get(p.categorySlug)),
        batch.map((p) => JSON.stringify(p.attributes)),
        batch.map((p) => JSON.stringify(p.images)),
        batch.map((p) => Math.min(...p.variants.map((v) => v.priceAmount))),
        batch.map((p) => searchable(p.name)),
        batch.map((p) => searchable(p.description)),
      ],
    );
    const variants = batch.flatMap((p, k) => p.variants.map((v, position) => ({ ...v, productId: ids[k], position })));
    await tx.query(
      `INSERT INTO product_variants (sku, product_id, name, price_amount, currency, weight_grams,
                                     length_mm, width_mm, height_mm, attributes, position)
       SELECT sku, product_id, name, price, 'CNY', weight, l, w, h, attributes, position
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::bigint[], $5::int[], $6::int[], $7::int[], $8::int[],
                   $9::jsonb[], $10::int[])
         AS t(sku, product_id, name, price, weight, l, w, h, attributes, position)`,
      [
        variants.map((v) => v.sku),
        variants.map((v) => v.productId),
        variants.map((v) => v.name),
        variants.map((v) => v.priceAmount),
        variants.map((v) => v.weightGrams),
        variants.map((v) => v.dimensionsMm.length),
        variants.map((v) => v.dimensionsMm.width),
        variants.map((v) => v.dimensionsMm.height),
        variants.map((v) => JSON.stringify(v.attributes)),
        variants.map((v) => v.position),
      ],
    );
    for (const [k, p] of batch.entries()) {
      await writeOutbox(tx, {
        type: 'product.created',
        subject: ids[k],
        data: {
          productId: ids[k],
          name: p.name,
          slug: p.slug,
          categoryId: categoryIds.get(p.categorySlug) ?? '',
          status: 'ACTIVE',
          shippable: true,
          // Logistics' demo seed stocks these, and only these.
          demo: true,
          variants: p.variants.map((v) => ({
            sku: v.sku,
            name: v.name,
            price: { amount: v.priceAmount, currency: 'CNY' },
            weightGrams: v.weightGrams,
            dimensionsMm: v.dimensionsMm,
            attributes: v.attributes,
          })),
        },
      });
    }
  }
}
