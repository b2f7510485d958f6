import type { EntityManager } from 'typeorm';
import { SCORE, containsPattern, prefixPattern, type ProductSort } from '../domain/search-query';
import { queryRows, updatedRows, type Db } from '@emporium/platform-persistence';

/** A variant with what its product adds (name, category, status), by SKU. */
export interface SkuRow {
  readonly sku: string;
  readonly product_id: string;
  readonly product_name: string;
  readonly variant_name: string;
  /** How many variants the product has. */
  readonly variants: number;
  readonly category_id: string;
  /** A bigint, as text. */
  readonly price_amount: string;
  readonly currency: string;
  readonly weight_grams: number | null;
  readonly available: number;
  readonly status: string;
}

/** The variants of `skus` that exist, whatever their product's status. */
export function variantsBySku(db: Db, skus: readonly string[]): Promise<SkuRow[]> {
  return queryRows<SkuRow>(
    db,
    `SELECT v.sku, v.product_id, p.name AS product_name, v.name AS variant_name, v.price_amount, v.currency,
            v.weight_grams, v.available, p.category_id, p.status,
            (SELECT count(*)::int FROM product_variants o WHERE o.product_id = v.product_id) AS variants
       FROM product_variants v JOIN products p ON p.id = v.product_id
      WHERE v.sku = ANY($1)`,
    [skus],
  );
}

/** A listing row: a product as the listing shows it. */
export interface ProductSummaryRow {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly category_id: string;
  /** A bigint, as text. */
  readonly price_from_amount: string;
  readonly currency: string;
  readonly available: boolean;
  readonly rating_count: number;
  readonly rating_sum: number;
  readonly image: string | null;
}

/** A listing row with the key it is sorted by (a bigint, as text), which its page's cursor keeps. */
export interface ProductListingRow extends ProductSummaryRow {
  readonly sort_key: string;
}

/** Which ACTIVE products a listing holds, in which order, from where. */
export interface ProductListing {
  /** Search terms, each to be found in the name or the description; none when browsing. */
  readonly terms: readonly string[];
  /** The whole query in searchable form, whose similarity to a name adds to its relevance. */
  readonly text: string;
  /** The category, with every category below it. */
  readonly categoryId?: string;
  readonly minPrice?: number;
  readonly maxPrice?: number;
  readonly inStock?: boolean;
  readonly sort: ProductSort;
  /** The sort key and id of the row the previous page ended with. */
  readonly after?: { readonly key: number; readonly id: string };
  readonly limit: number;
}

/** Each sort's key expression and direction; ties are broken by id ascending. */
const SORT_KEYS: Readonly<
  Record<Exclude<ProductSort, 'relevance'>, { expr: string; desc: boolean }>
> = {
  price_asc: { expr: 'p.price_from_amount', desc: false },
  price_desc: { expr: 'p.price_from_amount', desc: true },
  newest: { expr: 'p.seq', desc: true },
  best_selling: { expr: 'p.sold_units', desc: true },
};

/** Up to `limit` rows of a listing after its cursor, and how many products it holds in all. */
export async function listProducts(
  db: Db,
  listing: ProductListing,
): Promise<{ rows: ProductListingRow[]; total: number }> {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [`p.status = 'ACTIVE'`];
  if (listing.categoryId) {
    where.push(
      `p.category_id IN (WITH RECURSIVE subtree(id) AS (
         SELECT id FROM categories WHERE id = ${bind(listing.categoryId)}
         UNION ALL SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
       ) SELECT id FROM subtree)`,
    );
  }
  if (listing.minPrice !== undefined)
    where.push(`p.price_from_amount >= ${bind(listing.minPrice)}`);
  if (listing.maxPrice !== undefined)
    where.push(`p.price_from_amount <= ${bind(listing.maxPrice)}`);
  if (listing.inStock !== undefined)
    where.push(listing.inStock ? 'p.available' : 'NOT p.available');
  const { terms } = listing;
  const contains = terms.map((term) => bind(containsPattern(term)));
  for (const c of contains)
    where.push(`(p.search_name LIKE ${c} OR p.search_description LIKE ${c})`);
  const filters = where.join(' AND ');
  // The count takes exactly the filter's parameters; ranking and paging bind theirs after.
  const countParams = [...params];
  const scoreOf = () =>
    terms.map((term, k) => {
      const prefix = bind(prefixPattern(term));
      return `(CASE WHEN p.search_name LIKE ${contains[k]} THEN ${SCORE.nameContains} ELSE 0 END
        + CASE WHEN p.search_name LIKE ${prefix} THEN ${SCORE.nameStartsWith} ELSE 0 END
        + CASE WHEN p.search_description LIKE ${contains[k]} THEN ${SCORE.descriptionContains} ELSE 0 END)`;
    });
  let key: { expr: string; desc: boolean };
  if (listing.sort === 'relevance') {
    // Relevance without a query has nothing to rank by: newest first.
    key = terms.length
      ? {
          expr: `(${scoreOf().join(' + ')} + round(similarity(p.search_name, ${bind(listing.text)}) * ${SCORE.similarity}))`,
          desc: true,
        }
      : SORT_KEYS.newest;
  } else {
    key = SORT_KEYS[listing.sort];
  }
  let after = '';
  if (listing.after) {
    const k = bind(listing.after.key);
    const id = bind(listing.after.id);
    after = `WHERE (t.sort_key ${key.desc ? '<' : '>'} ${k}::bigint OR (t.sort_key = ${k}::bigint AND t.id > ${id}::uuid))`;
  }
  // A search must score every match anyway, so it counts them in the same scan (a window over the
  // filtered rows, before the cursor applies); browsing keeps its index-ordered LIMIT and counts apart.
  const searching = terms.length > 0;
  const sql = `
    SELECT * FROM (
      SELECT p.id, p.name, p.slug, p.category_id, p.price_from_amount, p.currency, p.available,
             p.rating_count, p.rating_sum, p.images->>0 AS image, (${key.expr})::bigint AS sort_key
             ${searching ? ', (count(*) OVER ())::int AS total' : ''}
      FROM products p WHERE ${filters}
    ) t ${after}
    ORDER BY t.sort_key ${key.desc ? 'DESC' : 'ASC'}, t.id ASC
    LIMIT ${bind(listing.limit)}`;
  const count = async () =>
    (
      await queryRows<{ total: number }>(
        db,
        `SELECT count(*)::int AS total FROM products p WHERE ${filters}`,
        countParams,
      )
    )[0].total;
  type Row = ProductListingRow & { total?: number };
  if (searching) {
    const rows = await queryRows<Row>(db, sql, params);
    return { rows, total: rows[0]?.total ?? (await count()) };
  }
  const [rows, total] = await Promise.all([queryRows<Row>(db, sql, params), count()]);
  return { rows, total };
}

/**
 * Sums the kept stock levels of `skus` into their variants' availability (a negative level counts
 * as none); answers the product of each variant found.
 */
export async function refreshVariantAvailability(
  tx: EntityManager,
  skus: readonly string[],
): Promise<string[]> {
  const rows = await updatedRows<{ product_id: string }>(
    tx,
    `UPDATE product_variants v SET available = coalesce(
       (SELECT sum(greatest(s.available, 0))::int FROM stock_levels s WHERE s.sku = v.sku), 0)
     WHERE v.sku = ANY($1)
     RETURNING v.product_id`,
    [skus],
  );
  return rows.map((r) => r.product_id);
}

/** Marks each product available when any of its variants is; answers their ids and slugs. */
export function refreshProductAvailability(
  tx: EntityManager,
  productIds: readonly string[],
): Promise<{ id: string; slug: string }[]> {
  return updatedRows<{ id: string; slug: string }>(
    tx,
    `UPDATE products p SET available = EXISTS (
       SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.available > 0)
     WHERE p.id = ANY($1)
     RETURNING p.id, p.slug`,
    [productIds],
  );
}

/** Adds units sold to a product's count, which ranks the best-selling listing. */
export async function addSoldUnits(
  tx: EntityManager,
  productId: string,
  units: number,
): Promise<void> {
  await tx.query('UPDATE products SET sold_units = sold_units + $2 WHERE id = $1', [
    productId,
    units,
  ]);
}
