import { quintileScores, scoreRfm, segmentOf } from './rfm';

describe('RFM scoring', () => {
  it('spreads ten distinct values two per quintile', () => {
    expect(quintileScores([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('gives equal values the same score', () => {
    expect(quintileScores([1, 1, 1, 1, 5])).toEqual([1, 1, 1, 1, 5]);
  });

  it('scores the most recent, most frequent, biggest spender 5-5-5 and the opposite 1-1-1', () => {
    const scores = scoreRfm([
      { customerId: 'best', recencyDays: 1, frequency: 9, monetary: 90_000 },
      { customerId: 'b', recencyDays: 10, frequency: 5, monetary: 50_000 },
      { customerId: 'c', recencyDays: 20, frequency: 4, monetary: 40_000 },
      { customerId: 'd', recencyDays: 40, frequency: 2, monetary: 20_000 },
      { customerId: 'worst', recencyDays: 300, frequency: 1, monetary: 900 },
    ]);
    expect(scores[0]).toEqual({
      customerId: 'best',
      r: 5,
      f: 5,
      m: 5,
      score: 15,
      segment: 'Champions',
    });
    expect(scores[4]).toEqual({
      customerId: 'worst',
      r: 1,
      f: 1,
      m: 1,
      score: 3,
      segment: 'Hibernating',
    });
    expect(scores[2]).toMatchObject({ r: 3, f: 3, m: 3, segment: 'Loyal' });
  });

  it('names segments from recency and frequency', () => {
    expect(segmentOf(5, 1)).toBe('Promising');
    expect(segmentOf(1, 5)).toBe('At risk');
    expect(segmentOf(3, 2)).toBe('Needs attention');
  });
});
