/**
 * What shoppers type into the search box of the demo catalog, by kind: two-character Chinese words,
 * longer Chinese words, full pinyin, initials, English words and typos (one edit of a pinyin or an
 * English word). Taken from the demo products' names (product words: the descriptions' shared
 * boilerplate, 正品行货 and the like, is in every product and nobody searches for it), so every kind
 * finds something except the typos that no word is one edit from.
 */
import { pinyinSyllables } from '../../apps/catalog/src/domain/search-keys';
import { demoProduct } from '../../tools/seed/demo-catalog';

/** The kinds of search terms, each a pool of distinct terms. */
export type TermPools = Readonly<Record<string, readonly string[]>>;

/** Distinct terms of each kind from the first `products` demo products. */
export function searchTermPools(products: number): TermPools {
  const zh2 = new Set<string>();
  const zhLong = new Set<string>();
  const pinyin = new Set<string>();
  const initials = new Set<string>();
  const english = new Set<string>();
  for (let i = 0; i < Math.min(products, 3_000); i++) {
    const p = demoProduct(i);
    for (const run of p.name.match(/\p{Script=Han}+/gu) ?? []) {
      const chars = [...run];
      const syllables = pinyinSyllables(run);
      for (let s = 0; s < chars.length; s++) {
        for (let n = 2; n <= 4 && s + n <= chars.length; n++) {
          const word = chars.slice(s, s + n).join('');
          (n === 2 ? zh2 : zhLong).add(word);
          const spelt = syllables.slice(s, s + n);
          if (spelt.join('').length >= 3) pinyin.add(spelt.join(''));
          initials.add(spelt.map((x) => x[0]).join(''));
        }
      }
    }
    for (const w of p.name.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? []) english.add(w);
  }
  const typos = new Set<string>();
  for (const word of [...english, ...pinyin].filter((w) => w.length >= 5)) {
    const k = word.length >> 1;
    typos.add(word.slice(0, k) + word[k + 1] + word[k] + word.slice(k + 2)); // swap
    typos.add(word.slice(0, k) + word.slice(k + 1)); // drop
    typos.add(word.slice(0, k) + word[k] + word.slice(k)); // double
  }
  return {
    'chinese-2': [...zh2],
    'chinese-long': [...zhLong],
    pinyin: [...pinyin],
    initials: [...initials],
    english: [...english],
    typo: [...typos].filter((t) => !pinyin.has(t) && !english.has(t)),
  };
}

/**
 * Request paths over the pools, kind after kind, so the mix stays even. Each (term, limit) pair is
 * used once: a pool that runs out starts again with the next `limit`, so no request finds its page
 * in the listing cache. `firstLimit` keeps warm-up requests apart from measured ones.
 */
export function searchPaths(pools: TermPools, firstLimit: number): () => string {
  const kinds = Object.values(pools).filter((pool) => pool.length > 0);
  let n = 0;
  return () => {
    const pool = kinds[n % kinds.length];
    const k = Math.floor(n / kinds.length);
    n += 1;
    const term = pool[k % pool.length];
    const limit = firstLimit + Math.floor(k / pool.length);
    return `/products?q=${encodeURIComponent(term)}&limit=${Math.min(limit, 100)}`;
  };
}

/** Suggestion paths: prefixes of one to four characters of the pools' terms, in turn. */
export function suggestPaths(pools: TermPools): string[] {
  const prefixes = new Set<string>();
  for (const pool of Object.values(pools))
    for (const term of pool)
      for (let n = 1; n <= Math.min(4, [...term].length); n++)
        prefixes.add([...term].slice(0, n).join(''));
  return [...prefixes].map((p) => `/search/suggest?q=${encodeURIComponent(p)}`);
}
