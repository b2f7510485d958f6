import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  NotFoundError,
  type Page,
  type ProductDetail,
  type ProductSearchPage,
  type ProductSummary,
  type SkuView,
} from '@emporium/contracts';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import {
  MAX_FUZZY_LENGTH,
  MIN_FUZZY_LENGTH,
  deletionVariants,
  editDistance,
  pinyinSyllables,
} from '../domain/search-keys';
import {
  isHanTerm,
  planTerms,
  queryTerms,
  searchable,
  type ProductSort,
  type TermPlan,
} from '../domain/search-query';
import { ProductEntity } from '../persistence/product.entity';
import { bestSellers, listProducts, variantsBySku } from '../persistence/product.queries';
import { closestCategory, wordCandidates } from '../persistence/search.queries';
import { VariantEntity } from '../persistence/variant.entity';
import { CatalogCache } from './catalog-cache';
import { toProductDetail, toProductSummary } from './product-views';
import { SearchSynonyms } from './search-synonyms';
import { SearchTermCounter } from './search-term-counter';

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

/** How many best sellers an empty search shows instead. */
const FALLBACK_ITEMS = 10;

/**
 * Whether a page's JSON found nothing for the query as typed: no items, or items found only for a
 * typo correction (`didYouMean`). Read from the JSON, cached or fresh, by the key order of `list`'s
 * answer; a name cannot fake either, its quotes are escaped.
 */
function foundNothing(json: string): boolean {
  return json.startsWith('{"items":[],') || json.includes('"didYouMean":');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shopper reads: product detail (cached), listing, filtering and search (first pages cached). */
@Injectable()
export class ProductQueries {
  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
    private readonly synonyms: SearchSynonyms,
    private readonly counter: SearchTermCounter,
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
   * cache; later pages are read from the database, where their cursors point. Every first page of
   * a search is counted for the search-terms report, cached or not.
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
    const cached = await this.cache.listing(key);
    let json = cached.json;
    if (!json) {
      json = JSON.stringify(await this.list(query));
      await this.cache.storeListing(cached.generation, key, json);
    }
    if (q) this.counter.count(q, foundNothing(json));
    return json;
  }

  /**
   * One page of ACTIVE products matching the query, in the asked order, with the total where it is
   * cheap (docs/search.md "Speed"). A search
   * that finds nothing tries the typo corrections of its terms (`didYouMean`), and a first page that
   * still finds nothing shows the best sellers of the closest category (`fallback`).
   */
  async list(query: ProductListQuery): Promise<ProductSearchPage> {
    const terms = query.q ? queryTerms(query.q) : [];
    // Only punctuation or symbols: nothing can match it, and listing everything would mislead.
    if (query.q && terms.length === 0 && searchable(query.q))
      return { items: [], nextCursor: null, total: 0 };
    const groups = terms.length ? await this.synonyms.groups() : [];
    const page = await this.page(query, terms, planTerms(terms, groups));
    if (!terms.length || page.total !== 0) return page;
    const corrections = await this.corrections(terms);
    if (corrections.size) {
      const corrected = await this.page(query, terms, planTerms(terms, groups, corrections));
      if (corrected.total !== 0)
        return { ...corrected, didYouMean: terms.map((t) => corrections.get(t) ?? t).join(' ') };
    }
    if (query.cursor) return page;
    const categoryId = await closestCategory(this.db, searchable(query.q ?? ''));
    const popular = await bestSellers(this.db, categoryId, FALLBACK_ITEMS);
    return { ...page, fallback: { categoryId, items: popular.map(toProductSummary) } };
  }

  private async page(
    query: ProductListQuery,
    terms: readonly string[],
    plans: readonly TermPlan[],
  ): Promise<Page<ProductSummary>> {
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
      plans,
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
    // A search's total is reported where it is cheap (docs/search.md "Speed").
    return {
      items: page.map(toProductSummary),
      nextCursor,
      ...(total === undefined ? {} : { total }),
    };
  }

  /**
   * What each term may have meant, from the words of the catalog's names: a Latin term one edit
   * away from a word or a pinyin spelling (`shoujii`, `shuoji` → 手机, `hedaphone` → headphone), a
   * Chinese term spelt like another word (a homophone: 手鸡 → 手机). The most common word wins.
   */
  private async corrections(terms: readonly string[]): Promise<Map<string, string>> {
    const typed = terms.map((term) => ({ term, spelt: spellingOf(term) }));
    const fuzzy = typed.filter(
      (t) => t.spelt.length >= MIN_FUZZY_LENGTH && t.spelt.length <= MAX_FUZZY_LENGTH,
    );
    const corrections = new Map<string, string>();
    if (!fuzzy.length) return corrections;
    const candidates = await wordCandidates(
      this.db,
      fuzzy.flatMap((t) => (isHanTerm(t.term) ? [t.spelt] : deletionVariants(t.spelt))),
    );
    for (const { term, spelt } of fuzzy) {
      const han = isHanTerm(term);
      const best = candidates.find((c) =>
        han
          ? c.word === spelt && c.display !== term
          : c.display !== term && editDistance(spelt, c.word) <= 1,
      );
      if (best) corrections.set(term, best.display);
    }
    return corrections;
  }
}

/** How a term is spelt in the typo vocabulary: its pinyin when Chinese, else as typed. */
function spellingOf(term: string): string {
  return isHanTerm(term) ? pinyinSyllables(term).join('') : term;
}
