import { Module } from '@nestjs/common';
import { PromotionQuotas } from './application/promotion-quotas.service';
import { PromotionsSeedService } from './application/promotions-seed.service';
import { PromotionsService } from './application/promotions.service';
import { PromotionsController } from './http/promotions.controller';
import { CouponRedemptionEntity } from './persistence/coupon-redemption.entity';
import { FlashSalePurchaseEntity } from './persistence/flash-sale-purchase.entity';
import { PromotionEntity } from './persistence/promotion.entity';

/** The tables of promotions, for the service definition's entities. */
export const PROMOTION_ENTITIES = [PromotionEntity, CouponRedemptionEntity, FlashSalePurchaseEntity];

/**
 * Promotions administration, the active set for pricing, the coupon and flash-sale quotas, and
 * the demo promotions. Relies on the platform's global DataSource and REDIS.
 */
@Module({
  controllers: [PromotionsController],
  providers: [PromotionsService, PromotionQuotas, PromotionsSeedService],
  exports: [PromotionsService, PromotionQuotas, PromotionsSeedService],
})
export class PromotionsModule {}
