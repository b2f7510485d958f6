import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { transaction } from '@emporium/platform-persistence';
import { PromotionEntity } from '../persistence/promotion.entity';
import { PromotionsService, type PromotionInput } from './promotions.service';

/** Demo catalog SKUs (the catalog's demo seed numbers them): the 15 % fallback, the flash sale and the gift. */
export const DEMO_PERCENT_OFF_SKUS: readonly string[] = ['HUAWEI-00001-1', 'XIAOMI-00002-1', 'APPLE-00003-1'];
export const DEMO_FLASH_SKU = 'EDIFIER-00007-1';
export const DEMO_GIFT_SKU = 'BESTORE-00019-1';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const DAY_MS = 86_400_000;

/** What the demo promotions are made of. */
export interface DemoPromotionOptions {
  readonly now: Date;
  readonly categoryId?: string;
  readonly flashSku?: string;
  readonly giftSku?: string;
}

/** The demo promotions: 满减, a week of 15 % off a category, WELCOME10, a gift and a flash sale. */
export function demoPromotions(o: DemoPromotionOptions): PromotionInput[] {
  const from = new Date(o.now.getTime() - 60_000).toISOString();
  const until = (days: number) => new Date(o.now.getTime() + days * DAY_MS).toISOString();
  const promotions: PromotionInput[] = [
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
      target: o.categoryId ? { categoryIds: [o.categoryId] } : { skus: [...DEMO_PERCENT_OFF_SKUS] },
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
    {
      name: '买二赠一 赠品',
      kind: 'GIFT',
      startsAt: from,
      endsAt: until(30),
      target: { all: true },
      stackable: true,
      rules: { minQuantity: 2, giftSku: o.giftSku ?? DEMO_GIFT_SKU, giftQuantity: 1 },
    },
  ];
  const flashSku = o.flashSku ?? DEMO_FLASH_SKU;
  promotions.push({
    name: '限时秒杀',
    kind: 'FLASH_SALE',
    startsAt: from,
    endsAt: until(1),
    target: { skus: [flashSku] },
    stackable: false,
    rules: { sku: flashSku, price: cny(9_900), quantity: 100, perCustomerLimit: 1 },
  });
  return promotions;
}

/** Creates the demo promotions once, when there are no promotions yet (development). */
@Injectable()
export class PromotionsSeedService {
  constructor(
    private readonly db: DataSource,
    private readonly promotions: PromotionsService,
  ) {}

  /** Creates the demo promotions unless promotions exist; returns how many it created. */
  async seed(options: DemoPromotionOptions = { now: new Date() }): Promise<number> {
    const created = await transaction(this.db, async (tx) => {
      // Replicas starting together seed once: the second waits here, then finds promotions.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('orders:demo-promotions'))");
      if ((await tx.count(PromotionEntity)) > 0) return 0;
      const inputs = demoPromotions(options);
      for (const input of inputs) await this.promotions.createIn(tx, input);
      return inputs.length;
    });
    this.promotions.invalidate();
    return created;
  }
}
