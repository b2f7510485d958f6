import type { EntityManager } from 'typeorm';
import type { SuggestionKind } from '@emporium/contracts';
import { execute, queryRows, type Db } from '@emporium/platform-persistence';
import { deletionVariants, type CatalogWord } from '../domain/search-keys';
import { prefixPattern } from '../domain/search-query';

/**
 * Adds the words of a product name to the typo vocabulary, counting the names that held each. Rows
 * are taken in key order, so two writes sharing words wait for each other instead of deadlocking.
 */
export async function addCatalogWords(tx: EntityManager, words: readonly CatalogWord[]) {
  if (words.length === 0) return;
  await execute(
    tx,
    `INSERT INTO search_words (word, display, variants)
     SELECT w.word, w.display, ARRAY(SELECT json_array_elements_text(w.variants))
       FROM json_to_recordset($1::json) AS w(word text, display text, variants json)
     ORDER BY w.word, w.display
     ON CONFLICT (word, display) DO UPDATE SET products = search_words.products + 1`,
    [JSON.stringify(words.map((w) => ({ ...w, variants: deletionVariants(w.word) })))],
  );
}

/** A vocabulary word that may be what a mistyped term meant. */
export interface WordCandidateRow {
  readonly word: string;
  readonly display: string;
  readonly products: number;
}

/** The words whose one-deletion variants meet `variants` (the term's), most common first. */
export function wordCandidates(db: Db, variants: readonly string[]): Promise<WordCandidateRow[]> {
  return queryRows<WordCandidateRow>(
    db,
    `SELECT word, display, products FROM search_words WHERE variants && $1::text[]
      ORDER BY products DESC, word, display LIMIT 50`,
    [variants],
  );
}

/** The merchant's synonym groups, in the order they were put. */
export async function synonymGroups(db: Db): Promise<string[][]> {
  const rows = await queryRows<{ terms: string[] }>(
    db,
    'SELECT terms FROM search_synonym_groups ORDER BY position',
  );
  return rows.map((r) => r.terms);
}

/** Replaces every synonym group (the caller's transaction makes it one change). */
export async function replaceSynonymGroups(
  tx: EntityManager,
  groups: readonly (readonly string[])[],
): Promise<void> {
  // Two merchants saving at once: one replaces the list, then the other does, never a mix.
  await execute(tx, 'LOCK TABLE search_synonym_groups IN SHARE ROW EXCLUSIVE MODE');
  await execute(tx, 'DELETE FROM search_synonym_groups');
  if (groups.length === 0) return;
  await execute(
    tx,
    `INSERT INTO search_synonym_groups (position, terms)
     SELECT g.ordinality - 1, ARRAY(SELECT json_array_elements_text(g.terms))
       FROM json_array_elements($1::json) WITH ORDINALITY AS g(terms, ordinality)`,
    [JSON.stringify(groups)],
  );
}

/** Searches of one term on one business day, and how many found nothing. */
export interface SearchTermCount {
  readonly day: string;
  readonly term: string;
  readonly searches: number;
  readonly zeroResults: number;
}

/** Adds counted searches to their day's totals. */
export async function addSearchTermCounts(
  db: Db,
  counts: readonly SearchTermCount[],
): Promise<void> {
  if (counts.length === 0) return;
  await execute(
    db,
    `INSERT INTO search_term_days (day, term, searches, zero_results)
     SELECT c.day, c.term, c.searches, c."zeroResults"
       FROM json_to_recordset($1::json) AS c(day date, term text, searches int, "zeroResults" int)
     ORDER BY c.day, c.term
     ON CONFLICT (day, term) DO UPDATE SET
       searches = search_term_days.searches + excluded.searches,
       zero_results = search_term_days.zero_results + excluded.zero_results`,
    [JSON.stringify(counts)],
  );
}

/** Forgets the counts of days before `day` (`YYYY-MM-DD`). */
export async function deleteSearchTermDaysBefore(db: Db, day: string): Promise<void> {
  await execute(db, 'DELETE FROM search_term_days WHERE day < $1::date', [day]);
}

/** A term's searches over a period. */
export interface SearchTermRow {
  readonly term: string;
  readonly searches: number;
  readonly zero_results: number;
}

/** The terms searched between two business days (inclusive), most often found nothing first. */
export function searchTermsBetween(
  db: Db,
  fromDay: string,
  toDay: string,
  limit: number,
): Promise<SearchTermRow[]> {
  return queryRows<SearchTermRow>(
    db,
    `SELECT term, sum(searches)::int AS searches, sum(zero_results)::int AS zero_results
       FROM search_term_days WHERE day BETWEEN $1 AND $2
      GROUP BY term
      ORDER BY sum(zero_results) DESC, sum(searches) DESC, term
      LIMIT $3`,
    [fromDay, toDay, limit],
  );
}

/** A completion of a typed prefix. */
export interface SuggestionRow {
  readonly text: string;
  readonly kind: SuggestionKind;
}

/** How far back popular queries are completed from. */
const POPULAR_QUERY_DAYS = 30;
/** Candidates read per source in index order before they are ranked by popularity. */
const CANDIDATES = 50;

/**
 * Completions of `prefix` (searchable form): names of ACTIVE products and of categories that start
 * with it, as typed, in pinyin or in initials, and queries that found something in the last 30
 * days. Each source reads a bounded range of a prefix index (its first 50 entries), then the most
 * searched queries and the best sellers come first.
 */
export function suggestions(db: Db, prefix: string, limit: number): Promise<SuggestionRow[]> {
  const sources = ['search_name', 'search_pinyin', 'search_initials'];
  const products = sources
    .map(
      (col) => `(SELECT name, sold_units FROM products
                  WHERE status = 'ACTIVE' AND ${col} LIKE $1
                  ORDER BY ${col} USING ~<~ LIMIT ${CANDIDATES})`,
    )
    .join(' UNION ');
  // `USING ~<~` is the order of the text_pattern_ops indexes: the scan reads a range and stops.
  const categories = sources.map((col) => `c.${col} LIKE $1`).join(' OR ');
  return queryRows<SuggestionRow>(
    db,
    `WITH product AS (${products}),
          category AS (SELECT c.name FROM categories c WHERE ${categories} LIMIT ${CANDIDATES}),
          query AS (SELECT term, sum(searches - zero_results) AS found FROM search_term_days
                     WHERE term LIKE $1 AND day >= current_date - ${POPULAR_QUERY_DAYS}
                     GROUP BY term HAVING sum(searches - zero_results) > 0)
     SELECT text, kind FROM (
       -- A text offered by two sources (a category also searched as a query) is offered once.
       SELECT DISTINCT ON (text) text, kind, source, weight FROM (
         (SELECT name AS text, 'category' AS kind, 0 AS source, 0::bigint AS weight FROM category)
         UNION ALL
         (SELECT term, 'query', 1, found FROM query)
         UNION ALL
         (SELECT name, 'product', 2, max(sold_units) FROM product GROUP BY name)
       ) s
       ORDER BY text, source
     ) d
     ORDER BY source, weight DESC, text
     LIMIT $2`,
    [prefixPattern(prefix), limit],
  );
}

/** The category whose name is closest to a query (as typed, in pinyin or initials), if any is. */
export async function closestCategory(db: Db, text: string): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    `SELECT id FROM (
       SELECT id, greatest(similarity(search_name, $1), similarity(search_pinyin, $1),
                           similarity(search_initials, $1)) AS score
         FROM categories) c
      WHERE score > 0.1 ORDER BY score DESC, id LIMIT 1`,
    [text],
  );
  return rows[0]?.id ?? null;
}
