import type { Role } from '../identity';
import type { MemberTier } from '../api-values';

/** `customer.registered` v1. */
export interface CustomerRegisteredV1 {
  readonly customerId: string;
  readonly email: string;
  readonly name: string;
  readonly memberTier: MemberTier;
  readonly registeredAt: string;
}

/**
 * `user.roles-changed` v1: an account was created with a staff role (merchant, agent, admin), or
 * its roles changed. `previousRoles` is empty for a new account.
 */
export interface UserRolesChangedV1 {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly previousRoles: readonly Role[];
  readonly changedAt: string;
}
