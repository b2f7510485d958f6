import * as OpenCC from 'opencc-js';
import {
  BadRequestError,
  PRODUCT_SORTS,
  type ProductSort,
  type SearchMatch,
} from '@emporium/contracts';

export { PRODUCT_SORTS };
export type { ProductSort };

/** At most this many terms of a query are matched; the rest are ignored. */
export const MAX_TERMS = 6;

// Traditional characters as mainland shoppers write them (手機 → 手机, 移動電源 → 移动电源).
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * The searchable form of a text: NFKC (full-width Ｍａｔｅ → Mate, compatibility ideographs folded),
 * traditional characters simplified, lowercase, whitespace collapsed. Stored beside names and
 * descriptions, and applied to queries, so matching is case-, width- and script-insensitive with
 * a plain LIKE.
 */
export function searchable(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
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

/** Initials need at least this many letters: one letter would match nearly every product. */
export const MIN_INITIALS = 2;

/** Pinyin needs at least this many letters: one or two are a syllable found in nearly any name. */
export const MIN_PINYIN = 3;

/**
 * The strength of a term's match, the first key of relevance (docs/search.md "Ranking"): the term
 * as a whole word of the name, as the start of a word of the name, elsewhere in the name or the
 * description, in the name's pinyin, in its initials, through a synonym, through a typo correction.
 */
export const MATCH_RANK = {
  nameWord: 6,
  namePrefix: 5,
  text: 4,
  pinyin: 3,
  initials: 2,
  synonym: 1,
  fuzzy: 0,
} as const;

/** The match kind shoppers are told for a product's rank (its weakest term's best way). */
export function matchOfRank(rank: number): SearchMatch {
  if (rank >= MATCH_RANK.text) return 'exact';
  if (rank === MATCH_RANK.pinyin) return 'pinyin';
  if (rank === MATCH_RANK.initials) return 'initials';
  if (rank === MATCH_RANK.synonym) return 'synonym';
  return 'fuzzy';
}

/**
 * Relevance as one integer, so that cursors compare it exactly: the match rank, then units sold
 * (capped at a billion), then the average rating in hundredths. Below 2^53 for every rank.
 */
export const RELEVANCE = { rank: 1e15, sold: 1e3, maxSold: 999_999_999 } as const;

/** How one query term may match, from the strongest way to the weakest. */
export interface TermPlan {
  readonly term: string;
  /** Chinese only: matched as typed (a character pair is looked up in the stored pairs). */
  readonly han: boolean;
  /** Letters only: may also be a pinyin spelling or, from MIN_INITIALS letters, initials. */
  readonly spelt: boolean;
  /** The same term with a merchant's synonym in place of part of it. */
  readonly synonyms: readonly string[];
  /** What a typo correction says the term meant (searched as typed text). */
  readonly corrections: readonly string[];
}

const SPELT = /^[a-z]+$/;
const ONLY_HAN = /^\p{Script=Han}+$/u;
/** At most this many synonym rewrites of one term are searched. */
const MAX_SYNONYMS_PER_TERM = 8;

/** The plan of each term: which ways apply, which synonyms (from `groups`) and corrections. */
export function planTerms(
  terms: readonly string[],
  groups: readonly (readonly string[])[],
  corrections: ReadonlyMap<string, string> = new Map(),
): TermPlan[] {
  return terms.map((term) => {
    const correction = corrections.get(term);
    return {
      term,
      han: ONLY_HAN.test(term),
      spelt: SPELT.test(term),
      synonyms: synonymRewrites(term, groups),
      corrections: correction ? [correction] : [],
    };
  });
}

/**
 * The rewrites of a term by its synonym groups: every member of a group found in the term is
 * replaced by each other member (`华为手机` with 手机 = 移动电话 → `华为移动电话`).
 */
export function synonymRewrites(term: string, groups: readonly (readonly string[])[]): string[] {
  const rewrites = new Set<string>();
  for (const group of groups)
    for (const member of group)
      if (term.includes(member))
        for (const other of group)
          if (other !== member) rewrites.add(term.replaceAll(member, other));
  rewrites.delete(term);
  return [...rewrites].slice(0, MAX_SYNONYMS_PER_TERM);
}

/** Limits of a merchant's synonym list. */
export const SYNONYM_LIMITS = { groups: 500, terms: 20, termLength: 50 } as const;

/**
 * Synonym groups as they are matched: each term in searchable form, repeats dropped, and a group
 * left with fewer than two terms refused (it would say nothing).
 */
export function normaliseSynonymGroups(groups: readonly (readonly string[])[]): string[][] {
  return groups.map((group, i) => {
    const terms = [...new Set(group.map(searchable).filter((t) => t.length > 0))];
    if (terms.length < 2)
      throw new BadRequestError(
        'synonym-group-too-small',
        `groups[${i}] needs two different terms`,
      );
    return terms;
  });
}
