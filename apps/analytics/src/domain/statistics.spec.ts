import { describe as describeValues } from './statistics';

describe('descriptive statistics', () => {
  it('matches the textbook example 2, 4, 4, 4, 5, 5, 7, 9', () => {
    const d = describeValues([9, 4, 2, 4, 5, 4, 7, 5]);
    expect(d.count).toBe(8);
    expect(d.mean).toBe(5);
    expect(d.variance).toBeCloseTo(32 / 7, 4);
    expect(d.stddev).toBeCloseTo(Math.sqrt(32 / 7), 4);
    expect(d.p50).toBe(4.5);
  });

  it('interpolates quantiles linearly between ranks (R type 7, Excel PERCENTILE.INC)', () => {
    const d = describeValues(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(d.p50).toBeCloseTo(50.5, 9);
    expect(d.p90).toBeCloseTo(90.1, 9);
    expect(d.p99).toBeCloseTo(99.01, 9);
  });

  it('answers zeros for no data and no spread for one value', () => {
    expect(describeValues([])).toEqual({
      count: 0,
      mean: 0,
      variance: 0,
      stddev: 0,
      p50: 0,
      p90: 0,
      p99: 0,
    });
    expect(describeValues([12900])).toMatchObject({
      count: 1,
      mean: 12900,
      variance: 0,
      p99: 12900,
    });
  });
});
