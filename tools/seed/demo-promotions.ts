/** Money as the API takes it: integer fen. */
export interface Money {
  readonly amount: number;
  readonly currency: 'CNY';
}

/** A promotion as `POST /promotions` takes it. */
export interface DemoPromotion {
  readonly name: string;
  readonly kind: 'PERCENT_OFF' | 'THRESHOLD_OFF' | 'GIFT' | 'FLASH_SALE';
  readonly startsAt: string;
  readonly endsAt: string;
  readonly target: {
    readonly all?: true;
    readonly skus?: readonly string[];
    readonly categoryIds?: readonly string[];
  };
  readonly couponCode?: string;
  readonly advertised?: boolean;
  readonly usageLimit?: number;
  readonly perCustomerLimit?: number;
  readonly stackable: boolean;
  readonly rules: Record<string, unknown>;
}

/** What the demo promotions refer to: the phones category, and the SKUs of the gift and the flash sale. */
export interface DemoPromotionRefs {
  readonly now: Date;
  readonly phonesCategoryId: string;
  /** Left out when the seeded catalog is too small to have it. */
  readonly giftSku?: string;
  readonly flashSku?: string;
}

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const DAY_MS = 86_400_000;

/** The demo promotions: 满减 on everything, a week of 15 % off phones, WELCOME10, a gift and a flash sale. */
export function demoPromotions(refs: DemoPromotionRefs): DemoPromotion[] {
  const from = new Date(refs.now.getTime() - 60_000).toISOString();
  const until = (days: number) => new Date(refs.now.getTime() + days * DAY_MS).toISOString();
  const promotions: DemoPromotion[] = [
    {
      name: '满199减20，满399减50',
      kind: 'THRESHOLD_OFF',
      startsAt: from,
      endsAt: until(30),
      target: { all: true },
      stackable: true,
      rules: {
        tiers: [
          { minSubtotal: cny(19_900), off: cny(2_000) },
          { minSubtotal: cny(39_900), off: cny(5_000) },
        ],
      },
    },
    {
      name: '本周精选 85 折',
      kind: 'PERCENT_OFF',
      startsAt: from,
      endsAt: until(7),
      target: { categoryIds: [refs.phonesCategoryId] },
      stackable: true,
      rules: { percent: 15 },
    },
    {
      name: '新人券 满100减10',
      kind: 'THRESHOLD_OFF',
      startsAt: from,
      endsAt: until(90),
      target: { all: true },
      couponCode: 'WELCOME10',
      advertised: true,
      usageLimit: 1_000,
      perCustomerLimit: 1,
      stackable: true,
      rules: { tiers: [{ minSubtotal: cny(10_000), off: cny(1_000) }] },
    },
  ];
  if (refs.giftSku) {
    promotions.push({
      name: '买二赠一 赠品',
      kind: 'GIFT',
      startsAt: from,
      endsAt: until(30),
      target: { all: true },
      stackable: true,
      rules: { minQuantity: 2, giftSku: refs.giftSku, giftQuantity: 1 },
    });
  }
  if (refs.flashSku) {
    promotions.push({
      name: '限时秒杀',
      kind: 'FLASH_SALE',
      startsAt: from,
      endsAt: until(1),
      target: { skus: [refs.flashSku] },
      stackable: false,
      rules: { sku: refs.flashSku, price: cny(9_900), quantity: 100, perCustomerLimit: 1 },
    });
  }
  return promotions;
}
