import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import { parseTierThresholds, tierFor, type TierThresholds } from '../domain/member-tier';
import { UserEntity } from '../../identity/persistence/user.entity';
import { PaidOrderEntity } from '../persistence/paid-order.entity';
import { insertPaidOrder } from '../persistence/paid-order.queries';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

/** Keeps each customer's spend and member tier, announcing tier changes. */
@Injectable()
export class MemberTiersService {
  private readonly thresholds: TierThresholds;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.thresholds = parseTierThresholds(config.GATEWAY_TIER_THRESHOLDS);
  }

  /** Counts a paid order towards its customer's spend (once per order). */
  async recordPaidOrder(
    tx: EntityManager,
    orderId: string,
    customerId: string,
    amount: number,
  ): Promise<void> {
    if (!(await insertPaidOrder(tx, { orderId, customerId, amount }))) return; // already counted
    await this.recordSpend(tx, customerId, amount, 0);
  }

  /**
   * Takes a refund of a paid order off its customer's spend, never more than the order's paid
   * amount; a refund of an order this gateway never saw paid is ignored.
   */
  async recordRefund(tx: EntityManager, orderId: string, amount: number): Promise<void> {
    const order = await tx.findOne(PaidOrderEntity, {
      where: { orderId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!order) return;
    const refundable = Number(order.paidAmount) - Number(order.refundedAmount);
    const refunded = Math.min(amount, refundable);
    if (refunded <= 0) return;
    await tx.update(
      PaidOrderEntity,
      { orderId },
      { refundedAmount: String(Number(order.refundedAmount) + refunded) },
    );
    await this.recordSpend(tx, order.customerId, 0, refunded);
  }

  /** Adds paid (or refunded) fen to a customer's spend in `tx`; a new tier goes out as an event. */
  async recordSpend(
    tx: EntityManager,
    customerId: string,
    paid: number,
    refunded: number,
  ): Promise<void> {
    const user = await tx.findOne(UserEntity, {
      where: { id: customerId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) return; // not an account of this gateway (data seeded elsewhere): nothing to rank
    const paidAmount = Number(user.paidAmount) + paid;
    const refundedAmount = Number(user.refundedAmount) + refunded;
    const tier = tierFor(paidAmount, refundedAmount, this.thresholds);
    await tx.update(
      UserEntity,
      { id: customerId },
      {
        paidAmount: String(paidAmount),
        refundedAmount: String(refundedAmount),
        memberTier: tier,
      },
    );
    if (tier !== user.memberTier) {
      await writeOutbox(tx, {
        type: 'customer.tier-changed',
        subject: customerId,
        data: { customerId, from: user.memberTier, to: tier },
      });
    }
  }
}
