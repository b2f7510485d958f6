import type { EntityManager } from 'typeorm';
import type { PromotionStatus } from '@emporium/contracts';
import { execute, queryRow, queryRows, type Db } from '@emporium/platform-persistence';

/** A coupon promotion's status and limits, with the uses not released (all, and the customer's). */
export interface CouponUsage {
  readonly status: PromotionStatus;
  readonly usageLimit: number | null;
  readonly perCustomerLimit: number | null;
  readonly used: number;
  readonly customerUsed: number;
}

/** Uses of a coupon promotion not released: all of them, the customer's, and the order's. */
export interface CouponUses {
  readonly used: number;
  readonly customerUsed: number;
  readonly orderUsed: number;
}

/**
 * The promotion's coupon usage, counting `customerId`'s uses (none without one); undefined when
 * there is no such promotion.
 */
export async function couponUsage(
  db: Db,
  promotionId: string,
  customerId?: string,
): Promise<CouponUsage | undefined> {
  const row = await queryRow<{
    status: PromotionStatus;
    usage_limit: number | null;
    per_customer_limit: number | null;
    used: number;
    mine: number;
  }>(
    db,
    `SELECT p.status, p.usage_limit, p.per_customer_limit,
            count(r.order_id)::int AS used,
            count(r.order_id) FILTER (WHERE r.customer_id = $2)::int AS mine
     FROM promotions p
     LEFT JOIN coupon_redemptions r ON r.promotion_id = p.id AND r.released_at IS NULL
     WHERE p.id = $1
     GROUP BY p.id`,
    [promotionId, customerId ?? null],
  );
  return (
    row && {
      status: row.status,
      usageLimit: row.usage_limit,
      perCustomerLimit: row.per_customer_limit,
      used: row.used,
      customerUsed: row.mine,
    }
  );
}

/** The coupon's uses not released, counted for the customer and order that would use it now. */
export async function couponUses(
  tx: EntityManager,
  promotionId: string,
  customerId: string,
  orderId: string,
): Promise<CouponUses> {
  const [row] = await queryRows<{ used: number; mine: number; this_order: number }>(
    tx,
    `SELECT count(*)::integer AS used,
            count(*) FILTER (WHERE customer_id = $2)::integer AS mine,
            count(*) FILTER (WHERE order_id = $3)::integer AS this_order
     FROM coupon_redemptions WHERE promotion_id = $1 AND released_at IS NULL`,
    [promotionId, customerId, orderId],
  );
  return { used: row.used, customerUsed: row.mine, orderUsed: row.this_order };
}

/** Records the order's use of the coupon; a use the order released is taken up again. */
export async function redeemCoupon(
  tx: EntityManager,
  promotionId: string,
  orderId: string,
  customerId: string,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO coupon_redemptions (promotion_id, order_id, customer_id) VALUES ($1, $2, $3)
     ON CONFLICT (promotion_id, order_id) DO UPDATE SET released_at = NULL, customer_id = EXCLUDED.customer_id`,
    [promotionId, orderId, customerId],
  );
}

/** Releases the coupon uses of an order; a second call finds none left. */
export async function releaseCouponRedemptions(tx: EntityManager, orderId: string): Promise<void> {
  await execute(
    tx,
    'UPDATE coupon_redemptions SET released_at = now() WHERE order_id = $1 AND released_at IS NULL',
    [orderId],
  );
}
