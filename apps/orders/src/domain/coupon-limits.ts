/*
 * The usage limits of coupons. (Flash-sale quotas are decided by the Redis gate,
 * persistence/flash-sale-gate.lua, and recorded by the Postgres ledger; see docs/orders.md.)
 */

/** Where a coupon stands for one customer; a limit that is absent means no limit. */
export interface CouponStanding {
  readonly usageLimit?: number;
  readonly used: number;
  readonly perCustomerLimit?: number;
  readonly customerUsed: number;
}

/** Why a coupon cannot be used once more, or undefined when it can. */
export function couponRefusal(
  s: CouponStanding,
): 'coupon-usage-limit-reached' | 'coupon-customer-limit-reached' | undefined {
  if (s.usageLimit !== undefined && s.used >= s.usageLimit) return 'coupon-usage-limit-reached';
  if (s.perCustomerLimit !== undefined && s.customerUsed >= s.perCustomerLimit) {
    return 'coupon-customer-limit-reached';
  }
  return undefined;
}
