import type { Role } from '@emporium/contracts';
import { API_ROUTES, type ApiRoute } from '../src/edge/domain/api-routes';
import { aClosedPort, startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { ADMIN, anEmail, call, startGateway, type TestGateway } from './support';

const INTERNAL_SECRET = 'proxy-suite-internal-secret-0123456789ab';
const TIMEOUT_MS = 400;

let gw: TestGateway;
let upstream: FakeUpstream;
const tokens: Partial<Record<Role, string>> = {};
const ids: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  upstream = await startFakeUpstream(INTERNAL_SECRET);
  const stopped = `http://127.0.0.1:${await aClosedPort()}`;
  gw = await startGateway({
    INTERNAL_AUTH_SECRET: INTERNAL_SECRET,
    GATEWAY_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    GATEWAY_CATALOG_URL: upstream.url,
    GATEWAY_ORDERS_URL: upstream.url,
    GATEWAY_LOGISTICS_URL: upstream.url,
    GATEWAY_CUSTOMER_SERVICE_URL: upstream.url,
    GATEWAY_ANALYTICS_URL: upstream.url,
    GATEWAY_PAYMENTS_URL: stopped,
  });
  const admin = await call(gw.url, 'POST', '/api/v1/auth/login', { body: ADMIN });
  tokens.admin = admin.body.accessToken as string;
  ids.admin = (admin.body.user as { id: string }).id;
  const customer = await call(gw.url, 'POST', '/api/v1/auth/register', {
    body: { email: anEmail(), password: 'customer-pass-1', name: '顾客' },
  });
  tokens.customer = customer.body.accessToken as string;
  ids.customer = (customer.body.user as { id: string }).id;
  for (const role of ['merchant', 'agent'] as const) {
    const email = anEmail(role);
    const created = await call(gw.url, 'POST', '/api/v1/admin/users', {
      token: tokens.admin,
      body: { email, password: 'staff-pass-123', name: role, roles: [role] },
    });
    ids[role] = created.body.id as string;
    const login = await call(gw.url, 'POST', '/api/v1/auth/login', {
      body: { email, password: 'staff-pass-123' },
    });
    tokens[role] = login.body.accessToken as string;
  }
});
afterAll(async () => {
  await gw?.stop();
  await upstream?.close();
});

const proxied = API_ROUTES.filter((route) => route.owner !== 'gateway');
const urlOf = (route: ApiRoute) =>
  (route.root ? '' : '/api/v1') + route.path.replace(/\{(\w+)\}/g, 'p-$1');
const callers: (Role | 'anonymous')[] = ['anonymous', 'customer', 'merchant', 'agent', 'admin'];

describe('routing proxy', () => {
  it.each(callers)(
    'answers every proxied route for %s as its access rule says (401/403/reaches service)',
    async (caller) => {
      const problems: string[] = [];
      for (const route of proxied) {
        // Written out again here rather than calling the gateway's checkAccess, so a wrong rule fails.
        const expected =
          route.access === 'public'
            ? 'ok'
            : caller === 'anonymous'
              ? 401
              : route.access === 'authenticated' || route.access.includes(caller)
                ? 'ok'
                : 403;
        const res = await call(gw.url, route.method, urlOf(route), {
          token: caller === 'anonymous' ? undefined : tokens[caller],
          body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        const want = expected === 'ok' ? (route.owner === 'payments' ? 503 : 200) : expected;
        if (res.status !== want)
          problems.push(`${route.method} ${route.path}: ${res.status}, expected ${want}`);
        if (res.status === 200) {
          const identity =
            caller === 'anonymous'
              ? null
              : { userId: ids[caller], roles: [caller], memberTier: 'REGULAR' };
          expect(res.body).toMatchObject({
            method: route.method,
            url: urlOf(route).replace('/api/v1', ''),
            identity,
          });
        }
        if (res.status >= 400)
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      expect(problems).toEqual([]);
    },
  );

  it('strips the prefix, keeps the query (Chinese included) and passes the request id', async () => {
    const res = await call(
      gw.url,
      'GET',
      `/api/v1/products?q=${encodeURIComponent('手机')}&limit=5`,
      {
        headers: { 'x-request-id': 'req-proxy-1' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(`/products?q=${encodeURIComponent('手机')}&limit=5`);
    const seen = upstream.seen.find((r) => r.headers['x-request-id'] === 'req-proxy-1');
    expect(seen).toBeDefined();
    expect(res.headers.get('x-cart-token')).toBe('cart-1');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('passes a body byte for byte (signed webhooks) and never forwards cookies', async () => {
    const raw = '{"b":2,  "a":1}';
    const res = await call(gw.url, 'POST', '/api/v1/webhooks/carriers/sf', {
      body: raw,
      headers: { 'x-signature': 't=1,v1=ab', cookie: 'session=1' },
    });
    expect(res.status).toBe(200);
    expect(res.body.body).toBe(raw);
    const seen = upstream.seen.find((r) => r.url === '/webhooks/carriers/sf')!;
    expect(seen.headers['x-signature']).toBe('t=1,v1=ab');
    expect(seen.headers.cookie).toBeUndefined();
  });

  it('relays a service problem with the public URL as its instance', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/products/missing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      type: 'urn:emporium:problem:not-found-here',
      instance: '/api/v1/products/missing',
    });
  });

  it('turns a service error without a problem body into a 502 problem without its text', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/products/boom');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toMatch(/catalog\.js|Object\.<anonymous>/);
  });

  it('answers a stopped service with a 503 problem, also once its circuit is open', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await call(gw.url, 'GET', '/api/v1/payments/p-1', { token: tokens.customer });
      expect(res.status).toBe(503);
      expect(res.body.type).toBe('urn:emporium:problem:service-unavailable');
      expect(res.headers.get('retry-after')).toBe('5');
    }
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(
      /gateway_upstream_calls_total\{service="payments",outcome="circuit-open"\} [1-9]/,
    );
  });

  it('retries an idempotent request once when the connection drops', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/products?flaky=get');
    expect(res.status).toBe(200);
    expect(upstream.seen.filter((r) => r.url === '/products?flaky=get')).toHaveLength(2);
  });

  it('never retries a POST: it may have taken effect', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/cart/items?flaky=post', {
      body: { sku: 'A', quantity: 1 },
    });
    expect(res.status).toBe(503);
    expect(upstream.seen.filter((r) => r.url === '/cart/items?flaky=post')).toHaveLength(1);
  });

  it('answers a service that hangs with a 503 once the configured timeout passes', async () => {
    const started = Date.now();
    const res = await call(gw.url, 'GET', '/api/v1/products?hang=1');
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/did not answer in time/);
    // Generous bound: the point is that it ends, not how fast.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_500);
  });
});
