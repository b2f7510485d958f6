import fc from 'fast-check';
import { shareOut } from './stock-movements';

describe('shareOut', () => {
  it('splits a line total over its warehouses by units, the odd fen to the largest remainder', () => {
    expect(shareOut(1000, [1, 2])).toEqual([333, 667]);
    expect(shareOut(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('gives nothing when there is nothing to weigh by', () => {
    expect(shareOut(500, [0, 0])).toEqual([0, 0]);
  });

  it('always adds up to the total, each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000_000),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = shareOut(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p, i) => expect(Math.abs(p - (total * weights[i]) / sum)).toBeLessThan(1));
        },
      ),
    );
  });
});
