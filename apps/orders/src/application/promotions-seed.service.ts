import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { transaction } from '@emporium/platform-persistence';
import { PromotionEntity } from '../persistence/promotion.entity';
import { PromotionsService, type PromotionInput } from './promotions.service';

/** Injection token: whether this process seeds the demo promotions (development). */
export const SEED_DEMO_PROMOTIONS = Symbol('SEED_DEMO_PROMOTIONS');
/** Injection token: a category id for the demo 15 % promotion; without it, demo SKUs are used. */
export const DEMO_PROMOTION_CATEGORY_ID = Symbol('DEMO_PROMOTION_CATEGORY_ID');
/** Injection token: the SKU of the demo flash sale; without it there is no demo flash sale. */
export const DEMO_FLASH_SKU = Symbol('DEMO_FLASH_SKU');
/** Injection token: the SKU given away by the demo gift promotion. */
export const DEMO_GIFT_SKU = Symbol('DEMO_GIFT_SKU');

/** SKUs of the demo catalog (catalog's demo seed), used when no category id is configured. */
export const DEMO_PERCENT_OFF_SKUS: readonly string[] = ['HUAWEI-00001-1', 'XIAOMI-00001-1', 'APPLE-00001-1'];
const DEFAULT_GIFT_SKU = 'EDIFIER-00001-1';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const DAY_MS = 86_400_000;

/** What the demo promotions are made of. */
export interface DemoPromotionOptions {
  readonly now: Date;
  readonly categoryId?: string;
  readonly flashSku?: string;
  readonly giftSku?: string;
}

/** The demo promotions: 满减, a week of 15 % off, WELCOME10, a gift and (with a SKU) a flash sale. */
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
      rules: { minQuantity: 2, giftSku: o.giftSku ?? DEFAULT_GIFT_SKU, giftQuantity: 1 },
    },
  ];
  if (o.flashSku) {
    promotions.push({
      name: '限时秒杀',
      kind: 'FLASH_SALE',
      startsAt: from,
      endsAt: until(1),
      target: { skus: [o.flashSku] },
      stackable: false,
      rules: { sku: o.flashSku, price: cny(9_900), quantity: 100, perCustomerLimit: 1 },
    });
  }
  return promotions;
}

/** Development only: creates the demo promotions once, when there are no promotions yet. */
@Injectable()
export class PromotionsSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly promotions: PromotionsService,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Optional() @Inject(SEED_DEMO_PROMOTIONS) private readonly enabled?: boolean,
    @Optional() @Inject(DEMO_PROMOTION_CATEGORY_ID) private readonly categoryId?: string,
    @Optional() @Inject(DEMO_FLASH_SKU) private readonly flashSku?: string,
    @Optional() @Inject(DEMO_GIFT_SKU) private readonly giftSku?: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.enabled !== true) return;
    const created = await this.seed();
    if (created > 0) this.logger.info({ promotions: created }, 'seeded demo promotions');
  }

  /** Creates the demo promotions unless promotions exist; returns how many it created. */
  async seed(now: Date = new Date()): Promise<number> {
    const created = await transaction(this.db, async (tx) => {
      // Replicas starting together seed once: the second waits here, then finds promotions.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('orders:demo-promotions'))");
      if ((await tx.count(PromotionEntity)) > 0) return 0;
      const inputs = demoPromotions({
        now,
        categoryId: this.categoryId,
        flashSku: this.flashSku,
        giftSku: this.giftSku,
      });
      for (const input of inputs) await this.promotions.createIn(tx, input);
      return inputs.length;
    });
    this.promotions.invalidate();
    return created;
  }
}
