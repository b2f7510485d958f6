import fc from 'fast-check';
import { planReplenishment, type ReplenishmentTerms } from './replenishment';

const terms: ReplenishmentTerms = {
  leadTimeDays: 7,
  reviewDays: 14,
  safetyFactor: 1.65,
  minOrderQuantity: 1,
};

const steady = (perDay: number, days = 56) => Array.from({ length: days }, () => perDay);

describe('replenishment plan', () => {
  it('orders at a steady 10 a day: 70 over a 7-day lead time, no safety stock for no variation', () => {
    const plan = planReplenishment(steady(10), { available: 60, onOrder: 0 }, terms);
    expect(plan.leadTimeDemand).toBeCloseTo(70, 6);
    expect(plan.safetyStock).toBeCloseTo(0, 6);
    expect(plan.reorderPoint).toBe(70);
    expect(plan.orderUpTo).toBe(70 + 140);
    expect(plan.suggestedQuantity).toBe(210 - 60);
    expect(plan.method).toContain('Holt-Winters');
  });

  it('orders nothing while available plus on order stays above the reorder point', () => {
    const plan = planReplenishment(steady(10), { available: 50, onOrder: 40 }, terms);
    expect(plan.reorderPoint).toBe(70);
    expect(plan.suggestedQuantity).toBe(0);
  });

  it('keeps safety stock for a demand that varies', () => {
    const noisy = Array.from({ length: 56 }, (_, t) => (t % 3 === 0 ? 25 : t % 3 === 1 ? 5 : 12));
    const plan = planReplenishment(noisy, { available: 0, onOrder: 0 }, terms);
    expect(plan.safetyStock).toBeGreaterThan(0);
    expect(plan.reorderPoint).toBeGreaterThan(plan.leadTimeDemand);
  });

  it('orders at least the supplier minimum', () => {
    const plan = planReplenishment(
      steady(1),
      { available: 5, onOrder: 0 },
      { ...terms, minOrderQuantity: 500 },
    );
    expect(plan.suggestedQuantity).toBe(500);
  });

  it('falls back to the mean under two weeks of history, and says so', () => {
    const plan = planReplenishment([4, 6, 5, 5], { available: 0, onOrder: 0 }, terms);
    expect(plan.dailyDemand).toBeCloseTo(5, 6);
    expect(plan.method).toMatch(/^mean of 4 days/);
    expect(plan.safetyStock).toBeGreaterThan(0);
  });

  it('suggests nothing for a SKU that never sells, and says why', () => {
    const plan = planReplenishment(steady(0), { available: 0, onOrder: 0 }, terms);
    expect(plan).toEqual({
      dailyDemand: 0,
      leadTimeDemand: 0,
      safetyStock: 0,
      reorderPoint: 0,
      orderUpTo: 0,
      suggestedQuantity: 0,
      method: 'no sales in 56 days',
    });
  });

  it('plans the same for no sales as the forecast itself would', () => {
    const forecastOnly = planReplenishment(
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1e-12],
      {
        available: 0,
        onOrder: 0,
      },
      terms,
    );
    expect(forecastOnly).toMatchObject({ reorderPoint: 0, orderUpTo: 0, suggestedQuantity: 0 });
  });

  const histories = fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 0, maxLength: 60 });
  const positions = fc.record({ available: fc.nat(5000), onOrder: fc.nat(5000) });

  it('never sets the reorder point below the lead-time demand, nor suggests a negative order', () => {
    fc.assert(
      fc.property(histories, positions, fc.integer({ min: 1, max: 30 }), (h, p, lead) => {
        const plan = planReplenishment(h, p, { ...terms, leadTimeDays: lead });
        expect(plan.reorderPoint).toBeGreaterThanOrEqual(Math.floor(plan.leadTimeDemand));
        expect(plan.suggestedQuantity).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(plan.reorderPoint)).toBe(true);
        expect(Number.isInteger(plan.suggestedQuantity)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('orders exactly when the position is at or below the reorder point, up to the target', () => {
    fc.assert(
      fc.property(histories, positions, (h, p) => {
        const plan = planReplenishment(h, p, terms);
        const stock = p.available + p.onOrder;
        if (stock > plan.reorderPoint || plan.orderUpTo === 0) {
          expect(plan.suggestedQuantity).toBe(0);
        } else {
          expect(stock + plan.suggestedQuantity).toBeGreaterThanOrEqual(plan.orderUpTo);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('raises the reorder point with the steady daily demand', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 }), (d, more) => {
        const low = planReplenishment(steady(d), { available: 0, onOrder: 0 }, terms);
        const high = planReplenishment(steady(d + more), { available: 0, onOrder: 0 }, terms);
        expect(high.reorderPoint).toBeGreaterThan(low.reorderPoint);
      }),
      { numRuns: 30 },
    );
  });
});
