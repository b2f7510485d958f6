import type { MemberTier } from '../api-values';

/** `customer.tier-changed` v1: the customer's net paid spend moved them to another tier. */
export interface CustomerTierChangedV1 {
  readonly customerId: string;
  readonly from: MemberTier;
  readonly to: MemberTier;
}
