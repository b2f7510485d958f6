import { Module, type DynamicModule } from '@nestjs/common';
import type { OrdersConfig } from '../config';
import { MemberPointsService, POINTS_SETTINGS } from './application/member-points.service';
import { MemberTiersService, TIER_THRESHOLDS } from './application/member-tiers.service';
import { parseTierThresholds } from './domain/member-tier';
import { parsePointsRates } from './domain/points';
import { PointsController } from './http/points.controller';
import { RefundLowersSpendHandler } from './messaging/payments-payment.handlers';
import { MemberEntity } from './persistence/member.entity';
import { PaidOrderEntity } from './persistence/paid-order.entity';
import { PointsEntryEntity } from './persistence/points-entry.entity';

/** The tables of membership, for the service definition's entities. */
export const MEMBERSHIP_ENTITIES = [MemberEntity, PaidOrderEntity, PointsEntryEntity];

/**
 * Membership: each customer's paid spend, member tier and points. An order counts when it
 * becomes PAID and credits its points when it completes (OrderJourneyService, in the same
 * transactions); a payment.refunded takes its refund off both. Each change of tier goes out as
 * customer.tier-changed.
 */
@Module({})
export class MembershipModule {
  /** Tier thresholds and points rates are read at start: a wrong value stops the service there. */
  static forConfig(config: OrdersConfig): DynamicModule {
    return {
      module: MembershipModule,
      controllers: [PointsController],
      providers: [
        { provide: TIER_THRESHOLDS, useValue: parseTierThresholds(config.ORDERS_TIER_THRESHOLDS) },
        {
          provide: POINTS_SETTINGS,
          useValue: {
            rates: parsePointsRates(config.ORDERS_POINTS_RATES),
            expiryDays: config.ORDERS_POINTS_EXPIRY_DAYS,
            sweepMs: config.ORDERS_SWEEP_INTERVAL_MS,
          },
        },
        MemberTiersService,
        MemberPointsService,
        RefundLowersSpendHandler,
      ],
      exports: [MemberTiersService, MemberPointsService],
    };
  }
}
