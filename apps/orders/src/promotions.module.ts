import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { PromotionQuotas } from './application/promotion-quotas.service';
import {
  DEMO_FLASH_SKU,
  DEMO_GIFT_SKU,
  DEMO_PROMOTION_CATEGORY_ID,
  PromotionsSeedService,
  SEED_DEMO_PROMOTIONS,
} from './application/promotions-seed.service';
import { PromotionsService } from './application/promotions.service';
import type { OrdersConfig } from './config';
import { PromotionsController } from './http/promotions.controller';
import { CouponRedemptionEntity } from './persistence/coupon-redemption.entity';
import { FlashSalePurchaseEntity } from './persistence/flash-sale-purchase.entity';
import { PromotionEntity } from './persistence/promotion.entity';

/** The tables of promotions, for the service definition's entities. */
export const PROMOTION_ENTITIES = [PromotionEntity, CouponRedemptionEntity, FlashSalePurchaseEntity];

/** Demo seeding of `PromotionsModule.forRoot`; every field is optional. */
export interface PromotionsModuleOptions {
  /** Seed the demo promotions on start when there are none (development). */
  readonly seedDemo?: boolean;
  /** Category of the demo 15 % promotion; demo SKUs without it. */
  readonly demoCategoryId?: string;
  /** SKU of the demo flash sale; no demo flash sale without it. */
  readonly demoFlashSku?: string;
  /** SKU of the demo gift. */
  readonly demoGiftSku?: string;
}

/**
 * Promotions administration, the active set for pricing, and the coupon and flash-sale quotas.
 * Relies on the platform's global DataSource, REDIS and ROOT_LOGGER.
 */
@Module({
  controllers: [PromotionsController],
  providers: [PromotionsService, PromotionQuotas, PromotionsSeedService],
  exports: [PromotionsService, PromotionQuotas],
})
export class PromotionsModule {
  /** The module with its demo seeding configured. */
  static forRoot(options: PromotionsModuleOptions = {}): DynamicModule {
    const values: [symbol, string | boolean | undefined][] = [
      [SEED_DEMO_PROMOTIONS, options.seedDemo],
      [DEMO_PROMOTION_CATEGORY_ID, options.demoCategoryId],
      [DEMO_FLASH_SKU, options.demoFlashSku],
      [DEMO_GIFT_SKU, options.demoGiftSku],
    ];
    // Nest refuses a value provider whose value is undefined; absent options stay unprovided.
    const providers: Provider[] = values.flatMap(([provide, useValue]) =>
      useValue === undefined ? [] : [{ provide, useValue }],
    );
    return { module: PromotionsModule, providers };
  }

  /** The module as the orders service configures it: demo promotions in development. */
  static forConfig(config: OrdersConfig): DynamicModule {
    return PromotionsModule.forRoot({ seedDemo: config.ORDERS_SEED_DEMO ?? config.NODE_ENV === 'development' });
  }
}
