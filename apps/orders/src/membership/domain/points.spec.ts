import fc from 'fast-check';
import { debitLots, parsePointsRates, pointsFor, pointsKept } from './points';

describe('points rates', () => {
  it('reads a rate per tier, and refuses a missing tier or a negative rate', () => {
    expect(parsePointsRates('REGULAR:1, SILVER:1.2,GOLD:1.15,PLATINUM:2')).toEqual({
      REGULAR: 1_000,
      SILVER: 1_200,
      GOLD: 1_150,
      PLATINUM: 2_000,
    });
    expect(() => parsePointsRates('REGULAR:1.2345,SILVER:1,GOLD:1,PLATINUM:1')).toThrow(/1.2345/);
    expect(() => parsePointsRates('REGULAR:1,SILVER:1.2,GOLD:1.5')).toThrow(/PLATINUM/);
    expect(() => parsePointsRates('REGULAR:-1,SILVER:1,GOLD:1,PLATINUM:1')).toThrow(/REGULAR:-1/);
    expect(() => parsePointsRates('BRONZE:1')).toThrow(/BRONZE/);
  });
});

describe('points earned', () => {
  it('earns whole points per yuan of goods at the rate', () => {
    const rates = parsePointsRates('REGULAR:1,SILVER:1.15,GOLD:0.7,PLATINUM:1.5');
    expect(pointsFor(12_999, rates.REGULAR)).toBe(129); // ¥129.99 → 129
    expect(pointsFor(6_000, rates.SILVER)).toBe(69); // 60 × 1.15, not 68.99…
    expect(pointsFor(11_000, rates.GOLD)).toBe(77); // 110 × 0.7, not 76.99…
    expect(pointsFor(10_000, rates.PLATINUM)).toBe(150);
    expect(pointsFor(0, rates.PLATINUM)).toBe(0);
  });

  it('earns exactly the floor of yuan × rate for every amount and rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (fen, rateMilli) => {
          // Exact in integers: fen × rate‰ / 100,000, rounded down.
          const exact = (BigInt(fen) * BigInt(rateMilli)) / 100_000n;
          expect(pointsFor(fen, rateMilli)).toBe(Number(exact));
        },
      ),
    );
  });

  it('keeps the share of the paid amount that was not refunded', () => {
    expect(pointsKept(300, 30_000, 0)).toBe(300);
    expect(pointsKept(300, 30_000, 10_000)).toBe(200);
    expect(pointsKept(300, 30_000, 30_000)).toBe(0);
    expect(pointsKept(300, 30_000, 90_000)).toBe(0); // never below zero
  });

  it('keeps fewer points the more is refunded, never more than earned nor below zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        (points, paid, a, b) => {
          const [less, more] = a <= b ? [a, b] : [b, a];
          const kept = pointsKept(points, paid, less);
          expect(pointsKept(points, paid, more)).toBeLessThanOrEqual(kept);
          expect(kept).toBeLessThanOrEqual(points);
          expect(kept).toBeGreaterThanOrEqual(0);
          // What is kept is the unrefunded share, rounded down: exact in integers.
          const unrefunded = BigInt(Math.max(0, paid - Math.min(less, paid)));
          expect(kept).toBe(Number((BigInt(points) * unrefunded) / BigInt(paid)));
        },
      ),
    );
  });
});

describe('debiting lots', () => {
  const lot = (id: string, remaining: number, day: number) => ({
    id,
    remaining,
    expiresAt: new Date(Date.UTC(2027, 0, day)),
  });

  it('takes from the lot that expires first, and from the named lots before any other', () => {
    const lots = [lot('late', 100, 20), lot('early', 50, 5), lot('mid', 80, 10)];
    expect(debitLots(lots, 120)).toEqual([
      { lotId: 'early', points: 50 },
      { lotId: 'mid', points: 70 },
    ]);
    expect(debitLots(lots, 120, ['late'])).toEqual([
      { lotId: 'late', points: 100 },
      { lotId: 'early', points: 20 },
    ]);
  });

  it('never takes more than the lots hold, nor more than asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 10_000 }),
        (remainings, asked) => {
          const lots = remainings.map((remaining, i) => lot(`l${i}`, remaining, i + 1));
          const debits = debitLots(lots, asked);
          const taken = debits.reduce((n, d) => n + d.points, 0);
          const held = remainings.reduce((n, r) => n + r, 0);
          expect(taken).toBe(Math.min(asked, held));
          for (const d of debits) {
            expect(d.points).toBeGreaterThan(0);
            expect(d.points).toBeLessThanOrEqual(lots.find((l) => l.id === d.lotId)!.remaining);
          }
        },
      ),
    );
  });
});
