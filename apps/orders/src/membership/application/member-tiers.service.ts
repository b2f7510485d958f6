import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import type { MemberTier } from '@emporium/contracts';
import { tierFor, type TierThresholds } from '../domain/member-tier';
import { MemberPointsService } from './member-points.service';
import { MemberEntity } from '../persistence/member.entity';
import { PaidOrderEntity } from '../persistence/paid-order.entity';
import { insertPaidOrder, lockMember } from '../persistence/member.queries';

/** An order that became PAID, as membership counts it (fen). */
export interface PaidOrderFacts {
  readonly orderId: string;
  readonly customerId: string;
  /** What was paid: the order's total. */
  readonly amount: number;
  /** What of it bought goods (the total less shipping), which earns points. */
  readonly goodsAmount: number;
  /** The tier the order was placed at, whose rate it earns. */
  readonly tier: MemberTier;
}

/** Injection token of the net spend (fen) from which each tier starts. */
export const TIER_THRESHOLDS = Symbol('TIER_THRESHOLDS');

/** Keeps each customer's spend and member tier, announcing tier changes. */
@Injectable()
export class MemberTiersService {
  constructor(
    @Inject(TIER_THRESHOLDS) private readonly thresholds: TierThresholds,
    private readonly points: MemberPointsService,
  ) {}

  /**
   * Counts a paid order towards its customer's spend, once per order, in the order's `tx`, with
   * the points its goods will earn when it completes.
   */
  async recordPaidOrder(tx: EntityManager, paid: PaidOrderFacts): Promise<void> {
    const points = this.points.pointsFor(paid.goodsAmount, paid.tier);
    if (!(await insertPaidOrder(tx, { ...paid, points }))) return; // already counted
    await this.recordSpend(tx, paid.customerId, paid.amount, 0);
  }

  /**
   * Takes a refund of a paid order off its customer's spend, never more than the order's paid
   * amount; a refund of an order never counted as paid is ignored.
   */
  async recordRefund(tx: EntityManager, orderId: string, amount: number): Promise<void> {
    const order = await tx.findOne(PaidOrderEntity, {
      where: { orderId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!order) return;
    const refunded = Math.min(amount, order.paidAmount - order.refundedAmount);
    if (refunded <= 0) return;
    const before = order.refundedAmount;
    order.refundedAmount += refunded;
    await tx.update(PaidOrderEntity, { orderId }, { refundedAmount: order.refundedAmount });
    await this.recordSpend(tx, order.customerId, 0, refunded);
    await this.points.refunded(tx, order, before);
  }

  /** Adds paid (or refunded) fen to a customer's spend in `tx`; a new tier goes out as an event. */
  private async recordSpend(
    tx: EntityManager,
    customerId: string,
    paid: number,
    refunded: number,
  ): Promise<void> {
    const member = await lockMember(tx, customerId);
    // Spend carried over from before the move has no stored tier: it had the one it earns.
    const from = member.tier ?? tierFor(member.paidAmount, member.refundedAmount, this.thresholds);
    const paidAmount = member.paidAmount + paid;
    const refundedAmount = member.refundedAmount + refunded;
    const to = tierFor(paidAmount, refundedAmount, this.thresholds);
    await tx.update(MemberEntity, { customerId }, { paidAmount, refundedAmount, tier: to });
    if (to !== from) {
      await writeOutbox(tx, {
        type: 'customer.tier-changed',
        subject: customerId,
        data: { customerId, from, to },
      });
    }
  }
}
