/*
 * Quota arithmetic of flash sales and coupons. The atomic Redis script and the SQL guards apply
 * the same rules; this is the one readable statement of them.
 */

/** Where a flash sale stands for one customer. */
export interface FlashStanding {
  /** Units on offer at the flash price in all. */
  readonly quantity: number;
  /** Units already taken by anyone (granted or sold). */
  readonly sold: number;
  readonly perCustomerLimit: number;
  /** Units this customer already took; 0 for an anonymous shopper. */
  readonly customerTaken: number;
}

/** Units this customer could still get at the flash price: the smaller of quota and own limit. */
export function flashUnitsLeft(s: FlashStanding): number {
  return Math.max(0, Math.min(s.quantity - s.sold, s.perCustomerLimit - s.customerTaken));
}

/** Units granted for a request: never more than asked, never more than left. */
export function flashGrant(requested: number, s: FlashStanding): number {
  return Math.max(0, Math.min(Math.floor(requested), flashUnitsLeft(s)));
}

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
