import fc from 'fast-check';
import { allocateProportionally, formatYuan, percentOf, sumFen } from './money';

describe('percentOf', () => {
  it.each([
    [1000, 15, 150],
    [333, 15, 50], // 49.95 rounds up
    [330, 15, 50], // 49.5 is a half, rounds up
    [310, 15, 47], // 46.5 rounds up
    [309, 15, 46], // 46.35 rounds down
    [1, 50, 1], // 0.5 rounds up
    [1, 49, 0],
    [12345, 0, 0],
    [12345, 100, 12345],
  ])('takes %i fen × %i %% as %i fen, half-up', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });

  it('stays exact on amounts whose product passes the safe integer range', () => {
    expect(percentOf(Number.MAX_SAFE_INTEGER, 100)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([-1, 101, 12.5])('refuses a percent of %p', (percent) => {
    expect(() => percentOf(100, percent)).toThrow(RangeError);
  });

  it('refuses a fractional amount', () => {
    expect(() => percentOf(10.5, 10)).toThrow(RangeError);
  });

  it('never exceeds the amount and matches rounding of the exact value', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 0, max: 100 }), (amount, percent) => {
        const result = percentOf(amount, percent);
        expect(result).toBeLessThanOrEqual(amount);
        // half-up: result - 0.5 <= exact < result + 0.5, checked in integers (×200)
        const exact200 = amount * percent * 2;
        expect(result * 200 - 100).toBeLessThanOrEqual(exact200);
        expect(exact200).toBeLessThan(result * 200 + 100);
      }),
    );
  });
});

describe('allocateProportionally', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [3000, [20000, 10000], [2000, 1000]],
    [10, [0, 5, 5], [0, 5, 5]],
    [2, [1, 1, 1], [1, 1, 0]],
    [5, [0, 0], [3, 2]],
    [0, [7, 3], [0, 0]],
  ])('splits %i over %j as %j', (total, weights, expected) => {
    expect(allocateProportionally(total, weights)).toEqual(expected);
  });

  it('gives leftover fen to the largest remainders before the lower index', () => {
    // exact parts 1.2, 1.8, 2.0: the single leftover fen goes to the 0.8 remainder
    expect(allocateProportionally(5, [6, 9, 10])).toEqual([1, 2, 2]);
  });

  it('refuses to allocate money over no weights', () => {
    expect(() => allocateProportionally(1, [])).toThrow(RangeError);
    expect(allocateProportionally(0, [])).toEqual([]);
  });

  it('always sums exactly to the total', () => {
    fc.assert(
      fc.property(
        fc.nat(100_000_000),
        fc.array(fc.nat(100_000_000), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          expect(sumFen(allocateProportionally(total, weights))).toBe(total);
        },
      ),
    );
  });

  it('never gives a share above its weight when the total fits in the weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, fraction) => {
          const total = Math.floor(sumFen(weights) * fraction);
          const shares = allocateProportionally(total, weights);
          shares.forEach((share, i) => {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(weights[i]);
          });
        },
      ),
    );
  });

  it('keeps every share within one fen of its exact proportional part', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const sum = sumFen(weights);
          allocateProportionally(total, weights).forEach((share, i) => {
            expect(Math.abs(share - (total * weights[i]) / sum)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});

describe('formatYuan', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatYuan(3050)).toBe('¥30.50');
    expect(formatYuan(7)).toBe('¥0.07');
  });
});
