import { Module } from '@nestjs/common';
import { PromotionQuotas } from './application/promotion-quotas.service';
import { PromotionsService } from './application/promotions.service';
import { PromotionsController } from './http/promotions.controller';
import { CouponRedemptionEntity } from './persistence/coupon-redemption.entity';
import { FlashSalePurchaseEntity } from './persistence/flash-sale-purchase.entity';
import { PromotionEntity } from './persistence/promotion.entity';

/** The tables of promotions, for the service definition's entities. */
export const PROMOTION_ENTITIES = [
  PromotionEntity,
  CouponRedemptionEntity,
  FlashSalePurchaseEntity,
];

/**
 * Promotions administration, the active set for pricing, and the coupon and flash-sale quotas.
 * Relies on the platform's global DataSource and REDIS.
 */
@Module({
  controllers: [PromotionsController],
  providers: [PromotionsService, PromotionQuotas],
  exports: [PromotionsService, PromotionQuotas],
})
export class PromotionsModule {}
