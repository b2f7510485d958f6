import { anEmail, call, startGateway, type TestGateway } from './support';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    GATEWAY_RATE_LIMIT_LOGIN: '5',
    GATEWAY_RATE_LIMIT_REGISTER: '3',
    GATEWAY_RATE_LIMIT_DEFAULT: '8',
  });
});
afterAll(async () => {
  await gw?.stop();
});

describe('rate limits', () => {
  it('stops a login brute force with 429, Retry-After and RateLimit headers', async () => {
    const email = anEmail('victim');
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await call(gw.url, 'POST', '/api/v1/auth/login', { body: { email, password: `guess-${i}-xx` } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(last!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(last!.body.type).toBe('urn:emporium:problem:rate-limited');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(last!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(last!.headers.get('ratelimit-limit')).toBe('5');
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('limits registrations per IP more strictly than other requests', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await call(gw.url, 'POST', '/api/v1/auth/register', {
        body: { email: anEmail(), password: 'correct-horse-1', name: 'x' },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('counts a signed-in user on their own, apart from their IP', async () => {
    // A user registered in a fresh window would be refused by the register limit above, so sign
    // in as one of them instead: the login bucket is per IP and e-mail, and this IP has used 5.
    const statuses: number[] = [];
    const token = await tokenOfNewUser();
    for (let i = 0; i < 9; i++) {
      statuses.push((await call(gw.url, 'GET', '/api/v1/me', { token })).status);
    }
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses[8]).toBe(429);
    // The same IP without the token is counted in its own bucket and still served.
    const anonymous = await call(gw.url, 'GET', '/api/v1/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('ratelimit-limit')).toBe('8');
  });

  it('never limits health probes', async () => {
    for (let i = 0; i < 12; i++) {
      expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    }
  });
});

async function tokenOfNewUser(): Promise<string> {
  const { IdentityService } = await import('../src/application/identity.service');
  const identity = gw.service.app.get(IdentityService);
  const email = anEmail();
  await identity.createUser({ email, password: 'correct-horse-1', name: 'x', roles: ['customer'] });
  const { AccessTokens } = await import('../src/application/access-tokens');
  const { UserEntity } = await import('../src/persistence/user.entity');
  const { DataSource } = await import('typeorm');
  const user = await gw.service.app.get(DataSource).getRepository(UserEntity).findOneByOrFail({ email });
  return gw.service.app.get(AccessTokens).sign({ userId: user.id, roles: user.roles });
}
