import fc from 'fast-check';
import type { MemberTier } from '@emporium/contracts';
import { sumFen } from './money';
import type {
  CartLine,
  PricedCart,
  PricingContext,
  Promotion,
  PromotionTarget,
} from './promotions';
import { priceCart } from './promotions';

const NOW = new Date('2026-11-25T12:00:00Z');
const SKUS = ['A', 'B', 'C', 'D', 'E', 'F'];
const CATEGORIES = ['cat-1', 'cat-2', 'cat-3'];
const TIERS: MemberTier[] = ['REGULAR', 'SILVER', 'GOLD', 'PLATINUM'];
const CODES = ['C1', 'C2'];

const lineArb = (sku: string): fc.Arbitrary<CartLine> =>
  fc.record({
    sku: fc.constant(sku),
    productId: fc.constant(`product-${sku}`),
    categoryId: fc.constantFrom(...CATEGORIES),
    name: fc.constant(`商品 ${sku}`),
    quantity: fc.integer({ min: 1, max: 10 }),
    unitPrice: fc.integer({ min: 0, max: 200_000 }),
  });

const linesArb: fc.Arbitrary<CartLine[]> = fc
  .subarray(SKUS, { minLength: 1 })
  .chain((skus) => fc.tuple(...skus.map(lineArb)));

const targetArb: fc.Arbitrary<PromotionTarget> = fc.oneof(
  fc.constant({ all: true }),
  fc.record({ skus: fc.subarray(SKUS) }),
  fc.record({ categoryIds: fc.subarray(CATEGORIES) }),
  fc.record({ skus: fc.subarray(SKUS), categoryIds: fc.subarray(CATEGORIES) }),
);

const tiersArb = fc.array(fc.record({ minSubtotal: fc.nat(500_000), off: fc.nat(100_000) }), {
  minLength: 1,
  maxLength: 4,
});

const rulesArb = fc.oneof(
  fc.record({
    kind: fc.constant('PERCENT_OFF' as const),
    rules: fc.record({ percent: fc.integer({ min: 0, max: 100 }) }),
  }),
  fc.record({
    kind: fc.constant('AMOUNT_OFF' as const),
    rules: fc.record({ amount: fc.nat(50_000) }),
  }),
  fc.record({ kind: fc.constant('THRESHOLD_OFF' as const), rules: fc.record({ tiers: tiersArb }) }),
  fc.record({
    kind: fc.constant('GIFT' as const),
    rules: fc.record({
      minQuantity: fc.integer({ min: 1, max: 12 }),
      giftSku: fc.constantFrom('G1', 'G2'),
      giftQuantity: fc.integer({ min: 1, max: 3 }),
    }),
  }),
  fc.record({
    kind: fc.constant('FLASH_SALE' as const),
    rules: fc.record({
      sku: fc.constantFrom(...SKUS),
      price: fc.nat(200_000),
      quantity: fc.nat(10),
      perCustomerLimit: fc.nat(10),
    }),
  }),
);

const promotionArb = (id: string): fc.Arbitrary<Promotion> =>
  fc
    .record({
      kindAndRules: rulesArb,
      target: targetArb,
      stackable: fc.boolean(),
      couponCode: fc.option(fc.constantFrom(...CODES), { nil: undefined }),
      memberTiers: fc.option(fc.subarray(TIERS), { nil: undefined }),
      startsInHours: fc.integer({ min: -48, max: 2 }),
      lastsHours: fc.integer({ min: 1, max: 72 }),
    })
    .map(({ kindAndRules, startsInHours, lastsHours, couponCode, memberTiers, ...rest }) => {
      const startsAt = new Date(NOW.getTime() + startsInHours * 3_600_000);
      return {
        id,
        name: `promotion ${id}`,
        startsAt,
        endsAt: new Date(startsAt.getTime() + lastsHours * 3_600_000),
        ...(couponCode ? { couponCode } : {}),
        ...(memberTiers ? { memberTiers } : {}),
        ...rest,
        ...kindAndRules,
      } as Promotion;
    });

const promotionsArb: fc.Arbitrary<Promotion[]> = fc
  .integer({ min: 0, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => promotionArb(`p${i}`))));

const contextArb: fc.Arbitrary<PricingContext> = fc.record({
  now: fc.constant(NOW),
  memberTier: fc.constantFrom(...TIERS),
  couponCodes: fc.subarray(CODES),
  flashSaleGranted: fc.dictionary(fc.constantFrom(...SKUS), fc.nat(10)),
});

const scenario = fc.record({ lines: linesArb, promotions: promotionsArb, context: contextArb });

// Lines sorted by sku; a split sku keeps its flash part first, as priceCart emits it.
const canonical = (cart: PricedCart) => ({
  ...cart,
  lines: [...cart.lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
});

describe('priceCart properties', () => {
  it('never produces a negative total, line total or discount', () => {
    fc.assert(
      fc.property(scenario, ({ lines, promotions, context }) => {
        const cart = priceCart(lines, promotions, context);
        expect(cart.total).toBeGreaterThanOrEqual(0);
        for (const line of cart.lines) {
          expect(line.discount).toBeGreaterThanOrEqual(0);
          expect(line.lineTotal).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('never discounts more than the subtotal, nor a line more than it is worth', () => {
    fc.assert(
      fc.property(scenario, ({ lines, promotions, context }) => {
        const cart = priceCart(lines, promotions, context);
        expect(cart.discountTotal).toBeLessThanOrEqual(cart.subtotal);
        for (const line of cart.lines) {
          expect(line.discount).toBeLessThanOrEqual(line.unitPrice * line.quantity);
        }
      }),
    );
  });

  it('makes the line discounts sum exactly to the discount total and the promotions', () => {
    fc.assert(
      fc.property(scenario, ({ lines, promotions, context }) => {
        const cart = priceCart(lines, promotions, context);
        expect(sumFen(cart.lines.map((l) => l.discount))).toBe(cart.discountTotal);
        const priced = cart.appliedPromotions.filter((a) => a.kind !== 'FLASH_SALE');
        expect(sumFen(priced.map((a) => a.discount))).toBe(cart.discountTotal);
        for (const applied of cart.appliedPromotions) {
          expect(sumFen(applied.lines.map((l) => l.discount))).toBe(applied.discount);
        }
      }),
    );
  });

  it('keeps lineTotal = unitPrice × quantity − discount and total = subtotal − discountTotal', () => {
    fc.assert(
      fc.property(scenario, ({ lines, promotions, context }) => {
        const cart = priceCart(lines, promotions, context);
        for (const line of cart.lines) {
          expect(line.lineTotal).toBe(line.unitPrice * line.quantity - line.discount);
        }
        expect(cart.subtotal).toBe(sumFen(cart.lines.map((l) => l.unitPrice * l.quantity)));
        expect(cart.total).toBe(cart.subtotal - cart.discountTotal);
      }),
    );
  });

  it('keeps every unit of the cart, at no more than its list price', () => {
    fc.assert(
      fc.property(scenario, ({ lines, promotions, context }) => {
        const cart = priceCart(lines, promotions, context);
        for (const line of lines) {
          const priced = cart.lines.filter((l) => l.sku === line.sku);
          expect(sumFen(priced.map((l) => l.quantity))).toBe(line.quantity);
          for (const p of priced) expect(p.unitPrice).toBeLessThanOrEqual(line.unitPrice);
        }
      }),
    );
  });

  it('never sells more units at a flash price than were granted', () => {
    fc.assert(
      fc.property(scenario, ({ lines, promotions, context }) => {
        const cart = priceCart(lines, promotions, context);
        for (const line of cart.lines.filter((l) => l.flashSalePromotionId !== undefined)) {
          expect(line.quantity).toBeLessThanOrEqual(context.flashSaleGranted?.[line.sku] ?? 0);
        }
      }),
    );
  });

  it('gives the same result whatever the order of the cart lines', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.shuffledSubarray(s.lines, { minLength: s.lines.length, maxLength: s.lines.length }),
          ),
        ),
        ([{ lines, promotions, context }, shuffled]) => {
          expect(canonical(priceCart(shuffled, promotions, context))).toEqual(
            canonical(priceCart(lines, promotions, context)),
          );
        },
      ),
    );
  });

  it('gives the same result whatever the order of the promotions', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.shuffledSubarray(s.promotions, {
              minLength: s.promotions.length,
              maxLength: s.promotions.length,
            }),
          ),
        ),
        ([{ lines, promotions, context }, shuffled]) => {
          expect(priceCart(lines, shuffled, context)).toEqual(
            priceCart(lines, promotions, context),
          );
        },
      ),
    );
  });

  it('applies the reached threshold tier with the largest reduction', () => {
    fc.assert(
      fc.property(linesArb, tiersArb, (lines, tiers) => {
        const promotion: Promotion = {
          id: 't',
          name: '满减',
          kind: 'THRESHOLD_OFF',
          startsAt: new Date(0),
          endsAt: new Date('2100-01-01T00:00:00Z'),
          target: { all: true },
          stackable: true,
          rules: { tiers },
        };
        const cart = priceCart(lines, [promotion], { now: NOW, couponCodes: [] });
        const reached = tiers.filter((t) => t.minSubtotal <= cart.subtotal).map((t) => t.off);
        const best = reached.length > 0 ? Math.max(...reached) : 0;
        expect(cart.discountTotal).toBe(Math.min(best, cart.subtotal));
      }),
    );
  });

  it('allocates a threshold reduction to lines within one fen of their proportional share', () => {
    fc.assert(
      fc.property(linesArb, tiersArb, (lines, tiers) => {
        const promotion: Promotion = {
          id: 't',
          name: '满减',
          kind: 'THRESHOLD_OFF',
          startsAt: new Date(0),
          endsAt: new Date('2100-01-01T00:00:00Z'),
          target: { all: true },
          stackable: true,
          rules: { tiers },
        };
        const cart = priceCart(lines, [promotion], { now: NOW, couponCodes: [] });
        if (cart.subtotal === 0) return;
        for (const line of cart.lines) {
          const exact = (cart.discountTotal * line.unitPrice * line.quantity) / cart.subtotal;
          expect(Math.abs(line.discount - exact)).toBeLessThan(1);
        }
      }),
    );
  });
});
