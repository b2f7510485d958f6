/** What the store knows about one refresh token of a family (one login). */
export interface RefreshTokenState {
  readonly expiresAt: Date;
  /** Set once the token was exchanged for a new one. */
  readonly rotatedAt: Date | null;
  /** Set when the token's family was revoked (logout, or reuse detected). */
  readonly revokedAt: Date | null;
}

/** The outcome of presenting a refresh token. */
export type RefreshDecision =
  | { readonly kind: 'rotate' }
  | { readonly kind: 'refuse'; readonly reason: 'expired' | 'revoked' }
  // A rotated token coming back means it was copied: the whole family is burnt.
  | { readonly kind: 'revoke-family'; readonly reason: 'reused' };

/** Decides what presenting `token` at `now` does (rotation with reuse detection). */
export function decideRefresh(token: RefreshTokenState, now: Date): RefreshDecision {
  if (token.revokedAt) return { kind: 'refuse', reason: 'revoked' };
  if (token.rotatedAt) return { kind: 'revoke-family', reason: 'reused' };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'refuse', reason: 'expired' };
  return { kind: 'rotate' };
}
