import { SignJWT, UnsecuredJWT } from 'jose';
import {
  InvalidIdentityError,
  signInternalIdentity,
  verifyInternalIdentity,
} from './internal-identity';

const SECRET = 'a-test-secret-that-is-long-enough-1234';
const customer = { userId: 'c0a8012e-0000-4000-8000-000000000001', roles: ['customer' as const] };

describe('internal identity', () => {
  it('verifies what the gateway signed', async () => {
    const token = await signInternalIdentity({ ...customer, memberTier: 'GOLD' }, SECRET);
    await expect(verifyInternalIdentity(token, SECRET)).resolves.toEqual({
      ...customer,
      memberTier: 'GOLD',
    });
  });

  it('refuses an identity signed with another secret', async () => {
    const token = await signInternalIdentity(customer, 'another-secret-that-is-long-enough-99');
    await expect(verifyInternalIdentity(token, SECRET)).rejects.toBeInstanceOf(
      InvalidIdentityError,
    );
  });

  it('refuses an unsigned (alg none) identity', async () => {
    const token = new UnsecuredJWT({ roles: ['admin'] })
      .setSubject(customer.userId)
      .setIssuer('emporium-gateway')
      .setAudience('emporium-internal')
      .setIssuedAt()
      .setExpirationTime('1m')
      .encode();
    await expect(verifyInternalIdentity(token, SECRET)).rejects.toBeInstanceOf(
      InvalidIdentityError,
    );
  });

  it('refuses a token whose payload was edited to add a role', async () => {
    const token = await signInternalIdentity(customer, SECRET);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.roles = ['admin'];
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature];
    await expect(verifyInternalIdentity(forged.join('.'), SECRET)).rejects.toBeInstanceOf(
      InvalidIdentityError,
    );
  });

  it('refuses an expired identity', async () => {
    const token = await new SignJWT({ roles: ['customer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(customer.userId)
      .setIssuer('emporium-gateway')
      .setAudience('emporium-internal')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 540)
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifyInternalIdentity(token, SECRET)).rejects.toBeInstanceOf(
      InvalidIdentityError,
    );
  });

  it('refuses a token meant for another audience (a customer access token, say)', async () => {
    const token = await new SignJWT({ roles: ['customer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(customer.userId)
      .setIssuer('emporium-gateway')
      .setAudience('emporium-api')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifyInternalIdentity(token, SECRET)).rejects.toBeInstanceOf(
      InvalidIdentityError,
    );
  });

  it('refuses an unknown role', async () => {
    const token = await signInternalIdentity({ userId: 'u', roles: ['root' as never] }, SECRET);
    await expect(verifyInternalIdentity(token, SECRET)).rejects.toBeInstanceOf(
      InvalidIdentityError,
    );
  });
});
