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
import { queryTerms, searchable, type ProductSort } from '../domain/search-query';
import { ProductEntity } from '../persistence/product.entity';
import { listProducts, variantsBySku } from '../persistence/product.queries';
import { VariantEntity } from '../persistence/variant.entity';
import { CatalogCache } from './catalog-cache';
import { toProductDetail, toProductSummary } from './product-views';

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

/** Shopper reads: product detail (cached), listing, filtering and search (first pages cached). */
@Injectable()
export class ProductQueries {
  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  /** The variants of `skus` that exist (unknown ones are left out), whatever their product's status. */
  async skus(skus: readonly string[]): Promise<SkuView[]> {
    const rows = await variantsBySku(this.db, skus);
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
    const terms = query.q ? queryTerms(query.q) : [];
    // Only punctuation or symbols: nothing can match it, and listing everything would mislead.
    if (query.q && terms.length === 0 && searchable(query.q))
      return { items: [], nextCursor: null, total: 0 };
    // Relevance without a query lists newest first, under the relevance cursor.
    const sort: ProductSort = query.sort ?? (terms.length ? 'relevance' : 'newest');
    // A cursor only continues the listing it came from: same sort, same query and filters.
    const listing = `${sort}:${createHash('sha256')
      .update(
        JSON.stringify([terms, query.categoryId, query.minPrice, query.maxPrice, query.inStock]),
      )
      .digest('base64url')
      .slice(0, 10)}`;
    const { rows, total } = await listProducts(this.db, {
      terms,
      text: searchable(query.q ?? ''),
      categoryId: query.categoryId,
      minPrice: query.minPrice,
      maxPrice: query.maxPrice,
      inStock: query.inStock,
      sort,
      after: query.cursor ? decodeCursor(query.cursor, listing) : undefined,
      // One row more than the page says whether another page follows.
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ sort: listing, key: Number(last.sort_key), id: last.id })
        : null;
    return { items: page.map(toProductSummary), nextCursor, total };
  }
}
