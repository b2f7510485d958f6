import type { CartLine, PricingContext, Promotion } from './promotions';
import { bestTier, priceCart } from './promotions';

const NOW = new Date('2026-11-25T12:00:00Z');

function aLine(overrides: Partial<CartLine> = {}): CartLine {
  const sku = overrides.sku ?? 'SKU-A';
  return {
    sku,
    productId: `product-${sku}`,
    categoryId: 'cat-tea',
    name: `商品 ${sku}`,
    quantity: 1,
    unitPrice: 10_000,
    ...overrides,
  };
}

type Common = Omit<Promotion, 'kind' | 'rules'>;
const common = (overrides: Partial<Common>): Common => ({
  id: 'promo-1',
  name: 'Promotion',
  startsAt: new Date('2026-11-01T00:00:00Z'),
  endsAt: new Date('2026-12-01T00:00:00Z'),
  target: { all: true },
  stackable: true,
  ...overrides,
});

const percentOff = (percent: number, o: Partial<Common> = {}): Promotion => ({
  ...common(o),
  kind: 'PERCENT_OFF',
  rules: { percent },
});
const amountOff = (amount: number, o: Partial<Common> = {}): Promotion => ({
  ...common(o),
  kind: 'AMOUNT_OFF',
  rules: { amount },
});
const thresholdOff = (
  tiers: { minSubtotal: number; off: number }[],
  o: Partial<Common> = {},
): Promotion => ({ ...common(o), kind: 'THRESHOLD_OFF', rules: { tiers } });
const gift = (
  rules: { minQuantity: number; giftSku: string; giftQuantity: number },
  o: Partial<Common> = {},
): Promotion => ({ ...common(o), kind: 'GIFT', rules });
const flashSale = (
  rules: { sku: string; price: number; quantity: number; perCustomerLimit: number },
  o: Partial<Common> = {},
): Promotion => ({ ...common(o), kind: 'FLASH_SALE', rules });

const context = (overrides: Partial<PricingContext> = {}): PricingContext => ({
  now: NOW,
  couponCodes: [],
  ...overrides,
});

// 满300减30 / 满500减80, in fen
const FULL_REDUCTION = [
  { minSubtotal: 30_000, off: 3_000 },
  { minSubtotal: 50_000, off: 8_000 },
];

describe('priceCart with no promotions', () => {
  it('charges the subtotal in full', () => {
    const cart = priceCart([aLine({ quantity: 3, unitPrice: 1_999 })], [], context());
    expect(cart).toMatchObject({ subtotal: 5_997, discountTotal: 0, total: 5_997, gifts: [] });
    expect(cart.lines[0]).toMatchObject({ discount: 0, lineTotal: 5_997 });
    expect(cart.appliedPromotions).toEqual([]);
  });

  it('answers an empty cart with zero totals', () => {
    expect(priceCart([], [percentOff(10)], context())).toMatchObject({
      lines: [],
      subtotal: 0,
      total: 0,
    });
  });

  it('refuses a cart with the same sku on two lines', () => {
    expect(() => priceCart([aLine(), aLine()], [], context())).toThrow(RangeError);
  });
});

describe('THRESHOLD_OFF (满减)', () => {
  it.each([
    [29_999, 0],
    [30_000, 3_000],
    [49_999, 3_000],
    [50_000, 8_000],
    [120_000, 8_000],
  ])('takes the best reached tier of 满300减30/满500减80 off a %i fen cart: %i', (price, off) => {
    const cart = priceCart(
      [aLine({ unitPrice: price })],
      [thresholdOff(FULL_REDUCTION)],
      context(),
    );
    expect(cart.discountTotal).toBe(off);
    expect(cart.total).toBe(price - off);
  });

  it('chooses the tier with the largest reduction whatever the order of the tiers', () => {
    expect(bestTier([...FULL_REDUCTION].reverse(), 60_000)).toEqual(FULL_REDUCTION[1]);
    expect(bestTier(FULL_REDUCTION, 29_999)).toBeUndefined();
  });

  it('allocates the reduction to the targeted lines in proportion to their value', () => {
    const cart = priceCart(
      [
        aLine({ sku: 'A', unitPrice: 20_000 }),
        aLine({ sku: 'B', unitPrice: 10_000 }),
        aLine({ sku: 'C', unitPrice: 10_000, categoryId: 'cat-other' }),
      ],
      [thresholdOff(FULL_REDUCTION, { target: { categoryIds: ['cat-tea'] } })],
      context(),
    );
    expect(cart.lines.map((l) => [l.sku, l.discount, l.lineTotal])).toEqual([
      ['A', 2_000, 18_000],
      ['B', 1_000, 9_000],
      ['C', 0, 10_000],
    ]);
    expect(cart.discountTotal).toBe(3_000);
  });

  it('measures the threshold after item-level discounts', () => {
    // 31 000 fen less 10 % is 27 900: below 满300, so only the percentage applies
    const cart = priceCart(
      [aLine({ unitPrice: 31_000 })],
      [percentOff(10, { id: 'p' }), thresholdOff(FULL_REDUCTION, { id: 't' })],
      context(),
    );
    expect(cart.appliedPromotions.map((a) => a.promotionId)).toEqual(['p']);
    expect(cart.discountTotal).toBe(3_100);
  });

  it('splits an uneven reduction so that the lines add up to it exactly', () => {
    const cart = priceCart(
      [
        aLine({ sku: 'A', unitPrice: 10_001 }),
        aLine({ sku: 'B', unitPrice: 10_001 }),
        aLine({ sku: 'C', unitPrice: 10_001 }),
      ],
      [thresholdOff([{ minSubtotal: 30_000, off: 1_000 }])],
      context(),
    );
    expect(cart.lines.map((l) => l.discount)).toEqual([334, 333, 333]);
    expect(cart.discountTotal).toBe(1_000);
  });

  it('never takes off more than the targeted lines are worth', () => {
    const cart = priceCart(
      [aLine({ unitPrice: 500 })],
      [thresholdOff([{ minSubtotal: 0, off: 3_000 }])],
      context(),
    );
    expect(cart).toMatchObject({ discountTotal: 500, total: 0 });
  });
});

describe('PERCENT_OFF', () => {
  it('takes 15 % off a category, rounded half-up per line', () => {
    const cart = priceCart(
      [
        aLine({ sku: 'A', unitPrice: 330 }), // 49.5 → 50
        aLine({ sku: 'B', unitPrice: 309 }), // 46.35 → 46
        aLine({ sku: 'C', unitPrice: 1_000, categoryId: 'cat-other' }),
      ],
      [percentOff(15, { target: { categoryIds: ['cat-tea'] } })],
      context(),
    );
    expect(cart.lines.map((l) => l.discount)).toEqual([50, 46, 0]);
    expect(cart.discountTotal).toBe(96);
  });

  it('rounds once per line, not per unit', () => {
    // 3 × 330 = 990, 15 % = 148.5 → 149 (per unit would give 3 × 50 = 150)
    const cart = priceCart([aLine({ quantity: 3, unitPrice: 330 })], [percentOff(15)], context());
    expect(cart.lines[0].discount).toBe(149);
  });
});

describe('AMOUNT_OFF', () => {
  it.each([
    [1_000, 2, 300, 600],
    [1_000, 2, 1_000, 2_000],
    [1_000, 2, 1_500, 2_000], // never below zero
  ])(
    'takes %i-fen units × %i down by %i each, %i in all, never below zero',
    (unitPrice, quantity, amount, discount) => {
      const cart = priceCart([aLine({ unitPrice, quantity })], [amountOff(amount)], context());
      expect(cart.lines[0].discount).toBe(discount);
      expect(cart.total).toBeGreaterThanOrEqual(0);
    },
  );

  it('applies only to the targeted skus', () => {
    const cart = priceCart(
      [aLine({ sku: 'A' }), aLine({ sku: 'B' })],
      [amountOff(500, { target: { skus: ['B'] } })],
      context(),
    );
    expect(cart.lines.map((l) => l.discount)).toEqual([0, 500]);
  });
});

describe('GIFT', () => {
  const buyThreeGetOne = gift({ minQuantity: 3, giftSku: 'GIFT-CUP', giftQuantity: 1 });

  it('adds the gift at zero price once the minimum quantity is reached', () => {
    const cart = priceCart([aLine({ quantity: 3 })], [buyThreeGetOne], context());
    expect(cart.gifts).toEqual([{ sku: 'GIFT-CUP', quantity: 1 }]);
    expect(cart.total).toBe(30_000);
    expect(cart.appliedPromotions[0]).toMatchObject({ kind: 'GIFT', discount: 0 });
  });

  it('adds no gift below the minimum quantity', () => {
    const cart = priceCart([aLine({ quantity: 2 })], [buyThreeGetOne], context());
    expect(cart.gifts).toEqual([]);
  });

  it('adds a coupon gift only when its code is on the cart', () => {
    const couponGift = gift(
      { minQuantity: 1, giftSku: 'GIFT-BAG', giftQuantity: 2 },
      { couponCode: 'BAG' },
    );
    expect(priceCart([aLine()], [couponGift], context()).gifts).toEqual([]);
    expect(priceCart([aLine()], [couponGift], context({ couponCodes: ['BAG'] })).gifts).toEqual([
      { sku: 'GIFT-BAG', quantity: 2 },
    ]);
  });

  it('counts the quantity over all targeted lines', () => {
    const cart = priceCart(
      [aLine({ sku: 'A', quantity: 2 }), aLine({ sku: 'B', quantity: 1 })],
      [buyThreeGetOne],
      context(),
    );
    expect(cart.gifts).toEqual([{ sku: 'GIFT-CUP', quantity: 1 }]);
  });
});

describe('FLASH_SALE', () => {
  const sale = flashSale({ sku: 'A', price: 6_000, quantity: 100, perCustomerLimit: 2 });

  it('sells the granted units at the flash price and the rest at the list price', () => {
    const cart = priceCart(
      [aLine({ sku: 'A', quantity: 3 })],
      [sale],
      context({ flashSaleGranted: { A: 2 } }),
    );
    expect(cart.lines.map((l) => [l.quantity, l.unitPrice, l.lineTotal])).toEqual([
      [2, 6_000, 12_000],
      [1, 10_000, 10_000],
    ]);
    expect(cart.lines[0].flashSalePromotionId).toBe('promo-1');
    expect(cart).toMatchObject({ subtotal: 22_000, discountTotal: 0, total: 22_000 });
    expect(cart.appliedPromotions[0]).toMatchObject({ kind: 'FLASH_SALE', discount: 8_000 });
  });

  it('charges the list price when no unit was granted', () => {
    const cart = priceCart([aLine({ sku: 'A', quantity: 1 })], [sale], context());
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0].unitPrice).toBe(10_000);
    expect(cart.appliedPromotions).toEqual([]);
  });

  it('never grants more than the per-customer limit, whatever it is told', () => {
    const cart = priceCart(
      [aLine({ sku: 'A', quantity: 5 })],
      [sale],
      context({ flashSaleGranted: { A: 5 } }),
    );
    expect(cart.lines.map((l) => l.quantity)).toEqual([2, 3]);
  });

  it('uses the lowest flash price when two flash sales cover the sku', () => {
    const cheaper = flashSale(
      { sku: 'A', price: 5_000, quantity: 100, perCustomerLimit: 2 },
      { id: 'promo-2' },
    );
    const cart = priceCart(
      [aLine({ sku: 'A', quantity: 1 })],
      [sale, cheaper],
      context({ flashSaleGranted: { A: 1 } }),
    );
    expect(cart.lines[0]).toMatchObject({ unitPrice: 5_000, flashSalePromotionId: 'promo-2' });
  });

  it('ignores a flash price that is not below the list price', () => {
    const dearer = flashSale({ sku: 'A', price: 12_000, quantity: 100, perCustomerLimit: 2 });
    const cart = priceCart(
      [aLine({ sku: 'A' })],
      [dearer],
      context({ flashSaleGranted: { A: 1 } }),
    );
    expect(cart.lines[0].unitPrice).toBe(10_000);
  });

  it('applies item-level discounts on top of the flash price', () => {
    const cart = priceCart(
      [aLine({ sku: 'A', quantity: 1 })],
      [sale, percentOff(10, { id: 'p' })],
      context({ flashSaleGranted: { A: 1 } }),
    );
    expect(cart.lines[0]).toMatchObject({ unitPrice: 6_000, discount: 600, lineTotal: 5_400 });
  });
});

describe('eligibility', () => {
  it.each([
    ['one millisecond before the start', '2026-11-10T23:59:59.999Z', false],
    ['exactly at the start', '2026-11-11T00:00:00.000Z', true],
    ['one millisecond before the end', '2026-11-11T23:59:59.999Z', true],
    ['exactly at the end', '2026-11-12T00:00:00.000Z', false],
  ])('%s the promotion applies: %p', (_, now, applies) => {
    const promotion = percentOff(10, {
      startsAt: new Date('2026-11-11T00:00:00Z'),
      endsAt: new Date('2026-11-12T00:00:00Z'),
    });
    const cart = priceCart([aLine()], [promotion], context({ now: new Date(now) }));
    expect(cart.discountTotal).toBe(applies ? 1_000 : 0);
  });

  it.each([
    ['GOLD', true],
    ['SILVER', false],
    [undefined, false],
  ] as const)('a GOLD-only promotion for a %p customer applies: %p', (tier, applies) => {
    const cart = priceCart(
      [aLine()],
      [percentOff(10, { memberTiers: ['GOLD', 'PLATINUM'] })],
      context({ memberTier: tier }),
    );
    expect(cart.discountTotal).toBe(applies ? 1_000 : 0);
  });

  it.each([
    [['SAVE20'], true],
    [['save20'], false],
    [['OTHER'], false],
    [[], false],
  ])('a coupon promotion with codes %j on the cart applies: %p', (codes, applies) => {
    const cart = priceCart(
      [aLine()],
      [amountOff(2_000, { couponCode: 'SAVE20' })],
      context({ couponCodes: codes }),
    );
    expect(cart.discountTotal).toBe(applies ? 2_000 : 0);
  });
});

describe('stacking', () => {
  it('applies all stackable item-level promotions, percentages before amounts', () => {
    // 10 000 − 10 % = 9 000, then − 1 000 = 8 000
    const cart = priceCart(
      [aLine()],
      [amountOff(1_000, { id: 'a' }), percentOff(10, { id: 'b' })],
      context(),
    );
    expect(cart.appliedPromotions.map((a) => [a.promotionId, a.discount])).toEqual([
      ['b', 1_000],
      ['a', 1_000],
    ]);
    expect(cart.total).toBe(8_000);
  });

  it('keeps the best non-stackable one when it beats all stackables together', () => {
    const cart = priceCart(
      [aLine()],
      [
        percentOff(5, { id: 's1' }),
        amountOff(500, { id: 's2' }),
        percentOff(20, { id: 'x1', stackable: false }),
        percentOff(15, { id: 'x2', stackable: false }),
      ],
      context(),
    );
    expect(cart.appliedPromotions.map((a) => a.promotionId)).toEqual(['x1']);
    expect(cart.discountTotal).toBe(2_000);
  });

  it('keeps the stackables when together they beat every non-stackable one', () => {
    const cart = priceCart(
      [aLine()],
      [
        percentOff(10, { id: 's1' }),
        amountOff(1_500, { id: 's2' }),
        percentOff(20, { id: 'x1', stackable: false }),
      ],
      context(),
    );
    expect(cart.appliedPromotions.map((a) => a.promotionId)).toEqual(['s1', 's2']);
    expect(cart.discountTotal).toBe(2_500);
  });

  it('prefers the stackables on a tie', () => {
    const cart = priceCart(
      [aLine()],
      [percentOff(20, { id: 'x', stackable: false }), amountOff(2_000, { id: 's' })],
      context(),
    );
    expect(cart.appliedPromotions.map((a) => a.promotionId)).toEqual(['s']);
  });

  it('lets a non-stackable item-level promotion combine with an order-level one', () => {
    const cart = priceCart(
      [aLine({ unitPrice: 40_000 })],
      [percentOff(10, { id: 'x', stackable: false }), thresholdOff(FULL_REDUCTION, { id: 't' })],
      context(),
    );
    // 40 000 − 4 000 = 36 000 ≥ 满300 → − 3 000
    expect(cart.appliedPromotions.map((a) => a.promotionId)).toEqual(['x', 't']);
    expect(cart.total).toBe(33_000);
  });

  it('applies coupons after the non-coupon promotions of every level', () => {
    const cart = priceCart(
      [aLine({ unitPrice: 40_000 })],
      [
        amountOff(1_000, { id: 'coupon', couponCode: 'C1' }),
        thresholdOff(FULL_REDUCTION, { id: 't' }),
        percentOff(10, { id: 'p' }),
      ],
      context({ couponCodes: ['C1'] }),
    );
    expect(cart.appliedPromotions.map((a) => a.promotionId)).toEqual(['p', 't', 'coupon']);
    // 40 000 − 4 000 − 3 000 − 1 000
    expect(cart.total).toBe(32_000);
  });

  it('does not let a non-stackable coupon displace the non-coupon promotions', () => {
    const cart = priceCart(
      [aLine()],
      [percentOff(10, { id: 'p' }), amountOff(500, { id: 'c', couponCode: 'C', stackable: false })],
      context({ couponCodes: ['C'] }),
    );
    expect(cart.appliedPromotions.map((a) => a.promotionId)).toEqual(['p', 'c']);
    expect(cart.total).toBe(8_500);
  });
});

describe('explanations', () => {
  it('names every applied promotion with its kind, amount and lines', () => {
    const cart = priceCart(
      [aLine({ sku: 'A', unitPrice: 20_000 }), aLine({ sku: 'B', unitPrice: 10_000 })],
      [thresholdOff(FULL_REDUCTION, { name: '满300减30' })],
      context(),
    );
    expect(cart.appliedPromotions[0]).toMatchObject({
      name: '满300减30',
      kind: 'THRESHOLD_OFF',
      discount: 3_000,
      lines: [
        { sku: 'A', discount: 2_000 },
        { sku: 'B', discount: 1_000 },
      ],
    });
    expect(cart.explanations[0]).toContain('满300减30');
    expect(cart.explanations[0]).toContain('¥30.00');
    expect(cart.explanations[0]).toContain('spend ¥300.00 get ¥30.00 off, reached with ¥300.00');
  });
});
