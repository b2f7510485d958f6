import { parsePromotionRules, promotionViolations, type RulesCheck } from './promotion-rules';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

function failure(check: RulesCheck) {
  if (check.ok) throw new Error('expected the rules to be refused');
  return { fields: check.problems.map((p) => p.field), codes: check.violations.map((v) => v.code) };
}

describe('parsePromotionRules', () => {
  it('turns API money into fen for the engine', () => {
    expect(
      parsePromotionRules('THRESHOLD_OFF', {
        tiers: [
          { minSubtotal: cny(19_900), off: cny(2_000) },
          { minSubtotal: cny(39_900), off: cny(5_000) },
        ],
      }),
    ).toEqual({
      ok: true,
      rules: {
        tiers: [
          { minSubtotal: 19_900, off: 2_000 },
          { minSubtotal: 39_900, off: 5_000 },
        ],
      },
    });
    expect(
      parsePromotionRules('FLASH_SALE', {
        sku: 'A-1',
        price: cny(9_900),
        quantity: 100,
        perCustomerLimit: 2,
      }),
    ).toEqual({
      ok: true,
      rules: { sku: 'A-1', price: 9_900, quantity: 100, perCustomerLimit: 2 },
    });
    expect(parsePromotionRules('AMOUNT_OFF', { amount: cny(500) })).toEqual({
      ok: true,
      rules: { amount: 500 },
    });
    expect(parsePromotionRules('GIFT', { minQuantity: 2, giftSku: 'G', giftQuantity: 1 })).toEqual({
      ok: true,
      rules: { minQuantity: 2, giftSku: 'G', giftQuantity: 1 },
    });
  });

  it('accepts whole percentages from 1 to 100 only', () => {
    expect(parsePromotionRules('PERCENT_OFF', { percent: 15 })).toEqual({
      ok: true,
      rules: { percent: 15 },
    });
    expect(parsePromotionRules('PERCENT_OFF', { percent: 100 }).ok).toBe(true);
    for (const percent of [0, 101, 12.5, '15', null]) {
      expect(failure(parsePromotionRules('PERCENT_OFF', { percent })).fields).toEqual([
        'rules.percent',
      ]);
    }
  });

  it('names the path of every malformed field, unknown fields included', () => {
    const check = parsePromotionRules('THRESHOLD_OFF', {
      tiers: [
        { minSubtotal: cny(100), off: { amount: 0, currency: 'CNY' } },
        { minSubtotal: { amount: 2.5 }, off: cny(1), extra: 1 },
      ],
      bonus: true,
    });
    expect(failure(check).fields).toEqual(
      expect.arrayContaining([
        'rules.bonus',
        'rules.tiers[0].off.amount',
        'rules.tiers[1].minSubtotal.amount',
        'rules.tiers[1].minSubtotal.currency',
        'rules.tiers[1].extra',
      ]),
    );
  });

  it('refuses rules that are not an object, and empty tier lists', () => {
    expect(failure(parsePromotionRules('GIFT', 'free stuff')).fields).toContain('rules');
    expect(failure(parsePromotionRules('THRESHOLD_OFF', { tiers: [] })).fields).toEqual([
      'rules.tiers',
    ]);
  });

  it('requires gift and flash quantities of at least one and a positive flash price', () => {
    expect(
      failure(parsePromotionRules('GIFT', { minQuantity: 0, giftSku: '', giftQuantity: 0 })).fields,
    ).toEqual(['rules.minQuantity', 'rules.giftSku', 'rules.giftQuantity']);
    expect(
      failure(
        parsePromotionRules('FLASH_SALE', {
          sku: 'A',
          price: cny(0),
          quantity: 0,
          perCustomerLimit: 0,
        }),
      ).fields,
    ).toEqual(['rules.price.amount', 'rules.quantity', 'rules.perCustomerLimit']);
  });

  it('refuses tiers out of ascending order and tiers that take off as much as their threshold', () => {
    const unordered = parsePromotionRules('THRESHOLD_OFF', {
      tiers: [
        { minSubtotal: cny(39_900), off: cny(5_000) },
        { minSubtotal: cny(19_900), off: cny(2_000) },
      ],
    });
    expect(failure(unordered)).toEqual({ fields: [], codes: ['threshold-tiers-not-ascending'] });
    const tooMuch = parsePromotionRules('THRESHOLD_OFF', {
      tiers: [{ minSubtotal: cny(1_000), off: cny(1_000) }],
    });
    expect(failure(tooMuch)).toEqual({ fields: [], codes: ['threshold-off-not-below-minimum'] });
  });

  it('refuses money in a currency other than CNY as a business rule', () => {
    expect(
      failure(parsePromotionRules('AMOUNT_OFF', { amount: { amount: 500, currency: 'USD' } })),
    ).toEqual({
      fields: [],
      codes: ['unsupported-currency'],
    });
  });
});

describe('promotionViolations', () => {
  const base = {
    kind: 'PERCENT_OFF' as const,
    startsAt: new Date('2026-01-01'),
    endsAt: new Date('2026-02-01'),
    target: { all: true },
  };

  it('accepts a well-formed promotion', () => {
    expect(promotionViolations(base)).toEqual([]);
    expect(
      promotionViolations({
        ...base,
        couponCode: 'WELCOME10',
        usageLimit: 10,
        perCustomerLimit: 1,
      }),
    ).toEqual([]);
  });

  it('refuses a window that does not start before it ends', () => {
    expect(promotionViolations({ ...base, endsAt: base.startsAt }).map((v) => v.code)).toEqual([
      'promotion-window-invalid',
    ]);
  });

  it('refuses an empty target except for flash sales, which target their sku', () => {
    expect(promotionViolations({ ...base, target: { skus: [] } }).map((v) => v.code)).toEqual([
      'promotion-target-empty',
    ]);
    expect(promotionViolations({ ...base, kind: 'FLASH_SALE', target: {} })).toEqual([]);
  });

  it('refuses coupon limits without a coupon code', () => {
    expect(promotionViolations({ ...base, usageLimit: 5 }).map((v) => v.code)).toEqual([
      'coupon-limits-without-code',
    ]);
  });
});
