import type { EntityManager } from 'typeorm';
import { initialsGram } from '../domain/search-keys';
import {
  MATCH_RANK,
  MIN_INITIALS,
  MIN_PINYIN,
  RELEVANCE,
  containsPattern,
  type ProductSort,
  type TermPlan,
} from '../domain/search-query';
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
  /** How well a search matched it (MATCH_RANK); null when browsing. */
  readonly match_rank: number | null;
}

/** Which ACTIVE products a listing holds, in which order, from where. */
export interface ProductListing {
  /** How each search term may match; every term must match one way. None when browsing. */
  readonly plans: readonly TermPlan[];
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

type Bind = (value: unknown) => string;

/** One way a term may match: the rows it admits (index-served), the rank it gives, its best. */
interface Way {
  readonly where: string;
  readonly rank: string;
  readonly max: number;
  /** From this rank up, a narrower indexed condition admits every row the way ranks so high. */
  readonly above?: { readonly rank: number; readonly where: string };
}

/** Is `text` one of the short grams stored for every product (a Chinese character, or a pair)? */
function isShortGram(text: string): boolean {
  const chars = [...text];
  return chars.length === 2 || (chars.length === 1 && /\p{Script=Han}/u.test(text));
}

/**
 * The text as typed in the name or the description. Trigrams serve three characters and more; a
 * shorter term is one lookup in the short grams (which hold the initials' pairs too, so the ranks
 * below tell a text match from an initials one).
 */
function textMatch(text: string, bind: Bind, contains?: string): string {
  if (isShortGram(text)) return `p.search_bigrams @> ARRAY[${bind(text)}]::text[]`;
  const c = contains ?? bind(containsPattern(text));
  return `(p.search_name LIKE ${c} OR p.search_description LIKE ${c})`;
}

/** The ways a term matches, strongest first (docs/search.md "Ranking"). */
function waysOf(plan: TermPlan, bind: Bind): Way[] {
  const contains = bind(containsPattern(plan.term));
  const typed = textMatch(plan.term, bind, contains);
  const text = `(p.search_name LIKE ${contains} OR p.search_description LIKE ${contains})`;
  // Chinese has no word boundaries: in the name at all is as strong as a whole word.
  const inName = plan.han
    ? `WHEN p.search_name LIKE ${contains} THEN ${MATCH_RANK.nameWord}`
    : `WHEN p.search_name ~ ${bind(`\\m${escapeRegex(plan.term)}\\M`)} THEN ${MATCH_RANK.nameWord}
       WHEN p.search_name ~ ${bind(`\\m${escapeRegex(plan.term)}`)} THEN ${MATCH_RANK.namePrefix}`;
  const ways: Way[] = [
    {
      where: typed,
      rank: `CASE ${inName} WHEN ${text} THEN ${MATCH_RANK.text} END`,
      max: MATCH_RANK.nameWord,
      // Above a text match the term is in the name: the name's trigrams find those rows alone.
      above: isShortGram(plan.term)
        ? undefined
        : { rank: MATCH_RANK.text, where: `p.search_name LIKE ${contains}` },
    },
  ];
  if (plan.spelt) {
    // A syllable or two of pinyin is in nearly every name: pinyin counts from three letters.
    if (plan.term.length >= MIN_PINYIN) {
      const where = `p.search_pinyin LIKE ${contains}`;
      ways.push({
        where,
        rank: `CASE WHEN ${where} THEN ${MATCH_RANK.pinyin} END`,
        max: MATCH_RANK.pinyin,
      });
    }
    if (plan.term.length >= MIN_INITIALS) {
      const initials = `p.search_initials LIKE ${contains}`;
      ways.push({
        where: isShortGram(plan.term)
          ? `p.search_bigrams @> ARRAY[${bind(initialsGram(plan.term))}]::text[]`
          : initials,
        rank: `CASE WHEN ${initials} THEN ${MATCH_RANK.initials} END`,
        max: MATCH_RANK.initials,
      });
    }
  }
  for (const [texts, rank] of [
    [plan.synonyms, MATCH_RANK.synonym],
    [plan.corrections, MATCH_RANK.fuzzy],
  ] as const) {
    for (const text of texts) {
      const where = textMatch(text, bind);
      ways.push({ where, rank: `CASE WHEN ${where} THEN ${rank} END`, max: rank });
    }
  }
  return ways;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);
}

/** The SQL parts of a listing, bound to one statement's parameters. */
function listingParts(listing: ProductListing, bind: Bind) {
  const base: string[] = [`p.status = 'ACTIVE'`];
  if (listing.categoryId) {
    base.push(
      `p.category_id IN (WITH RECURSIVE subtree(id) AS (
         SELECT id FROM categories WHERE id = ${bind(listing.categoryId)}
         UNION ALL SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
       ) SELECT id FROM subtree)`,
    );
  }
  if (listing.minPrice !== undefined) base.push(`p.price_from_amount >= ${bind(listing.minPrice)}`);
  if (listing.maxPrice !== undefined) base.push(`p.price_from_amount <= ${bind(listing.maxPrice)}`);
  if (listing.inStock !== undefined) base.push(listing.inStock ? 'p.available' : 'NOT p.available');
  const terms = listing.plans.map((plan) => waysOf(plan, bind));
  const filters = [...base, ...terms.map((ways) => `(${ways.map((w) => w.where).join(' OR ')})`)];
  // A product matches as well as its weakest term does, each term by its strongest way.
  const rank = terms.length
    ? `least(${terms.map((ways) => `greatest(${ways.map((w) => w.rank).join(', ')})`).join(', ')})`
    : 'NULL::int';
  /** Matches ranked above `r`: each term by a way that can rank above it (their indexes serve it). */
  const rankedAbove = (r: number) =>
    [
      ...base,
      ...terms.map(
        (ways) =>
          `(${
            ways
              .filter((w) => w.max > r)
              .map(
                (w) =>
                  `(${w.above && r >= w.above.rank ? w.above.where : w.where} AND (${w.rank}) > ${r})`,
              )
              .join(' OR ') || 'false'
          })`,
      ),
    ].join(' AND ');
  return { filters: filters.join(' AND '), rank, rankedAbove, searching: terms.length > 0 };
}

/**
 * A statement's parameter binder. A listing's parts bind every value they may need; `run` keeps
 * only the parameters the finished SQL uses (PostgreSQL cannot type an unused one), renumbered.
 */
function statement() {
  const params: unknown[] = [];
  const bind: Bind = (value) => {
    params.push(value);
    return `$${params.length}`;
  };
  const run = <T>(db: Db, sql: string): Promise<T[]> => {
    const used: unknown[] = [];
    const renumbered = new Map<string, string>();
    const text = sql.replace(/\$(\d+)\b/g, (placeholder, n: string) => {
      let now = renumbered.get(placeholder);
      if (!now) {
        used.push(params[Number(n) - 1]);
        now = `$${used.length}`;
        renumbered.set(placeholder, now);
      }
      return now;
    });
    return queryRows<T>(db, text, used);
  };
  return { params, bind, run };
}

/**
 * Units sold, then the average rating in hundredths, as one integer: relevance within a match rank.
 * Word for word the expression of the index `products_popularity`, so a scan can read in its order.
 */
const POPULARITY = `(least(p.sold_units, ${RELEVANCE.maxSold}) * ${RELEVANCE.sold} + CASE WHEN p.rating_count > 0 THEN (p.rating_sum * 100 + p.rating_count / 2) / p.rating_count ELSE 0 END)`;

/** The most popular products a search ranks first, before it falls back to ranking every match. */
const POPULAR_WINDOW = 2_000;

/** A search in another order counts its matches up to this many; more are not reported (not cheap). */
export const MAX_SEARCH_TOTAL = 1_000;

const COLUMNS = `p.id, p.name, p.slug, p.category_id, p.price_from_amount, p.currency, p.available,
  p.rating_count, p.rating_sum, p.images->>0 AS image, p.seq, p.sold_units`;

type Row = ProductListingRow & { total?: number };

// What the window's rows carry: the listing's columns and those its filters read, no more.
const WINDOW_COLUMNS = `p.id, p.name, p.slug, p.category_id, p.price_from_amount, p.currency,
  p.available, p.rating_count, p.rating_sum, p.images, p.seq, p.sold_units, p.status,
  p.search_name, p.search_description, p.search_pinyin, p.search_initials, p.search_bigrams`;

/** Up to `limit` rows of a listing after its cursor, and how many products it holds in all. */
export async function listProducts(
  db: Db,
  listing: ProductListing,
): Promise<{ rows: ProductListingRow[]; total?: number }> {
  const searching = listing.plans.length > 0;
  if (searching && listing.sort === 'relevance') return rankedSearch(db, listing);
  const { params, bind, run } = statement();
  const { filters, rank } = listingParts(listing, bind);
  // Relevance without a query has nothing to rank by: newest first.
  const key =
    listing.sort === 'relevance'
      ? { expr: 't.seq', desc: true }
      : { ...SORT_KEYS[listing.sort], expr: SORT_KEYS[listing.sort].expr.replace('p.', 't.') };
  // Browsing counts with exactly the filter's parameters; paging binds its own after.
  const countParams = [...params];
  let after = '';
  if (listing.after) {
    const k = bind(listing.after.key);
    const id = bind(listing.after.id);
    after = `WHERE (k.sort_key ${key.desc ? '<' : '>'} ${k}::bigint OR (k.sort_key = ${k}::bigint AND k.id > ${id}::uuid))`;
  }
  const sql = `
    SELECT * FROM (
      SELECT t.*, (${key.expr})::bigint AS sort_key FROM (
        SELECT ${COLUMNS}, ${rank} AS match_rank FROM products p WHERE ${filters}
      ) t
    ) k ${after}
    ORDER BY k.sort_key ${key.desc ? 'DESC' : 'ASC'}, k.id ASC
    LIMIT ${bind(listing.limit)}`;
  const count = searching
    ? cappedCount(db, listing)
    : queryRows<{ total: number }>(
        db,
        `SELECT count(*)::int AS total FROM products p WHERE ${filters}`,
        countParams,
      ).then((r) => r[0].total);
  const [rows, total] = await Promise.all([run<Row>(db, sql), count]);
  return { rows, total };
}

/** How many products match a search, when at most MAX_SEARCH_TOTAL do (reading no more). */
async function cappedCount(db: Db, listing: ProductListing): Promise<number | undefined> {
  const { bind, run } = statement();
  const { filters } = listingParts(listing, bind);
  const [{ total }] = await run<{ total: number }>(
    db,
    `SELECT count(*)::int AS total FROM (SELECT 1 FROM products p WHERE ${filters}
       LIMIT ${MAX_SEARCH_TOTAL + 1}) c`,
  );
  return total > MAX_SEARCH_TOTAL ? undefined : total;
}

/**
 * A page of a search by relevance: match rank, then popularity, then id (docs/search.md "Ranking").
 * A common term matches thousands of products, and ranking all of them is what made such a search
 * slow; but the best of them are nearly always among the most popular products. So the page is
 * first taken from the POPULAR_WINDOW most popular products, read in the order of
 * `products_popularity`. It is the true page when it is full and nothing outside the window can
 * come before its last row: nothing outside ranks lower in popularity, so only a higher match rank
 * could, and when the last row is not of the best rank one indexed probe says whether any product
 * after the cursor ranks higher. Otherwise every match is ranked, as before. The total is
 * reported where it comes free: from the full ranking, or from a window that held the whole catalog.
 */
async function rankedSearch(
  db: Db,
  listing: ProductListing,
): Promise<{ rows: ProductListingRow[]; total?: number }> {
  const keyOf = (rank: string, popularity: string) =>
    `(${rank})::bigint * ${RELEVANCE.rank} + ${popularity}`;
  const afterCursor = (key: string, id: string, bind: Bind) =>
    listing.after
      ? `AND (${key} < ${bind(listing.after.key)}::bigint
              OR (${key} = ${bind(listing.after.key)}::bigint AND ${id} > ${bind(listing.after.id)}::uuid))`
      : '';
  const window = statement();
  const w = listingParts(listing, window.bind);
  type WindowRow = Row & { window_size: number; matches: number };
  const windowRows = await window.run<WindowRow>(
    db,
    `SELECT t.*, (SELECT count(*) FROM (SELECT 1 FROM products p WHERE p.status = 'ACTIVE'
                    ORDER BY ${POPULARITY} DESC, p.id LIMIT ${POPULAR_WINDOW}) w)::int AS window_size
       FROM (
         SELECT ${COLUMNS}, ${w.rank} AS match_rank,
                (${keyOf(w.rank, POPULARITY)})::bigint AS sort_key, (count(*) OVER ())::int AS matches
           FROM (SELECT ${WINDOW_COLUMNS} FROM products p WHERE p.status = 'ACTIVE'
                  ORDER BY ${POPULARITY} DESC, p.id LIMIT ${POPULAR_WINDOW}) p
          WHERE ${w.filters}
       ) t WHERE true ${afterCursor('t.sort_key', 't.id', window.bind)}
     ORDER BY t.sort_key DESC, t.id LIMIT ${window.bind(listing.limit)}`,
  );
  const last = windowRows[windowRows.length - 1];
  if (windowRows.length === listing.limit && last.match_rank !== null) {
    // The matches are counted only where the window held the whole catalog: else not cheaply.
    const total = last.window_size < POPULAR_WINDOW ? last.matches : undefined;
    if (last.match_rank === MATCH_RANK.nameWord) return { rows: windowRows, total };
    const probe = statement();
    const parts = listingParts(listing, probe.bind);
    const key = keyOf(parts.rank, POPULARITY);
    // A count, not EXISTS: under EXISTS the planner hopes for an early row and scans the table.
    const higher = await probe.run<{ found: number }>(
      db,
      `SELECT count(*)::int AS found FROM products p
        WHERE ${parts.rankedAbove(last.match_rank)} ${afterCursor(key, 'p.id', probe.bind)}`,
    );
    if (higher[0].found === 0) return { rows: windowRows, total };
  }

  // Every match is ranked here anyway, so the same scan counts them (before the cursor applies).
  const full = statement();
  const f = listingParts(listing, full.bind);
  const rows = await full.run<Row>(
    db,
    `SELECT * FROM (
       SELECT ${COLUMNS}, ${f.rank} AS match_rank, (${keyOf(f.rank, POPULARITY)})::bigint AS sort_key,
              (count(*) OVER ())::int AS total
         FROM products p WHERE ${f.filters}
     ) t WHERE true ${afterCursor('t.sort_key', 't.id', full.bind)}
     ORDER BY t.sort_key DESC, t.id LIMIT ${full.bind(listing.limit)}`,
  );
  // Past the last match a page has no row to tell the total: it is left out then.
  return { rows, total: rows[0]?.total ?? (listing.after ? undefined : 0) };
}

/** The best sellers among ACTIVE products (of a category and everything below it, when given). */
export function bestSellers(
  db: Db,
  categoryId: string | null,
  limit: number,
): Promise<ProductSummaryRow[]> {
  return queryRows<ProductSummaryRow>(
    db,
    `SELECT p.id, p.name, p.slug, p.category_id, p.price_from_amount, p.currency, p.available,
            p.rating_count, p.rating_sum, p.images->>0 AS image
       FROM products p
      WHERE p.status = 'ACTIVE' AND ($1::uuid IS NULL OR p.category_id IN (
        WITH RECURSIVE subtree(id) AS (
          SELECT id FROM categories WHERE id = $1::uuid
          UNION ALL SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
        ) SELECT id FROM subtree))
      ORDER BY p.sold_units DESC, p.id
      LIMIT $2`,
    [categoryId, limit],
  );
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
