/**
 * Writes demo products straight into a migrated catalog database, with the search columns and the
 * typo vocabulary computed by the catalog's own functions (apps/catalog/src/domain/search-keys.ts),
 * so a 100,000-product catalog is there in a minute rather than the hours the API would take. The
 * categories must exist (seeded through the API first); the rows are those `POST /products` writes,
 * minus events, which a read benchmark does not need.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { demoProduct } from '../../tools/seed/demo-catalog';
import {
  catalogWords,
  deletionVariants,
  productSearchColumns,
} from '../../apps/catalog/src/domain/search-keys';

const BATCH = 1_000;

/** Inserts demo products `from` … `to - 1`; answers how many were written. */
export async function seedProductsSql(url: string, from: number, to: number): Promise<number> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const categories = new Map(
      (await db.query<{ id: string; slug: string }>('SELECT id, slug FROM categories')).rows.map(
        (c) => [c.slug, c.id],
      ),
    );
    const words = new Map<string, { word: string; display: string; products: number }>();
    for (let start = from; start < to; start += BATCH) {
      const products: Record<string, unknown>[] = [];
      const variants: Record<string, unknown>[] = [];
      for (let i = start; i < Math.min(to, start + BATCH); i++) {
        const p = demoProduct(i);
        const id = randomUUID();
        const search = productSearchColumns(p.name, p.description);
        products.push({
          id,
          name: p.name,
          slug: p.slug,
          description: p.description,
          category_id: categories.get(p.categorySlug),
          attributes: p.attributes,
          images: p.images,
          price_from_amount: Math.min(...p.variants.map((v) => v.priceAmount)),
          // Deterministic sales and ratings, so ranking within a match kind has work to do.
          sold_units: (i * 7_919) % 1_000,
          rating_count: i % 7,
          rating_sum: (i % 7) * (3 + (i % 3)),
          search_name: search.searchName,
          search_description: search.searchDescription,
          search_pinyin: search.searchPinyin,
          search_initials: search.searchInitials,
          search_bigrams: search.searchBigrams,
        });
        p.variants.forEach((v, position) =>
          variants.push({
            sku: v.sku,
            product_id: id,
            name: v.name,
            price_amount: v.priceAmount,
            weight_grams: v.weightGrams,
            length_mm: v.dimensionsMm.length,
            width_mm: v.dimensionsMm.width,
            height_mm: v.dimensionsMm.height,
            attributes: v.attributes,
            position,
          }),
        );
        for (const w of catalogWords(search.searchName)) {
          const key = `${w.word}\u0000${w.display}`;
          words.set(key, { ...w, products: (words.get(key)?.products ?? 0) + 1 });
        }
      }
      await db.query(
        `INSERT INTO products (id, name, slug, description, category_id, status, shippable, attributes,
           images, price_from_amount, currency, available, sold_units, rating_count, rating_sum,
           search_name, search_description, search_pinyin, search_initials, search_bigrams)
         SELECT p.id, p.name, p.slug, p.description, p.category_id, 'ACTIVE', true, p.attributes,
           p.images, p.price_from_amount, 'CNY', true, p.sold_units, p.rating_count, p.rating_sum,
           p.search_name, p.search_description, p.search_pinyin, p.search_initials,
           ARRAY(SELECT json_array_elements_text(p.search_bigrams))
         FROM json_to_recordset($1::json) AS p(id uuid, name text, slug text, description text,
           category_id uuid, attributes jsonb, images jsonb, price_from_amount bigint,
           sold_units bigint, rating_count int, rating_sum int, search_name text,
           search_description text, search_pinyin text, search_initials text, search_bigrams json)`,
        [JSON.stringify(products)],
      );
      await db.query(
        `INSERT INTO product_variants (sku, product_id, name, price_amount, currency, weight_grams,
           length_mm, width_mm, height_mm, attributes, position, available)
         SELECT v.sku, v.product_id, v.name, v.price_amount, 'CNY', v.weight_grams, v.length_mm,
           v.width_mm, v.height_mm, v.attributes, v.position, 100
         FROM json_to_recordset($1::json) AS v(sku text, product_id uuid, name text,
           price_amount bigint, weight_grams int, length_mm int, width_mm int, height_mm int,
           attributes jsonb, position int)`,
        [JSON.stringify(variants)],
      );
    }
    await db.query(
      `INSERT INTO search_words (word, display, variants, products)
       SELECT w.word, w.display, ARRAY(SELECT json_array_elements_text(w.variants)), w.products
         FROM json_to_recordset($1::json) AS w(word text, display text, variants json, products int)
       ON CONFLICT (word, display) DO UPDATE SET products = search_words.products + excluded.products`,
      [
        JSON.stringify(
          [...words.values()].map((w) => ({ ...w, variants: deletionVariants(w.word) })),
        ),
      ],
    );
    await db.query('ANALYZE products');
    await db.query('ANALYZE search_words');
    return to - from;
  } finally {
    await db.end();
  }
}
