import type { Money } from '../money';
import type { MemberTier, PromotionKind, PromotionStatus } from '../api-values';

/** The kinds of promotion API.md lists. */
export type PromotionKindV1 = PromotionKind;

/** A promotion is ACTIVE until a merchant ends it (its time window is separate). */
export type PromotionStatusV1 = PromotionStatus;

/** What a promotion covers: listed SKUs, listed categories, or everything. */
export interface PromotionTargetV1 {
  readonly skus?: readonly string[];
  readonly categoryIds?: readonly string[];
  readonly all?: boolean;
}

/** `PERCENT_OFF` rules: 15 means 15 %. */
export interface PercentOffRulesV1 {
  readonly percent: number;
}

/** `AMOUNT_OFF` rules: taken off each unit of a targeted line. */
export interface AmountOffRulesV1 {
  readonly amount: Money;
}

/** One 满减 tier: spend `minSubtotal`, get `off` off. */
export interface ThresholdTierV1 {
  readonly minSubtotal: Money;
  readonly off: Money;
}

/** `THRESHOLD_OFF` rules: the best reached tier applies. */
export interface ThresholdOffRulesV1 {
  readonly tiers: readonly ThresholdTierV1[];
}

/** `GIFT` rules: `giftQuantity` of `giftSku` free from `minQuantity` targeted units. */
export interface GiftRulesV1 {
  readonly minQuantity: number;
  readonly giftSku: string;
  readonly giftQuantity: number;
}

/** `FLASH_SALE` rules: `quantity` units of `sku` at `price`, at most `perCustomerLimit` each. */
export interface FlashSaleRulesV1 {
  readonly sku: string;
  readonly price: Money;
  readonly quantity: number;
  readonly perCustomerLimit: number;
}

interface PromotionStateCommonV1 {
  readonly id: string;
  readonly name: string;
  readonly status: PromotionStatusV1;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly target: PromotionTargetV1;
  readonly memberTiers: readonly MemberTier[];
  /**
   * The code a cart needs for the promotion to apply. Shown by the API to staff (merchant, admin,
   * agent), and to everyone when `advertised`; otherwise `null` while `couponRequired` is true.
   */
  readonly couponCode: string | null;
  /** Whether the promotion applies only with a coupon code on the cart (always sent; older events lack it). */
  readonly couponRequired?: boolean;
  /** Whether the coupon code is public, shown to shoppers (always sent; older events lack it). */
  readonly advertised?: boolean;
  readonly usageLimit: number | null;
  readonly perCustomerLimit: number | null;
  readonly stackable: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/**
 * A promotion's whole state (Money objects, ISO-8601 times), as the `promotion.*` events carry it:
 * the coupon code always, for the platform's services and the integrators an admin subscribed.
 */
export type PromotionStateV1 =
  | (PromotionStateCommonV1 & { readonly kind: 'PERCENT_OFF'; readonly rules: PercentOffRulesV1 })
  | (PromotionStateCommonV1 & { readonly kind: 'AMOUNT_OFF'; readonly rules: AmountOffRulesV1 })
  | (PromotionStateCommonV1 & {
      readonly kind: 'THRESHOLD_OFF';
      readonly rules: ThresholdOffRulesV1;
    })
  | (PromotionStateCommonV1 & { readonly kind: 'GIFT'; readonly rules: GiftRulesV1 })
  | (PromotionStateCommonV1 & {
      readonly kind: 'FLASH_SALE';
      readonly rules: FlashSaleRulesV1;
      /** Units sold at the flash price by orders that were not cancelled. */
      readonly flashSold: number;
    });

/** `promotion.created` v1: a merchant created a promotion. */
export type PromotionCreatedV1 = PromotionStateV1;

/** `promotion.updated` v1: a merchant changed a promotion; the whole new state. */
export type PromotionUpdatedV1 = PromotionStateV1;

/** `promotion.ended` v1: a merchant ended a promotion (status ENDED); it no longer applies. */
export type PromotionEndedV1 = PromotionStateV1;

/**
 * A promotion in API form, as responses carry it: the state its events carry, the coupon code of
 * a promotion that is not advertised shown to staff only.
 */
export type PromotionV1 = PromotionStateV1;
