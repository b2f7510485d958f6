import {
  MATCH_RANK,
  RELEVANCE,
  containsPattern,
  matchOfRank,
  normaliseSynonymGroups,
  planTerms,
  prefixPattern,
  queryTerms,
  searchable,
  synonymRewrites,
} from './search-query';

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

describe('search plans', () => {
  it('folds traditional characters into simplified ones', () => {
    expect(searchable('手機 移動電源')).toBe('手机 移动电源');
  });

  it('rewrites a term with each other member of its synonym groups', () => {
    const groups = [
      ['手机', '移动电话'],
      ['iphone', '苹果手机'],
    ];
    expect(synonymRewrites('华为手机', groups)).toEqual(['华为移动电话']);
    expect(synonymRewrites('iphone', groups)).toEqual(['苹果手机']);
    expect(synonymRewrites('耳机', groups)).toEqual([]);
  });

  it('plans pinyin and initials only for letter-only terms', () => {
    const [han, spelt, model] = planTerms(['手机', 'shouji', 'mate70'], []);
    expect([han.han, han.spelt]).toEqual([true, false]);
    expect([spelt.han, spelt.spelt]).toEqual([false, true]);
    expect(model.spelt).toBe(false);
  });

  it('normalises synonym groups and refuses one left with a single term', () => {
    expect(normaliseSynonymGroups([['iPhone', '苹果手機']])).toEqual([['iphone', '苹果手机']]);
    expect(() => normaliseSynonymGroups([['手机', '手機']])).toThrow(/two different terms/);
  });

  it('tells shoppers the match kind of each rank, strongest first', () => {
    const ranks = Object.values(MATCH_RANK).sort((a, b) => b - a);
    expect(ranks.map(matchOfRank)).toEqual([
      'exact',
      'exact',
      'exact',
      'pinyin',
      'initials',
      'synonym',
      'fuzzy',
    ]);
  });

  it('keeps every relevance key below 2^53, so cursors compare it exactly', () => {
    const top = MATCH_RANK.nameWord * RELEVANCE.rank + RELEVANCE.maxSold * RELEVANCE.sold + 500;
    expect(top).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});
