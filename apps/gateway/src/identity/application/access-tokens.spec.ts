import { UnauthorizedError } from '@emporium/contracts';
import { loadGatewayConfig } from '../../config';
import { AccessTokens } from './access-tokens';

const config = loadGatewayConfig({
  NODE_ENV: 'development',
  GATEWAY_JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-characters',
  GATEWAY_ACCESS_TOKEN_TTL_SECONDS: '60',
});
const customer = { userId: '6f1c1a44-6c1d-4a39-9a48-1f3b8cf1a001', roles: ['customer' as const] };

const rejectionOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error instanceof UnauthorizedError ? error.code : error;
  }
  return 'accepted';
};

describe('access tokens', () => {
  afterEach(() => jest.useRealTimers());

  it('verifies a token it signed, and answers the same identity for it again', async () => {
    const tokens = new AccessTokens(config);
    const token = await tokens.sign(customer);
    const first = await tokens.verify(token);
    expect(first).toEqual(customer);
    expect(await tokens.verify(token)).toBe(first);
  });

  it('refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-07T10:00:00Z'), doNotFake: ['nextTick'] });
    const tokens = new AccessTokens(config);
    const token = await tokens.sign(customer);
    await tokens.verify(token);
    jest.setSystemTime(new Date('2026-12-07T10:01:01Z'));
    expect(await rejectionOf(tokens.verify(token))).toBe('token-expired');
  });

  it('refuses a token whose signature does not match, even after the genuine one was verified', async () => {
    const tokens = new AccessTokens(config);
    const token = await tokens.sign(customer);
    await tokens.verify(token);
    const [header, , signature] = token.split('.');
    const admin = Buffer.from(
      JSON.stringify({ sub: customer.userId, roles: ['admin'], iat: 1, exp: 4_102_444_800 }),
    ).toString('base64url');
    expect(await rejectionOf(tokens.verify(`${header}.${admin}.${signature}`))).toBe(
      'invalid-token',
    );
    expect(await rejectionOf(tokens.verify(`${token.slice(0, -2)}xx`))).toBe('invalid-token');
  });
});
