/** Member tiers, derived from paid spend. */
export type MemberTier = 'REGULAR' | 'SILVER' | 'GOLD' | 'PLATINUM';

/** `customer.registered` v1. */
export interface CustomerRegisteredV1 {
  readonly customerId: string;
  readonly email: string;
  readonly name: string;
  readonly memberTier: MemberTier;
  readonly registeredAt: string;
}

/** `customer.tier-changed` v1. */
export interface CustomerTierChangedV1 {
  readonly customerId: string;
  readonly from: MemberTier;
  readonly to: MemberTier;
}
