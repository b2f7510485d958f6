import { anEmail, call, startGateway, type TestGateway } from './support';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    GATEWAY_RATE_LIMIT_LOGIN: '5',
    GATEWAY_RATE_LIMIT_REGISTER: '3',
    GATEWAY_RATE_LIMIT_DEFAULT: '8',
    GATEWAY_RATE_LIMIT_LOGIN_IP: '12',
    // The test client stands in for the ingress: tests name their client in X-Forwarded-For.
    GATEWAY_TRUSTED_PROXIES: '127.0.0.1',
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
      last = await call(gw.url, 'POST', '/api/v1/auth/login', {
        body: { email, password: `guess-${i}-xx` },
      });
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

  it('lets another user on the same address sign in while one e-mail is limited', async () => {
    const from = { 'x-forwarded-for': '203.0.113.10' };
    const victim = anEmail('victim');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(gw.url, 'POST', '/api/v1/auth/login', {
        body: { email: victim, password: `guess-${i}-xx` },
        headers: from,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const neighbour = await newUser();
    const res = await call(gw.url, 'POST', '/api/v1/auth/login', {
      body: neighbour,
      headers: from,
    });
    expect(res.status).toBe(200);
  });

  it('limits one e-mail across addresses, so guesses spread over many IPs stop too', async () => {
    const victim = anEmail('victim');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(gw.url, 'POST', '/api/v1/auth/login', {
        body: { email: victim, password: `guess-${i}-xx` },
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits logins per IP over all e-mails (credential stuffing) with GATEWAY_RATE_LIMIT_LOGIN_IP', async () => {
    const from = { 'x-forwarded-for': '203.0.113.20' };
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      const res = await call(gw.url, 'POST', '/api/v1/auth/login', {
        body: { email: anEmail(), password: 'leaked-pass-1' },
        headers: from,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(statuses[12]).toBe(429);
  });

  it('takes the client address from X-Forwarded-For when the peer is a trusted proxy', async () => {
    const register = (forwardedFor: string) =>
      call(gw.url, 'POST', '/api/v1/auth/register', {
        body: { email: anEmail(), password: 'correct-horse-1', name: 'x' },
        headers: { 'x-forwarded-for': forwardedFor },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await register('203.0.113.30')).status);
    // A client cannot escape its bucket by prepending an address of its choosing: the proxy
    // appends the real one, and that is the one counted.
    statuses.push((await register('192.0.2.99, 203.0.113.30')).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await register('203.0.113.31')).status).toBe(201);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const untrusted = await startGateway({ GATEWAY_RATE_LIMIT_REGISTER: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(untrusted.url, 'POST', '/api/v1/auth/register', {
          body: { email: anEmail(), password: 'correct-horse-1', name: 'x' },
          headers: { 'x-forwarded-for': `203.0.113.${40 + i}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await untrusted.stop();
    }
  });

  it('never limits health probes', async () => {
    for (let i = 0; i < 12; i++) {
      expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    }
  });
});

/** A user created directly (no registration counted), with the password to sign in. */
async function newUser(): Promise<{ email: string; password: string }> {
  const { IdentityService } = await import('../src/identity/application/identity.service');
  const email = anEmail('neighbour');
  const password = 'correct-horse-1';
  await gw.service.app
    .get(IdentityService)
    .createUser({ email, password, name: 'x', roles: ['customer'] });
  return { email, password };
}

async function tokenOfNewUser(): Promise<string> {
  const { IdentityService } = await import('../src/identity/application/identity.service');
  const identity = gw.service.app.get(IdentityService);
  const email = anEmail();
  await identity.createUser({ email, password: 'correct-horse-1', name: 'x', roles: ['customer'] });
  const { AccessTokens } = await import('../src/identity/application/access-tokens');
  const { UserEntity } = await import('../src/identity/persistence/user.entity');
  const { DataSource } = await import('typeorm');
  const user = await gw.service.app
    .get(DataSource)
    .getRepository(UserEntity)
    .findOneByOrFail({ email });
  return gw.service.app.get(AccessTokens).sign({ userId: user.id, roles: user.roles });
}
