import type { MemberTier } from './api-values';

/** Every role of API.md's auth convention, for validation. */
export const ROLES = ['customer', 'merchant', 'agent', 'admin'] as const;

/** Roles of API.md's auth convention. */
export type Role = (typeof ROLES)[number];

/** Who is calling, as the gateway established it and hands it to services. */
export interface Identity {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly memberTier?: MemberTier;
}

/**
 * The staff: they see every customer's records and act on them. One rule for the whole platform:
 * an admin passes wherever staff does.
 */
export const STAFF_ROLES: readonly Role[] = ['merchant', 'agent', 'admin'];

/** True when the caller holds a staff role (merchant, agent or admin). */
export function isStaff(identity: Pick<Identity, 'roles'>): boolean {
  return identity.roles.some((role) => STAFF_ROLES.includes(role));
}

/** Who runs the shop (catalog, stock, promotions, reports): merchants, and admins by the same rule. */
export const MERCHANT_ROLES: readonly Role[] = ['merchant', 'admin'];

/** True when the caller runs the shop: a merchant or an admin. */
export function isMerchant(identity: Pick<Identity, 'roles'>): boolean {
  return identity.roles.some((role) => MERCHANT_ROLES.includes(role));
}
