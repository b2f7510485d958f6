import { SignJWT, jwtVerify, errors } from 'jose';
import { ROLES, type Identity, type Role } from '@emporium/contracts';

/** The header in which the gateway hands the caller's identity to a service. */
export const INTERNAL_IDENTITY_HEADER = 'x-emporium-identity';

const ALGORITHM = 'HS256';
const ISSUER = 'emporium-gateway';
const AUDIENCE = 'emporium-internal';

/** Thrown when an identity header is not one the gateway signed. */
export class InvalidIdentityError extends Error {}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Signs `identity` for one internal request: HS256 with the shared internal secret, short-lived,
 * bound to issuer and audience, so nobody without the secret can make one.
 */
export function signInternalIdentity(
  identity: Identity,
  secret: string,
  ttlSeconds = 60,
): Promise<string> {
  return new SignJWT({ roles: identity.roles, tier: identity.memberTier })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(identity.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/** Verifies a signed identity with the algorithm pinned; throws InvalidIdentityError otherwise. */
export async function verifyInternalIdentity(token: string, secret: string): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    const roles = payload.roles;
    if (!Array.isArray(roles) || !roles.every((r) => ROLES.includes(r as Role))) {
      throw new InvalidIdentityError('roles claim is malformed');
    }
    return {
      userId: payload.sub!,
      roles: roles as Role[],
      ...(typeof payload.tier === 'string'
        ? { memberTier: payload.tier as Identity['memberTier'] }
        : {}),
    };
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw error;
    if (error instanceof errors.JOSEError) throw new InvalidIdentityError(error.code);
    throw new InvalidIdentityError('malformed identity');
  }
}
