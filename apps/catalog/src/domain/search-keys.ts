import { pinyin } from 'pinyin-pro';
import { searchable } from './search-query';

/**
 * What is stored beside a product's name so that every way a shopper types it is an indexed
 * lookup (docs/search.md "What is stored"): the name's full pinyin, its initials (首字母) and the
 * Chinese character pairs of the name and description.
 */
export interface SearchKeys {
  /** The searchable name with each Chinese character spelled in toneless pinyin (`shouji`). */
  readonly pinyin: string;
  /** The first letters of each run of Chinese characters, runs separated by a space (`hwsj`). */
  readonly initials: string;
  /**
   * The short grams of name and description, once each: every Chinese character and every pair
   * of adjacent characters within a word; and the pairs of the initials, marked (`initialsGram`)
   * so that a text match and an initials match stay apart. A term of one or two characters is
   * found by one indexed lookup here, where trigrams cannot serve it.
   */
  readonly grams: readonly string[];
}

const HAN_RUN = /\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;

/** The searchable columns of a product, from its name and description as the merchant wrote them. */
export function productSearchColumns(name: string, description: string) {
  const searchName = searchable(name);
  const searchDescription = searchable(description);
  const keys = searchKeys(searchName, searchDescription);
  return {
    searchName,
    searchDescription,
    searchPinyin: keys.pinyin,
    searchInitials: keys.initials,
    searchBigrams: [...keys.grams],
  };
}

/** The searchable columns of a category, from its name. */
export function categorySearchColumns(name: string) {
  const searchName = searchable(name);
  const keys = searchKeys(searchName, '');
  return { searchName, searchPinyin: keys.pinyin, searchInitials: keys.initials };
}

/** Every Chinese run of `text`. */
function hanRuns(text: string): string[] {
  return text.match(HAN_RUN) ?? [];
}

/**
 * Toneless pinyin of a Chinese run, one syllable per character. pinyin-pro reads whole words, so
 * polyphonic characters come out as the word says (重庆 chongqing, 银行 yinhang); ü is spelt `v`,
 * as shoppers type it.
 */
export function pinyinSyllables(run: string): string[] {
  return pinyin(run, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' });
}

/** The keys of a product from its searchable name and description. */
export function searchKeys(searchName: string, searchDescription: string): SearchKeys {
  const spelt = searchName.replace(HAN_RUN, (run) => pinyinSyllables(run).join(''));
  const initials = hanRuns(searchName)
    .map((run) =>
      pinyinSyllables(run)
        .map((s) => s[0])
        .join(''),
    )
    .join(' ');
  return {
    pinyin: spelt,
    initials,
    grams: [
      ...shortGrams(`${searchName} ${searchDescription}`),
      ...shortGrams(initials).map(initialsGram),
    ],
  };
}

/** How a pair of initials is kept among the short grams: apart from the same two letters of text. */
export function initialsGram(pair: string): string {
  return `^${pair}`;
}

// Words as queryTerms cuts them: Chinese runs, and runs of anything but Chinese, space,
// punctuation and symbols.
const WORD = /\p{Script=Han}+|[^\p{Script=Han}\s\p{P}\p{S}]+/gu;

/**
 * The distinct short grams of `text`: each Chinese character, and each pair of adjacent characters
 * inside a word (never across a space, a punctuation mark or a change of script). Every term of
 * one Chinese character or of two characters that `text` contains is one of them.
 */
export function shortGrams(text: string): string[] {
  const grams = new Set<string>();
  for (const word of text.match(WORD) ?? []) {
    const chars = [...word];
    const han = HAN.test(chars[0]);
    for (let i = 0; i < chars.length; i++) {
      if (han) grams.add(chars[i]);
      if (i + 1 < chars.length) grams.add(chars[i] + chars[i + 1]);
    }
  }
  return [...grams];
}

/** A word of the catalog that a mistyped query term may have meant, and what to search for it. */
export interface CatalogWord {
  /** How a shopper types it: a Latin word, or the pinyin of a Chinese word. */
  readonly word: string;
  /** What it stands for: the Latin word itself, or the Chinese word (`shouji` → 手机). */
  readonly display: string;
}

/** Shorter words are left out of typo correction: one edit turns them into too many others. */
export const MIN_FUZZY_LENGTH = 4;
/** Longer words are not typo-corrected (their edit neighbourhoods grow with their length). */
export const MAX_FUZZY_LENGTH = 24;
const LATIN_WORD = /[a-z][a-z0-9]*/g;

/**
 * The words of a name that typo correction knows: its Latin words, and the Chinese words of two to
 * four characters inside each Chinese run, by their pinyin (a run has no spaces to cut at, so every
 * such span is kept; spans that are no word are never typed and cost only a row).
 */
export function catalogWords(searchName: string): CatalogWord[] {
  const words = new Map<string, CatalogWord>();
  const add = (word: string, display: string) => {
    if (word.length >= MIN_FUZZY_LENGTH && word.length <= MAX_FUZZY_LENGTH)
      words.set(`${word}\u0000${display}`, { word, display });
  };
  for (const w of searchName.replace(HAN_RUN, ' ').match(LATIN_WORD) ?? []) add(w, w);
  for (const run of hanRuns(searchName)) {
    const chars = [...run];
    const syllables = pinyinSyllables(run);
    if (syllables.length !== chars.length) continue;
    for (let i = 0; i < chars.length; i++)
      for (let n = 2; n <= 4 && i + n <= chars.length; n++)
        add(syllables.slice(i, i + n).join(''), chars.slice(i, i + n).join(''));
  }
  return [...words.values()];
}

/**
 * A word and every string one deletion away from it. Two words are at most one edit apart
 * (insertion, deletion, substitution or adjacent transposition) only if these sets meet, so a
 * GIN-indexed overlap finds the candidates of a typo without scanning the vocabulary (symmetric
 * delete); `editDistance` then confirms them.
 */
export function deletionVariants(word: string): string[] {
  const chars = [...word];
  const variants = new Set([word]);
  for (let i = 0; i < chars.length; i++)
    variants.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
  return [...variants];
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}
