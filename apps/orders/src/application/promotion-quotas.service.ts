import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { ConflictError } from '@emporium/contracts';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { REDIS } from '@emporium/platform-redis';
import { couponRefusal, flashUnitsLeft } from '../domain/flash-quota';
import type { Promotion } from '../domain/promotions';
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
  | 'coupon-not-active'
  | 'coupon-usage-limit-reached'
  | 'coupon-customer-limit-reached';

type FlashPromotion = Extract<Promotion, { kind: 'FLASH_SALE' }>;

/*
 * The gate in front of the order: one script grants, for every request, min(asked, quota left,
 * customer's own limit left) and counts it, so concurrent checkouts never see the same unit.
 * KEYS: pairs of (units taken of the sale, units taken by the customer). ARGV: per pair the units
 * asked, the sale's quantity and its per-customer limit. A missing counter (Redis restarted or
 * evicted it) is answered with -1 and the indexes of the missing keys: the caller seeds them from
 * Postgres and runs the script again. Nothing is counted unless every counter is there.
 */
const GRANT_SCRIPT = `
local missing = {}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then missing[#missing + 1] = i end
end
if #missing > 0 then
  table.insert(missing, 1, -1)
  return missing
end
local granted = {}
for i = 1, #KEYS / 2 do
  local sold, mine = KEYS[2 * i - 1], KEYS[2 * i]
  local asked = tonumber(ARGV[3 * i - 2])
  local quantity = tonumber(ARGV[3 * i - 1])
  local limit = tonumber(ARGV[3 * i])
  local grant = math.min(asked,
    quantity - tonumber(redis.call('GET', sold)),
    limit - tonumber(redis.call('GET', mine)))
  if grant < 0 then grant = 0 end
  if grant > 0 then
    redis.call('INCRBY', sold, grant)
    redis.call('INCRBY', mine, grant)
  end
  granted[i] = grant
end
return granted
`;

// Gives units back to the counters that exist, never below zero (a counter seeded after the
// grant may not include it). A missing counter is seeded from Postgres when next needed.
const RELEASE_SCRIPT = `
for i = 1, #ARGV do
  local units = tonumber(ARGV[i])
  for _, key in ipairs({ KEYS[2 * i - 1], KEYS[2 * i] }) do
    if redis.call('EXISTS', key) == 1 then
      local left = redis.call('DECRBY', key, units)
      if left < 0 then redis.call('INCRBY', key, -left) end
    end
  end
end
return 0
`;

const SEED_ATTEMPTS = 3;
// Counters outlive the sale by a day, then Redis forgets them.
const COUNTER_GRACE_SECONDS = 86_400;

const soldKey = (promotionId: string) => `orders:flash:{${promotionId}}:sold`;
const customerKey = (promotionId: string, customerId: string) =>
  `orders:flash:{${promotionId}}:customer:${customerId}`;

/** The rows of an UPDATE ... RETURNING: TypeORM's Postgres driver answers [rows, count]. */
function updatedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : [];
}

/**
 * Coupon and flash-sale quotas, never exceeded under concurrency. Redis gates checkouts quickly
 * (grantFlash); Postgres is the authority (commit): the promotion row's update and lock decide,
 * so even counters that lag after a Redis restart cannot oversell.
 */
@Injectable()
export class PromotionQuotas {
  constructor(
    private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly promotions: PromotionsService,
  ) {}

  /** Units this customer (or an anonymous shopper) could still get at the flash price now. */
  async flashRemaining(promotionId: string, customerId?: string): Promise<number> {
    const sale = await this.flashSale(promotionId);
    if (!sale) return 0;
    const keys = customerId ? [soldKey(sale.id), customerKey(sale.id, customerId)] : [soldKey(sale.id)];
    let values = await this.redis.mget(...keys);
    if (values.some((v) => v === null)) {
      await this.seed(sale, customerId ? [customerId] : []);
      values = await this.redis.mget(...keys);
    }
    return flashUnitsLeft({
      quantity: sale.rules.quantity,
      sold: Number(values[0] ?? 0),
      perCustomerLimit: sale.rules.perCustomerLimit,
      customerTaken: customerId ? Number(values[1] ?? 0) : 0,
    });
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

    const keys = asked.flatMap((a) => [soldKey(a.promotionId), customerKey(a.promotionId, customerId)]);
    const argv = asked.flatMap((a) => [a.quantity, a.sale.rules.quantity, a.sale.rules.perCustomerLimit]);
    const grants = await this.runGrant(keys, argv, asked.map((a) => a.sale), customerId);

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
        const given = asked.flatMap((a, i) => (grants[i] > 0 ? [{ promotionId: a.promotionId, units: grants[i] }] : []));
        await this.giveBack(given.map((g) => ({ ...g, customerId })));
      },
    };
  }

  /**
   * Records what an order used, in the order's transaction. Postgres decides: a flash sale's
   * row is updated only while units are left (else 409 `flash-sale-sold-out`), and a coupon's
   * limits are counted under its row lock (409 `coupon-usage-limit-reached` or
   * `coupon-customer-limit-reached`). Committing the same order again changes nothing.
   */
  async commit(tx: EntityManager, order: QuotaUse): Promise<void> {
    // One lock order for every transaction, so two orders never wait on each other in a cycle.
    const ids = [...new Set([...order.flash.map((f) => f.promotionId), ...order.couponPromotionIds])].sort();
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
    const purchases = updatedRows<{ promotion_id: string; customer_id: string; quantity: number }>(
      await tx.query(
        `UPDATE flash_sale_purchases SET released_at = now()
         WHERE order_id = $1 AND released_at IS NULL
         RETURNING promotion_id, customer_id, quantity`,
        [orderId],
      ),
    ).sort((a, b) => (a.promotion_id < b.promotion_id ? -1 : 1));
    for (const p of purchases) {
      await tx.query('UPDATE promotions SET flash_sold = flash_sold - $2 WHERE id = $1', [p.promotion_id, p.quantity]);
    }
    await tx.query(
      'UPDATE coupon_redemptions SET released_at = now() WHERE order_id = $1 AND released_at IS NULL',
      [orderId],
    );
    // Given back before this transaction commits: should it roll back, Redis counts too few,
    // which Postgres still refuses at commit; counting too many would lose sales instead.
    await this.giveBack(
      purchases.map((p) => ({ promotionId: p.promotion_id, customerId: p.customer_id, units: p.quantity })),
    );
  }

  /** Whether the coupon promotion has a use left for this customer (the cart's 422 when not). */
  async couponUsable(promotion: Pick<Promotion, 'id'>, customerId?: string): Promise<boolean> {
    return (await this.couponRefusal(promotion, customerId)) === undefined;
  }

  /** Why the coupon promotion cannot be used by this customer now, or undefined when it can. */
  async couponRefusal(promotion: Pick<Promotion, 'id'>, customerId?: string): Promise<CouponRefusal | undefined> {
    const [row] = (await this.db.query(
      `SELECT p.status, p.usage_limit, p.per_customer_limit,
              count(r.order_id)::int AS used,
              count(r.order_id) FILTER (WHERE r.customer_id = $2)::int AS mine
       FROM promotions p
       LEFT JOIN coupon_redemptions r ON r.promotion_id = p.id AND r.released_at IS NULL
       WHERE p.id = $1
       GROUP BY p.id`,
      [promotion.id, customerId ?? null],
    )) as { status: string; usage_limit: number | null; per_customer_limit: number | null; used: number; mine: number }[];
    if (!row || row.status !== 'ACTIVE') return 'coupon-not-active';
    return couponRefusal({
      usageLimit: row.usage_limit ?? undefined,
      used: row.used,
      perCustomerLimit: row.per_customer_limit ?? undefined,
      customerUsed: row.mine,
    });
  }

  private async commitFlash(tx: EntityManager, order: QuotaUse, id: string, flash: readonly FlashRequest[]) {
    const done = await tx.query('SELECT 1 FROM flash_sale_purchases WHERE promotion_id = $1 AND order_id = $2', [id, order.orderId]);
    if ((done as unknown[]).length > 0) return;
    const units = flash.reduce((sum, f) => sum + f.quantity, 0);
    const sku = flash[0].sku;
    // The guarded update both takes the row lock and refuses to pass the quantity.
    const [sale] = updatedRows<{ limit: number }>(
      await tx.query(
        `UPDATE promotions SET flash_sold = flash_sold + $2
         WHERE id = $1 AND kind = 'FLASH_SALE' AND status = 'ACTIVE' AND rules->>'sku' = $3
           AND flash_sold + $2 <= (rules->>'quantity')::integer
         RETURNING (rules->>'perCustomerLimit')::integer AS "limit"`,
        [id, units, sku],
      ),
    );
    if (!sale) {
      const exists = await tx.exists(PromotionEntity, { where: { id, kind: 'FLASH_SALE', status: 'ACTIVE' } });
      if (!exists) throw new ConflictError('flash-sale-not-active', `Flash sale ${id} is not on`);
      throw new ConflictError('flash-sale-sold-out', `Flash sale ${id} has fewer than ${units} units left`);
    }
    // Counted under the row lock the update holds, so two orders of one customer queue here.
    const [{ taken }] = (await tx.query(
      `SELECT coalesce(sum(quantity), 0)::integer AS taken FROM flash_sale_purchases
       WHERE promotion_id = $1 AND customer_id = $2 AND released_at IS NULL`,
      [id, order.customerId],
    )) as { taken: number }[];
    if (taken + units > sale.limit) {
      throw new ConflictError(
        'flash-sale-customer-limit-reached',
        `At most ${sale.limit} units of flash sale ${id} per customer`,
      );
    }
    await tx.query(
      `INSERT INTO flash_sale_purchases (promotion_id, order_id, customer_id, sku, quantity)
       VALUES ($1, $2, $3, $4, $5)`,
      [id, order.orderId, order.customerId, sku, units],
    );
  }

  private async commitCoupon(tx: EntityManager, order: QuotaUse, id: string) {
    const p = await tx.findOne(PromotionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p || p.status !== 'ACTIVE' || p.couponCode === null) {
      throw new ConflictError('coupon-not-active', `Promotion ${id} takes no coupon now`);
    }
    const [row] = (await tx.query(
      `SELECT count(*)::integer AS used,
              count(*) FILTER (WHERE customer_id = $2)::integer AS mine,
              count(*) FILTER (WHERE order_id = $3)::integer AS this_order
       FROM coupon_redemptions WHERE promotion_id = $1 AND released_at IS NULL`,
      [id, order.customerId, order.orderId],
    )) as { used: number; mine: number; this_order: number }[];
    if (row.this_order > 0) return;
    const refusal = couponRefusal({
      usageLimit: p.usageLimit ?? undefined,
      used: row.used,
      perCustomerLimit: p.perCustomerLimit ?? undefined,
      customerUsed: row.mine,
    });
    if (refusal) throw new ConflictError(refusal, `Coupon ${p.couponCode} cannot be used again`);
    await tx.query(
      `INSERT INTO coupon_redemptions (promotion_id, order_id, customer_id) VALUES ($1, $2, $3)
       ON CONFLICT (promotion_id, order_id) DO UPDATE SET released_at = NULL, customer_id = EXCLUDED.customer_id`,
      [id, order.orderId, order.customerId],
    );
  }

  private async flashSale(promotionId: string): Promise<FlashPromotion | undefined> {
    const p = (await this.promotions.active()).find((a) => a.id === promotionId);
    return p?.kind === 'FLASH_SALE' ? p : undefined;
  }

  private async runGrant(
    keys: readonly string[],
    argv: readonly number[],
    sales: readonly FlashPromotion[],
    customerId: string,
  ): Promise<number[]> {
    for (let attempt = 1; attempt <= SEED_ATTEMPTS; attempt++) {
      const reply = (await this.redis.eval(GRANT_SCRIPT, keys.length, ...keys, ...argv)) as number[];
      if (reply[0] !== -1) return reply.map(Number);
      // Missing counters: seed each sale named by a missing key, then try again.
      const missing = new Set(reply.slice(1).map((keyIndex) => sales[Math.floor((Number(keyIndex) - 1) / 2)]));
      for (const sale of missing) await this.seed(sale, [customerId]);
    }
    throw new Error('Flash sale counters could not be seeded in Redis');
  }

  // Sets missing counters from Postgres, the committed truth; NX so a counter another process
  // seeded (and may already have counted on) is never overwritten.
  private async seed(sale: FlashPromotion, customerIds: readonly string[]): Promise<void> {
    const ttl = Math.max(60, Math.ceil((sale.endsAt.getTime() - Date.now()) / 1000)) + COUNTER_GRACE_SECONDS;
    const [{ sold }] = (await this.db.query('SELECT flash_sold AS sold FROM promotions WHERE id = $1', [sale.id])) as {
      sold: number;
    }[];
    await this.redis.set(soldKey(sale.id), sold, 'EX', ttl, 'NX');
    for (const customerId of customerIds) {
      const [{ taken }] = (await this.db.query(
        `SELECT coalesce(sum(quantity), 0)::integer AS taken FROM flash_sale_purchases
         WHERE promotion_id = $1 AND customer_id = $2 AND released_at IS NULL`,
        [sale.id, customerId],
      )) as { taken: number }[];
      await this.redis.set(customerKey(sale.id, customerId), taken, 'EX', ttl, 'NX');
    }
  }

  private async giveBack(
    given: readonly { promotionId: string; customerId: string; units: number }[],
  ): Promise<void> {
    if (given.length === 0) return;
    const keys = given.flatMap((g) => [soldKey(g.promotionId), customerKey(g.promotionId, g.customerId)]);
    try {
      await this.redis.eval(RELEASE_SCRIPT, keys.length, ...keys, ...given.map((g) => g.units));
    } catch (error) {
      // Counters left too high only hold units back; Postgres keeps the true count.
      this.logger.warn({ err: error }, 'could not give flash units back in Redis');
    }
  }
}
