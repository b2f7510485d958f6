import fc from 'fast-check';
import { BusinessRuleError } from '@emporium/contracts';
import { addRating, averageRating } from './rating';

describe('rating aggregates', () => {
  it('show 0 before the first review', () => {
    expect(averageRating({ count: 0, sum: 0 })).toBe(0);
  });

  it('round the average half up to one decimal', () => {
    const agg = [5, 4, 4].reduce(addRating, { count: 0, sum: 0 });
    expect(agg).toEqual({ count: 3, sum: 13 });
    expect(averageRating(agg)).toBe(4.3);
    expect(averageRating({ count: 4, sum: 17 })).toBe(4.3); // 4.25
  });

  it('match the average recomputed from all ratings, however they arrive', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 }),
        (ratings) => {
          const agg = ratings.reduce(addRating, { count: 0, sum: 0 });
          const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
          expect(agg.count).toBe(ratings.length);
          expect(Math.abs(averageRating(agg) - mean)).toBeLessThanOrEqual(0.05 + 1e-9);
        },
      ),
    );
  });

  it.each([0, 6, 4.5])('refuse %p stars', (rating) => {
    expect(() => addRating({ count: 0, sum: 0 }, rating)).toThrow(BusinessRuleError);
  });
});
