import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  NotFoundError,
  type Page,
  type ProductDetail,
  type ProductSummary,
  type SkuView,
} from '@emporium/contracts';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import {
  SCORE,
  containsPattern,
  prefixPattern,
  queryTerms,
  searchable,
  type ProductSort,
} from '../domain/search-query';
import { ProductEntity } from '../persistence/product.entity';
import { VariantEntity } from '../persistence/variant.entity';
import { CatalogCache } from './catalog-cache';
import { toProductDetail, toProductSummary, type ProductSummaryRow } from './product-views';

/** What a shopper asks the product listing for. */
export interface ProductListQuery {
  readonly q?: string;
  readonly categoryId?: string;
  readonly minPrice?: number;
  readonly maxPrice?: number;
  readonly inStock?: boolean;
  readonly sort?: ProductSort;
  readonly limit: number;
  readonly cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each sort's key expression and direction; ties are broken by id ascending. */
const SORT_KEYS: Readonly<
  Record<Exclude<ProductSort, 'relevance'>, { expr: string; desc: boolean }>
> = {
  price_asc: { expr: 'p.price_from_amount', desc: false },
  price_desc: { expr: 'p.price_from_amount', desc: true },
  newest: { expr: 'p.seq', desc: true },
  best_selling: { expr: 'p.sold_units', desc: true },
};

/** Shopper reads: product detail (cached), listing, filtering and search (first pages cached). */
@Injectable()
export class ProductQueries {
  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  /** The variants of `skus` that exist (unknown ones are left out), whatever their product's status. */
  async skus(skus: readonly string[]): Promise<SkuView[]> {
    const rows: {
      sku: string;
      product_id: string;
      product_name: string;
      variant_name: string;
      variants: number;
      category_id: string;
      price_amount: string;
      currency: string;
      weight_grams: number | null;
      available: number;
      status: string;
    }[] = await this.db.query(
      `SELECT v.sku, v.product_id, p.name AS product_name, v.name AS variant_name, v.price_amount, v.currency,
              v.weight_grams, v.available, p.category_id, p.status,
              (SELECT count(*)::int FROM product_variants o WHERE o.product_id = v.product_id) AS variants
         FROM product_variants v JOIN products p ON p.id = v.product_id
        WHERE v.sku = ANY($1)`,
      [skus],
    );
    return rows.map((r) => ({
      sku: r.sku,
      productId: r.product_id,
      name:
        r.variants > 1 && r.variant_name !== r.product_name
          ? `${r.product_name} ${r.variant_name}`
          : r.product_name,
      categoryId: r.category_id,
      price: { amount: Number(r.price_amount), currency: r.currency },
      weightGrams: r.weight_grams,
      available: r.available,
      sellable: r.status === 'ACTIVE',
    }));
  }

  /**
   * The JSON of a product by id or slug. Shoppers see only ACTIVE products (others are 404 to them);
   * only ACTIVE details are cached, so a cached answer never needs a status check.
   */
  async detailJson(idOrSlug: string, seesAll: boolean): Promise<string> {
    const cached = await this.cache.product(idOrSlug);
    if (cached) return cached;
    const detail = await this.detail(idOrSlug);
    if (detail.status !== 'ACTIVE' && !seesAll) {
      throw new NotFoundError('product-not-found', `No product ${idOrSlug}`);
    }
    const json = JSON.stringify(detail);
    if (detail.status === 'ACTIVE') await this.cache.storeProduct([idOrSlug], json);
    return json;
  }

  /** A product by id or slug, whatever its status. */
  async detail(idOrSlug: string): Promise<ProductDetail> {
    // Postgres refuses text with a NUL byte; no slug holds one, so the answer is simply "no such product".
    if (idOrSlug.includes('\u0000'))
      throw new NotFoundError('product-not-found', 'No such product');
    const where = UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };
    const product = await this.db.manager.findOneBy(ProductEntity, where);
    if (!product) throw new NotFoundError('product-not-found', `No product ${idOrSlug}`);
    const variants = await this.db.manager.findBy(VariantEntity, { productId: product.id });
    return toProductDetail(product, variants);
  }

  /**
   * The JSON of a listing page. First pages (browsing and popular searches alike) come from the
   * cache; later pages are read from the database, where their cursors point.
   */
  async listJson(query: ProductListQuery): Promise<string> {
    if (query.cursor) return JSON.stringify(await this.list(query));
    const q = query.q === undefined ? undefined : searchable(query.q);
    const key = JSON.stringify([
      q,
      query.categoryId,
      query.minPrice,
      query.maxPrice,
      query.inStock,
      query.sort,
      query.limit,
    ]);
    const { json, generation } = await this.cache.listing(key);
    if (json) return json;
    const fresh = JSON.stringify(await this.list(query));
    await this.cache.storeListing(generation, key, fresh);
    return fresh;
  }

  /** One page of ACTIVE products matching the query, in the asked order, with the total. */
  async list(query: ProductListQuery): Promise<Page<ProductSummary>> {
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [`p.status = 'ACTIVE'`];
    if (query.categoryId) {
      where.push(
        `p.category_id IN (WITH RECURSIVE subtree(id) AS (
           SELECT id FROM categories WHERE id = ${bind(query.categoryId)}
           UNION ALL SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
         ) SELECT id FROM subtree)`,
      );
    }
    if (query.minPrice !== undefined) where.push(`p.price_from_amount >= ${bind(query.minPrice)}`);
    if (query.maxPrice !== undefined) where.push(`p.price_from_amount <= ${bind(query.maxPrice)}`);
    if (query.inStock !== undefined) where.push(query.inStock ? 'p.available' : 'NOT p.available');

    const terms = query.q ? queryTerms(query.q) : [];
    // Only punctuation or symbols: nothing can match it, and listing everything would mislead.
    if (query.q && terms.length === 0 && searchable(query.q))
      return { items: [], nextCursor: null, total: 0 };
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
    const sort: ProductSort = query.sort ?? (terms.length ? 'relevance' : 'newest');
    let key: { expr: string; desc: boolean };
    if (sort === 'relevance') {
      // Relevance without a query has nothing to rank by: newest first, under the relevance cursor.
      key = terms.length
        ? {
            expr: `(${scoreOf().join(' + ')} + round(similarity(p.search_name, ${bind(searchable(query.q ?? ''))}) * ${SCORE.similarity}))`,
            desc: true,
          }
        : SORT_KEYS.newest;
    } else {
      key = SORT_KEYS[sort];
    }

    // A cursor only continues the listing it came from: same sort, same query and filters.
    const listing = `${sort}:${createHash('sha256')
      .update(
        JSON.stringify([terms, query.categoryId, query.minPrice, query.maxPrice, query.inStock]),
      )
      .digest('base64url')
      .slice(0, 10)}`;
    let after = '';
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, listing);
      const k = bind(cursor.key);
      const id = bind(cursor.id);
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
      LIMIT ${bind(query.limit + 1)}`;
    const count = async () =>
      (
        await this.db.query<{ total: number }[]>(
          `SELECT count(*)::int AS total FROM products p WHERE ${filters}`,
          countParams,
        )
      )[0].total;
    type Row = ProductSummaryRow & { sort_key: string; total?: number };
    let rows: Row[];
    let total: number;
    if (searching) {
      rows = await this.db.query<Row[]>(sql, params);
      total = rows[0]?.total ?? (await count());
    } else {
      [rows, total] = await Promise.all([this.db.query<Row[]>(sql, params), count()]);
    }
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ sort: listing, key: Number(last.sort_key), id: last.id })
        : null;
    return { items: page.map(toProductSummary), nextCursor, total };
  }
}
