import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, errors, jwtVerify } from 'jose';
import {
  MEMBER_TIERS,
  ROLES,
  UnauthorizedError,
  type Identity,
  type MemberTier,
  type Role,
} from '@emporium/contracts';
import { GATEWAY_CONFIG } from '../../tokens';
import type { GatewayConfig } from '../../config';

// Pinned: a token whose header names another algorithm (`none`, RS256 with our secret as a public
// key, ...) is refused before its signature is even looked at.
const ALGORITHM = 'HS256';
/** Verified tokens remembered, so a client's next requests skip the signature check. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Signs and verifies end-user access tokens (short-lived JWTs, HS256, issuer and audience bound). */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;
  /** Token → its identity and expiry (ms), oldest first; only tokens that verified get in. */
  private readonly verified = new Map<string, { identity: Identity; expiresAt: number }>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.key = new TextEncoder().encode(config.GATEWAY_JWT_SECRET);
  }

  /** Lifetime of the tokens this issues, in seconds. */
  get ttlSeconds(): number {
    return this.config.GATEWAY_ACCESS_TOKEN_TTL_SECONDS;
  }

  sign(identity: Identity): Promise<string> {
    return new SignJWT({ roles: identity.roles, tier: identity.memberTier })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(identity.userId)
      .setIssuer(this.config.GATEWAY_JWT_ISSUER)
      .setAudience(this.config.GATEWAY_JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The identity of a valid token; UnauthorizedError('invalid-token') for anything else. */
  async verify(token: string): Promise<Identity> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return known.identity;
    this.verified.delete(token);
    const { identity, expiresAt } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, { identity, expiresAt });
    return identity;
  }

  private async verifySignature(token: string): Promise<{ identity: Identity; expiresAt: number }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.config.GATEWAY_JWT_ISSUER,
        audience: this.config.GATEWAY_JWT_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { roles, tier } = payload;
      if (
        !Array.isArray(roles) ||
        roles.length === 0 ||
        !roles.every((r) => ROLES.includes(r as Role))
      ) {
        throw new UnauthorizedError('invalid-token', 'The access token is not valid');
      }
      // Frozen: one cached object answers every request that carries the token.
      const identity: Identity = Object.freeze({
        userId: payload.sub!,
        roles: Object.freeze([...(roles as Role[])]),
        ...(MEMBER_TIERS.includes(tier as MemberTier) ? { memberTier: tier as MemberTier } : {}),
      });
      return { identity, expiresAt: payload.exp! * 1000 };
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new UnauthorizedError('token-expired', 'The access token has expired');
      }
      throw new UnauthorizedError('invalid-token', 'The access token is not valid');
    }
  }
}
