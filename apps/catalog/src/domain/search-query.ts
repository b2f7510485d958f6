import { PRODUCT_SORTS, type ProductSort } from '@emporium/contracts';

export { PRODUCT_SORTS };
export type { ProductSort };

/** At most this many terms of a query are matched; the rest are ignored. */
export const MAX_TERMS = 6;

/** Points a term earns: a name match outranks any description match. */
export const SCORE = {
  nameContains: 100,
  nameStartsWith: 30,
  descriptionContains: 10,
  /** Scale of the trigram similarity of the whole query to the name (0..1 → 0..9). */
  similarity: 9,
} as const;

/**
 * The searchable form of a text: NFKC (full-width Ｍａｔｅ → Mate, compatibility ideographs folded),
 * lowercase, whitespace collapsed. Stored beside names and descriptions, and applied to queries,
 * so matching is case- and width-insensitive with a plain LIKE.
 */
export function searchable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const HAN = /\p{Script=Han}/u;

/**
 * The terms of a query: separated by spaces and punctuation, and also where Chinese meets Latin
 * (`华为mate` → `华为`, `mate`), because Chinese text has no spaces and shoppers type mixed queries.
 * Every term must match the name or the description.
 */
export function queryTerms(q: string): string[] {
  const parts = searchable(q)
    .split(/[\s\p{P}\p{S}]+/u)
    .flatMap((part) => part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? [])
    .filter((t) => t.length > 0);
  const unique = [...new Set(parts)];
  // A term inside another adds nothing to an AND of containment tests.
  const kept = unique.filter((t) => !unique.some((o) => o !== t && o.includes(t)));
  return kept.slice(0, MAX_TERMS);
}

/** True when the term is Chinese (matched as a substring anywhere). */
export function isHanTerm(term: string): boolean {
  return HAN.test(term);
}

/** `term` as a LIKE pattern that matches it anywhere, with LIKE's wildcards escaped. */
export function containsPattern(term: string): string {
  return `%${escapeLike(term)}%`;
}

/** `term` as a LIKE pattern that matches text starting with it. */
export function prefixPattern(term: string): string {
  return `${escapeLike(term)}%`;
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
