import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MemberPointsView, MemberTier } from '@emporium/contracts';
import { Periodic } from '@emporium/platform-app';
import { transaction } from '@emporium/platform-persistence';
import {
  debitLots,
  pointsFor,
  pointsKept,
  type LotDebit,
  type PointsRates,
} from '../domain/points';
import { PaidOrderEntity } from '../persistence/paid-order.entity';
import { PointsEntryEntity } from '../persistence/points-entry.entity';
import { lockMember } from '../persistence/member.queries';
import {
  customersWithExpiredLots,
  drawLot,
  lotOfOrder,
  openLots,
  pointsBalance,
  recentEntries,
  uncreditedOrders,
} from '../persistence/points.queries';

/** Injection token of how points are earned and kept. */
export const POINTS_SETTINGS = Symbol('POINTS_SETTINGS');

/** How points are earned and kept (orders' configuration). */
export interface PointsSettings {
  readonly rates: PointsRates;
  readonly expiryDays: number;
  readonly sweepMs: number;
}

const DAY_MS = 86_400_000;
const EXPIRING_SOON_DAYS = 30;
const HISTORY_ENTRIES = 50;

/**
 * Member points (积分): earned by paid orders and credited when they complete, taken back in
 * proportion to refunds, expired after `expiryDays`. Every movement is a ledger row and the
 * balance is their sum; each movement first locks the member's row, so movements of one member
 * happen one after another and no lot is drawn below zero.
 */
@Injectable()
export class MemberPointsService {
  constructor(
    private readonly db: DataSource,
    @Inject(POINTS_SETTINGS) private readonly settings: PointsSettings,
  ) {}

  /** What an order of `goodsAmount` fen (shipping excluded) placed at `tier` will earn. */
  pointsFor(goodsAmount: number, tier: MemberTier): number {
    return pointsFor(goodsAmount, this.settings.rates[tier]);
  }

  /** Credits a completed order's points, less what refunds took, as a lot; once per order. */
  async orderCompleted(tx: EntityManager, orderId: string): Promise<void> {
    const order = await tx.findOne(PaidOrderEntity, {
      where: { orderId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!order || order.pointsCreditedAt) return;
    await lockMember(tx, order.customerId);
    const now = new Date();
    await tx.update(PaidOrderEntity, { orderId }, { pointsCreditedAt: now });
    const points = pointsKept(order.points, order.paidAmount, order.refundedAmount);
    if (points === 0) return;
    await tx.insert(PointsEntryEntity, {
      customerId: order.customerId,
      orderId: order.orderId,
      kind: 'EARNED',
      points,
      remaining: points,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.expiryDays * DAY_MS),
    });
  }

  /**
   * Takes back what a refund of a credited order no longer earns, from that order's own lot
   * first; points already spent elsewhere or expired are not taken below zero. An order not yet
   * credited needs nothing: it is credited net of its refunds.
   */
  async refunded(tx: EntityManager, order: PaidOrderEntity, refundedBefore: number): Promise<void> {
    if (!order.pointsCreditedAt) return;
    const back =
      pointsKept(order.points, order.paidAmount, refundedBefore) -
      pointsKept(order.points, order.paidAmount, order.refundedAmount);
    if (back <= 0) return;
    await lockMember(tx, order.customerId);
    const own = await lotOfOrder(tx, order.orderId);
    const lots = await openLots(tx, order.customerId, { lock: true });
    await this.take(
      tx,
      order.customerId,
      'REVERSED',
      debitLots(lots, back, own ? [own] : []),
      order.orderId,
    );
  }

  @Periodic((self: MemberPointsService) => self.settings.sweepMs)
  async expireDue(limit = 100): Promise<number> {
    const now = new Date();
    const customers = await customersWithExpiredLots(this.db.manager, now, limit);
    for (const customerId of customers) {
      await transaction(this.db, async (tx) => {
        await lockMember(tx, customerId);
        const due = (await openLots(tx, customerId, { lock: true })).filter(
          (lot) => lot.expiresAt <= now,
        );
        const debits = due.map((lot) => ({ lotId: lot.id, points: lot.remaining }));
        await this.take(tx, customerId, 'EXPIRED', debits);
      });
    }
    return customers.length;
  }

  /** `GET /me/points`. */
  async pointsOf(customerId: string): Promise<MemberPointsView> {
    const db = this.db.manager;
    const soon = new Date(Date.now() + EXPIRING_SOON_DAYS * DAY_MS);
    const [balance, uncredited, lots, entries] = await Promise.all([
      pointsBalance(db, customerId),
      uncreditedOrders(db, customerId),
      openLots(db, customerId),
      recentEntries(db, customerId, HISTORY_ENTRIES),
    ]);
    return {
      balance,
      pending: uncredited.reduce((n, o) => n + pointsKept(o.points, o.paid, o.refunded), 0),
      expiringSoon: lots
        .filter((lot) => lot.expiresAt <= soon)
        .map((lot) => ({ points: lot.remaining, expiresAt: lot.expiresAt.toISOString() })),
      history: entries.map((e) => ({
        kind: e.kind,
        points: e.points,
        ...(e.orderId ? { orderId: e.orderId } : {}),
        at: e.createdAt.toISOString(),
        ...(e.expiresAt ? { expiresAt: e.expiresAt.toISOString() } : {}),
      })),
    };
  }

  private async take(
    tx: EntityManager,
    customerId: string,
    kind: 'REVERSED' | 'EXPIRED',
    debits: readonly LotDebit[],
    orderId?: string,
  ): Promise<void> {
    const points = debits.reduce((n, d) => n + d.points, 0);
    if (points === 0) return;
    for (const debit of debits) await drawLot(tx, debit.lotId, debit.points);
    await tx.insert(PointsEntryEntity, {
      customerId,
      orderId: orderId ?? null,
      kind,
      points: -points,
      remaining: null,
      expiresAt: null,
    });
  }
}
