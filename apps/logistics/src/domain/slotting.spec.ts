import fc from 'fast-check';
import { BusinessRuleError } from '@emporium/contracts';
import { checkCut, checkSlot, classifyAbc, zoneOfLocation, type SkuActivity } from './slotting';

const sku = (name: string, picks: number, revenue = 0): SkuActivity => ({
  sku: name,
  picks,
  units: picks,
  revenue,
});

const activities = fc.uniqueArray(
  fc.record({
    sku: fc.stringMatching(/^[A-Z]{1,6}$/),
    picks: fc.nat(1000),
    units: fc.nat(5000),
    revenue: fc.nat(1_000_000),
  }),
  { selector: (s) => s.sku, maxLength: 40 },
);

describe('ABC classification', () => {
  it('cuts at 80 % and 95 % of the picks, the SKU that crosses a line staying above it', () => {
    const ranks = classifyAbc(
      [sku('D', 5), sku('A', 50), sku('C', 10), sku('B', 30), sku('E', 5)],
      'picks',
    );
    expect(ranks.map((r) => [r.sku, r.abcClass])).toEqual([
      ['A', 'A'], // 0 % before it
      ['B', 'A'], // 50 % before it
      ['C', 'B'], // 80 % before it
      ['D', 'B'], // 90 % before it
      ['E', 'C'], // 95 % before it
    ]);
  });

  it('ranks by revenue when asked, whatever the picks say', () => {
    const ranks = classifyAbc([sku('CHEAP', 100, 1_000), sku('DEAR', 1, 99_000)], 'revenue');
    expect(ranks.map((r) => [r.sku, r.abcClass])).toEqual([
      ['DEAR', 'A'],
      ['CHEAP', 'C'],
    ]);
  });

  it('takes a configured cut', () => {
    const ranks = classifyAbc([sku('X', 60), sku('Y', 30), sku('Z', 10)], 'picks', {
      a: 0.5,
      b: 0.3,
    });
    expect(ranks.map((r) => r.abcClass)).toEqual(['A', 'B', 'C']);
  });

  it('classes a SKU that shipped nothing as C', () => {
    expect(classifyAbc([sku('IDLE', 0)], 'picks')).toEqual([
      { sku: 'IDLE', abcClass: 'C', share: 0 },
    ]);
  });

  it('refuses a cut that leaves nothing sensible for C', () => {
    expect(() => classifyAbc([], 'picks', { a: 0.9, b: 0.2 })).toThrow(BusinessRuleError);
    expect(() => classifyAbc([], 'picks', { a: 0, b: 0.2 })).toThrow(BusinessRuleError);
    // Shares adding up to exactly 1 leave nothing for C either.
    expect(() => classifyAbc([], 'picks', { a: 0.8, b: 0.2 })).toThrow(BusinessRuleError);
    expect(() => classifyAbc([], 'picks', { a: 0.5, b: 0.5 })).toThrow(BusinessRuleError);
    expect(classifyAbc([], 'picks', { a: 0.8, b: 0.19 })).toEqual([]);
  });

  it('takes a cut exactly when its A and B shares leave something for C', () => {
    const share = fc.double({ min: 0.001, max: 0.999, noNaN: true });
    fc.assert(
      fc.property(share, share, (a, b) => {
        const check = () => checkCut({ a, b });
        if (a + b < 1) expect(check()).toEqual({ a, b });
        else expect(check).toThrow(BusinessRuleError);
      }),
    );
  });

  it('never ranks a busier SKU in a lower class than a quieter one', () => {
    fc.assert(
      fc.property(activities, fc.constantFrom('picks', 'revenue' as const), (skus, by) => {
        const measure = new Map(skus.map((s) => [s.sku, s[by]]));
        const ranks = classifyAbc(skus, by);
        for (let i = 1; i < ranks.length; i++) {
          expect(measure.get(ranks[i - 1].sku)!).toBeGreaterThanOrEqual(measure.get(ranks[i].sku)!);
          expect(ranks[i - 1].abcClass <= ranks[i].abcClass).toBe(true);
        }
      }),
    );
  });

  it('gives A at least the A share and A with B at least the A + B share of a non-zero total', () => {
    fc.assert(
      fc.property(activities, (skus) => {
        const total = skus.reduce((s, x) => s + x.picks, 0);
        fc.pre(total > 0);
        const ranks = classifyAbc(skus, 'picks');
        const shareOf = (classes: string) =>
          ranks.filter((r) => classes.includes(r.abcClass)).reduce((s, r) => s + r.share, 0);
        expect(shareOf('A')).toBeGreaterThanOrEqual(0.8 - 1e-9);
        expect(shareOf('AB')).toBeGreaterThanOrEqual(0.95 - 1e-9);
        expect(ranks.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('answers the same classes whatever order the SKUs come in', () => {
    fc.assert(
      fc.property(activities, (skus) => {
        expect(classifyAbc([...skus].reverse(), 'picks')).toEqual(classifyAbc(skus, 'picks'));
      }),
    );
  });
});

describe('slotting', () => {
  it('reads the zone from the first segment of a location', () => {
    expect(zoneOfLocation('A-03-2')).toBe('A');
    expect(zoneOfLocation('C')).toBe('C');
  });

  it('marks a SKU kept outside its class zone, and not one without a location', () => {
    expect(checkSlot('A', 'C-01-1')).toEqual({
      suggestedZone: 'A',
      currentZone: 'C',
      misplaced: true,
    });
    expect(checkSlot('A', 'A-01-1').misplaced).toBe(false);
    expect(checkSlot('B', null)).toEqual({
      suggestedZone: 'B',
      currentZone: null,
      misplaced: false,
    });
  });
});
