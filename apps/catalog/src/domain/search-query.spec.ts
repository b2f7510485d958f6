import { containsPattern, prefixPattern, queryTerms, searchable } from './search-query';

describe('search queries', () => {
  it('folds case and full-width letters', () => {
    expect(searchable('  华为 ＭＡＴＥ\t70 ')).toBe('华为 mate 70');
  });

  it('splits a query where Chinese meets Latin', () => {
    expect(queryTerms('华为mate70 手机')).toEqual(['华为', 'mate70', '手机']);
  });

  it('drops punctuation and repeated terms', () => {
    expect(queryTerms('手机，手机! Mate/Pro')).toEqual(['手机', 'mate', 'pro']);
  });

  it('drops a term contained in another term', () => {
    expect(queryTerms('mat mate')).toEqual(['mate']);
  });

  it('yields no terms for a query of punctuation only', () => {
    expect(queryTerms(' ,.!? ')).toEqual([]);
  });

  it('keeps at most six terms', () => {
    expect(queryTerms('a1 b2 c3 d4 e5 f6 g7 h8')).toHaveLength(6);
  });

  it('escapes LIKE wildcards so a percent sign matches itself', () => {
    expect(containsPattern('100%')).toBe('%100\\%%');
    expect(prefixPattern('a_b')).toBe('a\\_b%');
  });
});
