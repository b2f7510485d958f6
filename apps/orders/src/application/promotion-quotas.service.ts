import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { ConflictError } from '@emporium/contracts';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { REDIS } from '@emporium/platform-redis';
import { couponRefusal } from '../domain/coupon-limits';
import type { Promotion } from '../domain/promotions';
import {
  couponUsage,
  couponUses,
  redeemCoupon,
  releaseCouponRedemptions,
} from '../persistence/coupon-redemption.queries';
import {
  FlashSaleGate,
  type FlashGiveBack,
  type FlashSaleTerms,
} from '../persistence/flash-sale-gate';
import { FlashSaleLedger } from '../persistence/flash-sale-ledger';
import { PromotionEntity } from '../persistence/promotion.entity';
import { PromotionsService } from './promotions.service';

/** Units of a flash sale an order asks for (or holds) at the flash price. */
export interface FlashRequest {
  readonly promotionId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** What `grantFlash` granted: units per sku at the flash price, and how to give them back. */
export interface FlashGrant {
  readonly granted: Readonly<Record<string, number>>;
  /** Gives the units back (placing the order failed); a second call does nothing. */
  release(): Promise<void>;
}

/** What an order used of the quotas, recorded in the order's own transaction. */
export interface QuotaUse {
  readonly orderId: string;
  readonly customerId: string;
  readonly flash: readonly FlashRequest[];
  readonly couponPromotionIds: readonly string[];
}

/** Why a coupon cannot be used (once more) by a customer. */
export type CouponRefusal =
  'coupon-not-active' | 'coupon-usage-limit-reached' | 'coupon-customer-limit-reached';

type FlashPromotion = Extract<Promotion, { kind: 'FLASH_SALE' }>;

const SEED_ATTEMPTS = 3;
// Counters outlive the sale by a day, then Redis forgets them.
const COUNTER_GRACE_SECONDS = 86_400;

const termsOf = (sale: FlashPromotion): FlashSaleTerms => ({
  promotionId: sale.id,
  quantity: sale.rules.quantity,
  perCustomerLimit: sale.rules.perCustomerLimit,
});

/**
 * Coupon and flash-sale quotas, never exceeded under concurrency. Flash sales: the Redis gate
 * (persistence/flash-sale-gate.lua) decides what a checkout gets (grantFlash); the Postgres ledger
 * (persistence/flash-sale-ledger.ts) records it in the order's transaction (commit), refusing what
 * stale counters granted, and seeds the gate's counters when Redis lost them. Coupons are counted
 * under the promotion's row lock.
 */
@Injectable()
export class PromotionQuotas {
  private readonly gate: FlashSaleGate;
  private readonly ledger: FlashSaleLedger;

  constructor(
    private readonly db: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly promotions: PromotionsService,
  ) {
    // The gate registers its script on the service's client here, once, at start.
    this.gate = new FlashSaleGate(redis);
    this.ledger = new FlashSaleLedger(db);
  }

  /** Units this customer (or an anonymous shopper) could still get at the flash price now. */
  async flashRemaining(promotionId: string, customerId?: string): Promise<number> {
    const sale = await this.flashSale(promotionId);
    if (!sale) return 0;
    for (let attempt = 1; attempt <= SEED_ATTEMPTS; attempt++) {
      const left = await this.gate.left(termsOf(sale), customerId);
      if (left !== undefined) return left;
      await this.seed(sale, customerId ? [customerId] : []);
    }
    throw new Error('Flash sale counters could not be seeded in Redis');
  }

  /**
   * Grants flash-price units before the order is written, atomically across concurrent
   * checkouts. Requests for a promotion that is not an active flash sale of that sku get 0.
   */
  async grantFlash(customerId: string, requests: readonly FlashRequest[]): Promise<FlashGrant> {
    const sales = new Map<string, FlashPromotion>();
    for (const p of await this.promotions.active()) if (p.kind === 'FLASH_SALE') sales.set(p.id, p);
    const asked = requests.flatMap((r) => {
      const sale = sales.get(r.promotionId);
      const quantity = Math.floor(r.quantity);
      return sale && sale.rules.sku === r.sku && quantity > 0 ? [{ ...r, quantity, sale }] : [];
    });
    if (asked.length === 0) return { granted: {}, release: () => Promise.resolve() };

    const grants = await this.runGrant(customerId, asked);

    const granted: Record<string, number> = {};
    asked.forEach((a, i) => {
      if (grants[i] > 0) granted[a.sku] = (granted[a.sku] ?? 0) + grants[i];
    });
    let released = false;
    return {
      granted,
      release: async () => {
        if (released) return;
        released = true;
        const given = asked.flatMap((a, i) =>
          grants[i] > 0 ? [{ promotionId: a.promotionId, units: grants[i] }] : [],
        );
        await this.giveBack(given.map((g) => ({ ...g, customerId })));
      },
    };
  }

  /**
   * Records what an order used, in the order's transaction. The flash-sale ledger records units
   * only while the sale has them (else 409 `flash-sale-sold-out`) and within the customer's limit
   * (409 `flash-sale-customer-limit-reached`), whatever the gate granted; a coupon's limits are
   * counted under its row lock (409 `coupon-usage-limit-reached` or
   * `coupon-customer-limit-reached`). Committing the same order again changes nothing.
   */
  async commit(tx: EntityManager, order: QuotaUse): Promise<void> {
    // One lock order for every transaction, so two orders never wait on each other in a cycle.
    const ids = [
      ...new Set([...order.flash.map((f) => f.promotionId), ...order.couponPromotionIds]),
    ].sort();
    for (const id of ids) {
      const flash = order.flash.filter((f) => f.promotionId === id && f.quantity > 0);
      if (flash.length > 0) await this.commitFlash(tx, order, id, flash);
      if (order.couponPromotionIds.includes(id)) await this.commitCoupon(tx, order, id);
    }
  }

  /**
   * Gives back what a cancelled order used: its flash units (Postgres and the Redis counters)
   * and its coupon uses. A second call finds nothing left to release.
   */
  async release(tx: EntityManager, orderId: string): Promise<void> {
    const given = await this.ledger.release(tx, orderId);
    await releaseCouponRedemptions(tx, orderId);
    // Given back before this transaction commits: should it roll back, Redis counts too few,
    // which the ledger still refuses at commit; counting too many would lose sales instead.
    await this.giveBack(given);
  }

  /** Whether the coupon promotion has a use left for this customer (the cart's 422 when not). */
  async couponUsable(promotion: Pick<Promotion, 'id'>, customerId?: string): Promise<boolean> {
    return (await this.couponRefusal(promotion, customerId)) === undefined;
  }

  /** Why the coupon promotion cannot be used by this customer now, or undefined when it can. */
  async couponRefusal(
    promotion: Pick<Promotion, 'id'>,
    customerId?: string,
  ): Promise<CouponRefusal | undefined> {
    const usage = await couponUsage(this.db, promotion.id, customerId);
    if (!usage || usage.status !== 'ACTIVE') return 'coupon-not-active';
    return couponRefusal({
      usageLimit: usage.usageLimit ?? undefined,
      used: usage.used,
      perCustomerLimit: usage.perCustomerLimit ?? undefined,
      customerUsed: usage.customerUsed,
    });
  }

  private async commitFlash(
    tx: EntityManager,
    order: QuotaUse,
    id: string,
    flash: readonly FlashRequest[],
  ) {
    const units = flash.reduce((sum, f) => sum + f.quantity, 0);
    const recorded = await this.ledger.record(tx, {
      promotionId: id,
      orderId: order.orderId,
      customerId: order.customerId,
      sku: flash[0].sku,
      units,
    });
    switch (recorded.outcome) {
      case 'recorded':
      case 'already-recorded':
        return;
      case 'not-active':
        throw new ConflictError('flash-sale-not-active', `Flash sale ${id} is not on`);
      case 'sold-out':
        throw new ConflictError(
          'flash-sale-sold-out',
          `Flash sale ${id} has fewer than ${units} units left`,
        );
      case 'customer-limit-reached':
        throw new ConflictError(
          'flash-sale-customer-limit-reached',
          `At most ${recorded.perCustomerLimit} units of flash sale ${id} per customer`,
        );
    }
  }

  private async commitCoupon(tx: EntityManager, order: QuotaUse, id: string) {
    const p = await tx.findOne(PromotionEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!p || p.status !== 'ACTIVE' || p.couponCode === null) {
      throw new ConflictError('coupon-not-active', `Promotion ${id} takes no coupon now`);
    }
    const uses = await couponUses(tx, id, order.customerId, order.orderId);
    if (uses.orderUsed > 0) return;
    const refusal = couponRefusal({
      usageLimit: p.usageLimit ?? undefined,
      used: uses.used,
      perCustomerLimit: p.perCustomerLimit ?? undefined,
      customerUsed: uses.customerUsed,
    });
    if (refusal) throw new ConflictError(refusal, `Coupon ${p.couponCode} cannot be used again`);
    await redeemCoupon(tx, id, order.orderId, order.customerId);
  }

  private async flashSale(promotionId: string): Promise<FlashPromotion | undefined> {
    const p = (await this.promotions.active()).find((a) => a.id === promotionId);
    return p?.kind === 'FLASH_SALE' ? p : undefined;
  }

  private async runGrant(
    customerId: string,
    asked: readonly (FlashRequest & { sale: FlashPromotion })[],
  ): Promise<number[]> {
    const asks = asked.map((a) => ({ sale: termsOf(a.sale), units: a.quantity }));
    for (let attempt = 1; attempt <= SEED_ATTEMPTS; attempt++) {
      const reply = await this.gate.grant(customerId, asks);
      if (Array.isArray(reply)) return reply;
      // Missing counters: seed each sale named by a missing one from the ledger, then try again.
      for (const sale of new Set(reply.missing.map((i) => asked[i].sale))) {
        await this.seed(sale, [customerId]);
      }
    }
    throw new Error('Flash sale counters could not be seeded in Redis');
  }

  // Sets missing counters from the ledger, the committed truth.
  private async seed(sale: FlashPromotion, customerIds: readonly string[]): Promise<void> {
    const ttl =
      Math.max(60, Math.ceil((sale.endsAt.getTime() - Date.now()) / 1000)) + COUNTER_GRACE_SECONDS;
    const [sold, taken] = await Promise.all([
      this.ledger.sold(sale.id),
      this.ledger.taken(sale.id, customerIds),
    ]);
    await this.gate.seed(sale.id, ttl, sold, taken);
  }

  private async giveBack(given: readonly FlashGiveBack[]): Promise<void> {
    try {
      await this.gate.giveBack(given);
    } catch (error) {
      // Counters left too high only hold units back; the ledger keeps the true count.
      this.logger.warn({ err: error }, 'could not give flash units back in Redis');
    }
  }
}
