import { Module, type DynamicModule } from '@nestjs/common';
import { MemberTiersService, TIER_THRESHOLDS } from './application/member-tiers.service';
import { parseTierThresholds } from './domain/member-tier';
import { RefundLowersSpendHandler } from './messaging/payments-payment.handlers';
import { MemberEntity } from './persistence/member.entity';
import { PaidOrderEntity } from './persistence/paid-order.entity';

/** The tables of membership, for the service definition's entities. */
export const MEMBERSHIP_ENTITIES = [MemberEntity, PaidOrderEntity];

/**
 * Membership: each customer's paid spend and member tier. An order counts when it becomes PAID
 * (OrderJourneyService, in the same transaction) and a payment.refunded takes its refund off;
 * each change of tier goes out as customer.tier-changed.
 */
@Module({})
export class MembershipModule {
  /** `ORDERS_TIER_THRESHOLDS` is read at start: a wrong value stops the service there. */
  static forThresholds(thresholds: string): DynamicModule {
    return {
      module: MembershipModule,
      providers: [
        { provide: TIER_THRESHOLDS, useValue: parseTierThresholds(thresholds) },
        MemberTiersService,
        RefundLowersSpendHandler,
      ],
      exports: [MemberTiersService],
    };
  }
}
