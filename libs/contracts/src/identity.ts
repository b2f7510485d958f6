import type { MemberTier } from './events/identity-customer';

/** Roles of API.md's auth convention. */
export type Role = 'customer' | 'merchant' | 'agent' | 'admin';

/** Every role, for validation. */
export const ROLES: readonly Role[] = ['customer', 'merchant', 'agent', 'admin'];

/** Who is calling, as the gateway established it and hands it to services. */
export interface Identity {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly memberTier?: MemberTier;
}
