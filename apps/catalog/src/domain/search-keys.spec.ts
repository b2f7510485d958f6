import fc from 'fast-check';
import {
  catalogWords,
  deletionVariants,
  editDistance,
  productSearchColumns,
  searchKeys,
  shortGrams,
} from './search-keys';
import { queryTerms } from './search-query';

describe('search keys', () => {
  it('spells Chinese in toneless pinyin and keeps Latin text as it is', () => {
    expect(searchKeys('华为智能手机 mate 70', '').pinyin).toBe('huaweizhinengshouji mate 70');
  });

  it('reads polyphonic characters as the word says', () => {
    expect(searchKeys('重庆火锅', '').pinyin).toBe('chongqinghuoguo');
    expect(searchKeys('银行卡套', '').pinyin).toBe('yinhangkatao');
    expect(searchKeys('长城干红', '').pinyin).toBe('changchengganhong');
  });

  it('spells ü as v, as shoppers type it', () => {
    expect(searchKeys('绿茶', '').pinyin).toBe('lvcha');
  });

  it('keeps the initials of each Chinese run, runs apart', () => {
    expect(searchKeys('小米 手机 充电宝', '').initials).toBe('xm sj cdb');
    expect(searchKeys('iphone 16', '').initials).toBe('');
  });

  it('keeps each Chinese character and each pair inside a word, never across other text', () => {
    expect(shortGrams('手机壳 ab硅胶-x1').sort()).toEqual(
      ['手', '机', '壳', '手机', '机壳', 'ab', '硅', '胶', '硅胶', 'x1'].sort(),
    );
  });

  it('finds every one- or two-character term of a text among its short grams', () => {
    const text = fc.stringMatching(/^[a-z0-9 手机保温杯华为,-]{0,30}$/);
    fc.assert(
      fc.property(text, (t) => {
        const grams = new Set(shortGrams(t));
        const terms = queryTerms(t).flatMap((term) => {
          const chars = [...term];
          return chars.flatMap((c, i) => [
            ...(/\p{Script=Han}/u.test(c) ? [c] : []),
            ...(i + 1 < chars.length ? [c + chars[i + 1]] : []),
          ]);
        });
        return terms.every((g) => grams.has(g));
      }),
    );
  });

  it('keeps the pairs of the initials beside those of the text, marked apart', () => {
    const grams = searchKeys('保温杯 bw', '不锈钢').grams;
    expect(grams).toEqual(
      expect.arrayContaining(['保温', '温杯', '不锈', '锈钢', 'bw', '^bw', '^wb']),
    );
    expect(grams).not.toContain('wb');
  });

  it('folds traditional characters before deriving the keys', () => {
    expect(productSearchColumns('華為 手機', '移動電源')).toMatchObject({
      searchName: '华为 手机',
      searchDescription: '移动电源',
      searchPinyin: 'huawei shouji',
      searchInitials: 'hw sj',
    });
  });

  it('knows the Latin words and the two- to four-character Chinese words of a name', () => {
    const words = catalogWords('wireless headphone 降噪耳机 a1');
    expect(words).toContainEqual({ word: 'headphone', display: 'headphone' });
    expect(words).toContainEqual({ word: 'jiangzao', display: '降噪' });
    expect(words).toContainEqual({ word: 'jiangzaoerji', display: '降噪耳机' });
    expect(words.map((w) => w.word)).not.toContain('a1');
  });

  it('measures adjacent swaps as one edit', () => {
    expect(editDistance('shuoji', 'shouji')).toBe(1);
    expect(editDistance('hedaphone', 'headphone')).toBe(1);
    expect(editDistance('shoujii', 'shouji')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });

  it('finds every word one edit away through shared deletion variants', () => {
    const word = fc.stringMatching(/^[a-z]{4,10}$/);
    const edit = fc.tuple(fc.nat(), fc.constantFrom('a', 'q', 'z'), fc.nat(3));
    fc.assert(
      fc.property(word, edit, (w, [at, letter, kind]) => {
        const i = at % w.length;
        const typo = [
          w.slice(0, i) + w.slice(i + 1), // deletion
          w.slice(0, i) + letter + w.slice(i), // insertion
          w.slice(0, i) + letter + w.slice(i + 1), // substitution
          i + 1 < w.length ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w, // swap
        ][kind];
        const shared = deletionVariants(typo).some((v) => deletionVariants(w).includes(v));
        return editDistance(typo, w) <= 1 && shared;
      }),
    );
  });
});
