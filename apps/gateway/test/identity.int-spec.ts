import { SignJWT, UnsecuredJWT } from 'jose';
import { DataSource } from 'typeorm';
import { eventually } from '@emporium/testing';
import { ADMIN, anEmail, call, startGateway, type TestGateway } from './support';

let gw: TestGateway;
const JWT_SECRET = 'identity-suite-jwt-secret-0123456789abcdef';

beforeAll(async () => {
  gw = await startGateway({
    GATEWAY_JWT_SECRET: JWT_SECRET,
    GATEWAY_ACCESS_TOKEN_TTL_SECONDS: '120',
  });
});
afterAll(async () => {
  await gw?.stop();
});

async function register(email = anEmail(), password = 'correct-horse-1') {
  const res = await call(gw.url, 'POST', '/api/v1/auth/register', {
    body: { email, password, name: '李伟' },
  });
  expect(res.status).toBe(201);
  return res.body as { accessToken: string; refreshToken: string; user: { id: string } };
}

function forge(claims: Record<string, unknown>, secret = JWT_SECRET) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('6f1c1f7e-1111-4222-8333-444455556666')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

describe('identity', () => {
  it('registers a customer and answers the user with both tokens', async () => {
    const email = anEmail('Mixed.Case');
    const res = await call(gw.url, 'POST', '/api/v1/auth/register', {
      body: { email, password: 'correct-horse-1', name: '李伟', phone: '+86 138 0013 8000' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: {
        email: email.toLowerCase(),
        name: '李伟',
        roles: ['customer'],
        memberTier: 'REGULAR',
      },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    const me = await call(gw.url, 'GET', '/api/v1/me', { token: res.body.accessToken as string });
    expect(me.status).toBe(200);
    expect(me.body).toEqual((res.body as { user: unknown }).user);
  });

  it('announces a registered customer on identity.customer through the outbox', async () => {
    const { user } = await register();
    const row = await eventually(
      async () => {
        const rows: {
          event_type: string;
          sent_at: Date | null;
          envelope: { data: { customerId: string } };
        }[] = await gw.service.app
          .get(DataSource)
          .query(`SELECT event_type, sent_at, envelope FROM outbox WHERE message_key = $1`, [
            user.id,
          ]);
        return rows[0]?.sent_at ? rows[0] : undefined;
      },
      { what: 'customer.registered published' },
    );
    expect(row.event_type).toBe('customer.registered');
    expect(row.envelope.data.customerId).toBe(user.id);
  });

  it('refuses a second account with the same e-mail in any case with 409', async () => {
    const email = anEmail();
    await register(email);
    const res = await call(gw.url, 'POST', '/api/v1/auth/register', {
      body: { email: email.toUpperCase(), password: 'another-pass-1', name: 'x' },
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:emporium:problem:email-taken');
  });

  it('refuses unknown fields, so nobody registers as an admin', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/auth/register', {
      body: { email: anEmail(), password: 'correct-horse-1', name: 'x', roles: ['admin'] },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'roles', message: 'is not allowed' }]);
  });

  it('logs in, and answers a wrong password exactly like an unknown e-mail', async () => {
    const email = anEmail();
    await register(email, 'correct-horse-1');
    const ok = await call(gw.url, 'POST', '/api/v1/auth/login', {
      body: { email, password: 'correct-horse-1' },
    });
    expect(ok.status).toBe(200);
    const wrong = await call(gw.url, 'POST', '/api/v1/auth/login', {
      body: { email, password: 'wrong-horse-1' },
    });
    const unknown = await call(gw.url, 'POST', '/api/v1/auth/login', {
      body: { email: anEmail('nobody'), password: 'wrong-horse-1' },
    });
    expect(wrong.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({
      ...b,
      instance: undefined,
      requestId: undefined,
    });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(unknown.status).toBe(401);
  });

  it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
    const { refreshToken: first } = await register();
    const second = await call(gw.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first },
    });
    expect(second.status).toBe(200);
    const secondToken = second.body.refreshToken as string;
    expect(secondToken).not.toBe(first);

    const reuse = await call(gw.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first },
    });
    expect(reuse.status).toBe(401);
    expect(reuse.body.type).toBe('urn:emporium:problem:invalid-refresh-token');
    // The thief's copy was burnt, and so was the legitimate, newer token of that family.
    const afterReuse = await call(gw.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: secondToken },
    });
    expect(afterReuse.status).toBe(401);
  });

  it('logs out by revoking the refresh token family (204)', async () => {
    const { refreshToken } = await register();
    const out = await call(gw.url, 'POST', '/api/v1/auth/logout', { body: { refreshToken } });
    expect(out.status).toBe(204);
    const res = await call(gw.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken } });
    expect(res.status).toBe(401);
  });

  it('seeds the admin from the environment, who creates staff accounts', async () => {
    const login = await call(gw.url, 'POST', '/api/v1/auth/login', { body: ADMIN });
    expect(login.status).toBe(200);
    expect((login.body.user as { roles: string[] }).roles).toEqual(['admin']);
    const email = anEmail('merchant');
    const created = await call(gw.url, 'POST', '/api/v1/admin/users', {
      token: login.body.accessToken as string,
      body: { email, password: 'merchant-pass-1', name: 'Shop', roles: ['merchant'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, roles: ['merchant'], memberTier: 'REGULAR' });
    const merchant = await call(gw.url, 'POST', '/api/v1/auth/login', {
      body: { email, password: 'merchant-pass-1' },
    });
    expect(merchant.status).toBe(200);
  });

  it('announces a staff account with user.roles-changed on identity.customer, and no customer.registered', async () => {
    const admin = await call(gw.url, 'POST', '/api/v1/auth/login', { body: ADMIN });
    const created = await call(gw.url, 'POST', '/api/v1/admin/users', {
      token: admin.body.accessToken as string,
      body: {
        email: anEmail('agent'),
        password: 'agent-pass-123',
        name: '客服小王',
        roles: ['agent'],
      },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const rows = await eventually(
      async () => {
        const found: { event_type: string; sent_at: Date | null; envelope: { data: unknown } }[] =
          await gw.service.app
            .get(DataSource)
            .query(`SELECT event_type, sent_at, envelope FROM outbox WHERE message_key = $1`, [id]);
        return found.length > 0 && found.every((r) => r.sent_at) ? found : undefined;
      },
      { what: 'user.roles-changed published' },
    );
    expect(rows.map((r) => r.event_type)).toEqual(['user.roles-changed']);
    expect(rows[0].envelope.data).toEqual({
      userId: id,
      email: (created.body as { email: string }).email,
      name: '客服小王',
      roles: ['agent'],
      previousRoles: [],
      changedAt: expect.any(String),
    });
  });

  it('refuses POST /admin/users to non-admins (403) and to anonymous callers (401)', async () => {
    const { accessToken } = await register();
    const body = { email: anEmail(), password: 'merchant-pass-1', name: 'x', roles: ['admin'] };
    expect(
      (await call(gw.url, 'POST', '/api/v1/admin/users', { token: accessToken, body })).status,
    ).toBe(403);
    expect((await call(gw.url, 'POST', '/api/v1/admin/users', { body })).status).toBe(401);
  });

  it('refuses the customer role in POST /admin/users', async () => {
    const admin = await call(gw.url, 'POST', '/api/v1/auth/login', { body: ADMIN });
    const res = await call(gw.url, 'POST', '/api/v1/admin/users', {
      token: admin.body.accessToken as string,
      body: { email: anEmail(), password: 'merchant-pass-1', name: 'x', roles: ['customer'] },
    });
    expect(res.status).toBe(400);
  });

  describe('access token tampering', () => {
    const base = { iss: 'emporium-gateway', aud: 'emporium-api', roles: ['admin'] };

    it.each([
      [
        'alg none',
        () =>
          Promise.resolve(
            new UnsecuredJWT(base)
              .setSubject('6f1c1f7e-1111-4222-8333-444455556666')
              .setIssuedAt()
              .setExpirationTime('5m')
              .encode(),
          ),
      ],
      ['a wrong key', () => forge(base, 'somebody-elses-secret-0123456789abcdefgh')],
      ['a wrong audience', () => forge({ ...base, aud: 'emporium-internal' })],
      ['a wrong issuer', () => forge({ ...base, iss: 'evil' })],
      [
        'an expiry in the past',
        () =>
          new SignJWT(base)
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('6f1c1f7e-1111-4222-8333-444455556666')
            .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
            .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
            .sign(new TextEncoder().encode(JWT_SECRET)),
      ],
      ['an unknown role', () => forge({ ...base, roles: ['root'] })],
      ['garbage', () => Promise.resolve('not.a.jwt')],
    ])('refuses a token with %s (401)', async (_, make) => {
      const res = await call(gw.url, 'GET', '/api/v1/me', { token: await make() });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('refuses a real token whose payload was edited to add a role', async () => {
      const { accessToken } = await register();
      const [header, payload, signature] = accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const forged = [
        header,
        Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url'),
        signature,
      ];
      const res = await call(gw.url, 'POST', '/api/v1/admin/users', {
        token: forged.join('.'),
        body: { email: anEmail(), password: 'merchant-pass-1', name: 'x', roles: ['admin'] },
      });
      expect(res.status).toBe(401);
    });

    it('ignores an internal identity header sent from outside', async () => {
      const res = await call(gw.url, 'GET', '/api/v1/me', {
        headers: { 'x-emporium-identity': 'anything' },
      });
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('urn:emporium:problem:unauthenticated');
    });
  });
});
