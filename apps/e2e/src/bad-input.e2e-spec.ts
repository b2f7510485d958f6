/**
 * Bad input that used to reach a 500 (issue #20): listing cursors nobody handed out, and JSON
 * nested deeper than any API document goes, at the gateway and at each service directly. Each is
 * a 400 problem that changes nothing.
 */
import {
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';

const ADMIN = { email: 'admin@bad-input.test', password: 'bad-input-admin-password-1' };
const DEPTH = 10_000;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Cursors a client might forge: not base64 JSON, or JSON of the right shape with values a query cannot take. */
const FORGED_CURSORS = [
  'garbage',
  b64({}),
  b64(null),
  b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
  b64(['1', '00000000-0000-4000-8000-000000000000']),
  b64(['+275760-09-13T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
  b64(['P1', 'yesterday', '00000000-0000-4000-8000-000000000000']),
  b64(['P1', '1', '00000000-0000-4000-8000-000000000000']),
  b64(['', '+275760-09-13T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
  b64(['newest', 'abc', 'not-a-uuid']),
  b64(['reviews', 1e300, '00000000-0000-4000-8000-000000000000']),
  b64(['reviews', 'abc', '00000000-0000-4000-8000-000000000000']),
  '99999999999999999999999',
];

describe('bad input the platform answers with a 400 problem', () => {
  let kafka: TestKafka;
  let platform: PlatformProcesses;
  let gateway: string;
  const tokens: Record<string, string> = {};
  let productId: string;
  let webhookId: string;

  const call = async (
    method: string,
    url: string,
    options: { body?: string; token?: string } = {},
  ) => {
    const res = await fetch(url, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body,
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', text };
  };
  const json = async (method: string, path: string, body: unknown, token?: string) => {
    const res = await call(method, `${gateway}/api/v1${path}`, {
      body: JSON.stringify(body),
      token,
    });
    return { status: res.status, body: JSON.parse(res.text) as Record<string, string> };
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      env: {
        EMPORIUM_ADMIN_EMAIL: ADMIN.email,
        EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
        GATEWAY_WEBHOOKS_ALLOW_PRIVATE: 'true',
      },
    });
    gateway = platform.services.gateway.url;
    tokens.admin = (await json('POST', '/auth/login', ADMIN)).body.accessToken;
    for (const role of ['merchant', 'agent']) {
      const email = `${role}-${uniqueSuffix()}@bad-input.test`;
      await json(
        'POST',
        '/admin/users',
        { email, password: `${role}-password-1`, name: role, roles: [role] },
        tokens.admin,
      );
      tokens[role] = (
        await json('POST', '/auth/login', { email, password: `${role}-password-1` })
      ).body.accessToken;
    }
    const buyer = {
      email: `buyer-${uniqueSuffix()}@bad-input.test`,
      password: 'buyer-password-1',
      name: '买家',
    };
    tokens.customer = (await json('POST', '/auth/register', buyer)).body.accessToken;
    const category = await json(
      'POST',
      '/categories',
      { name: '茶叶', slug: `tea-${uniqueSuffix()}` },
      tokens.merchant,
    );
    const product = await json(
      'POST',
      '/products',
      {
        name: '西湖龙井',
        description: '杭州西湖龙井茶',
        categoryId: category.body.id,
        variants: [
          {
            sku: `TEA-${uniqueSuffix()}`,
            name: '250g',
            price: { amount: 15_000, currency: 'CNY' },
            weightGrams: 300,
            dimensionsMm: { length: 200, width: 100, height: 80 },
            attributes: {},
          },
        ],
      },
      tokens.merchant,
    );
    expect(product.status).toBe(201);
    productId = product.body.id;
    const another = await json(
      'POST',
      '/products',
      {
        name: '碧螺春',
        description: '苏州碧螺春',
        categoryId: category.body.id,
        variants: [
          {
            sku: `TEA-${uniqueSuffix()}`,
            name: '250g',
            price: { amount: 12_000, currency: 'CNY' },
            weightGrams: 300,
            dimensionsMm: { length: 200, width: 100, height: 80 },
            attributes: {},
          },
        ],
      },
      tokens.merchant,
    );
    expect(another.status).toBe(201);
    const webhook = await json(
      'POST',
      '/integrations/webhooks',
      { url: 'http://127.0.0.1:9/hook', events: ['order.paid'] },
      tokens.admin,
    );
    expect(webhook.status).toBe(201);
    webhookId = webhook.body.id;
  });

  afterAll(async () => {
    await platform?.stop();
    await kafka?.stop();
  });

  const LISTINGS: [string, string, () => string][] = [
    ['GET /products', 'customer', () => '/products'],
    ['GET /products?sort=price_asc', 'customer', () => '/products?sort=price_asc'],
    ['GET /products/{id}/reviews', 'customer', () => `/products/${productId}/reviews`],
    ['GET /orders (customer)', 'customer', () => '/orders'],
    ['GET /orders (staff)', 'merchant', () => '/orders'],
    ['GET /promotions', 'merchant', () => '/promotions'],
    ['GET /payments', 'customer', () => '/payments'],
    ['GET /tickets (customer)', 'customer', () => '/tickets'],
    ['GET /tickets (agent queue)', 'agent', () => '/tickets'],
    ['GET /integrations/webhooks', 'admin', () => '/integrations/webhooks'],
    [
      'GET /integrations/webhooks/{id}/deliveries',
      'admin',
      () => `/integrations/webhooks/${webhookId}/deliveries`,
    ],
  ];

  it.each(LISTINGS)('refuses a cursor it did not hand out on %s', async (_, role, path) => {
    const answers: { cursor: string; status: number; type: string; body: string }[] = [];
    for (const cursor of FORGED_CURSORS) {
      const url = `${gateway}/api/v1${path()}${path().includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
      const res = await call('GET', url, { token: tokens[role] });
      answers.push({ cursor, status: res.status, type: res.type, body: res.text.slice(0, 200) });
    }
    expect(
      answers.filter((a) => a.status !== 400 || !a.type.startsWith('application/problem+json')),
    ).toEqual([]);
  });

  it('refuses a product listing cursor it handed out once its key or id is changed', async () => {
    const first = await call('GET', `${gateway}/api/v1/products?limit=1&sort=price_asc`);
    const cursor = (JSON.parse(first.text) as { nextCursor: string }).nextCursor;
    const [listing, key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
      string,
      number,
      string,
    ];
    expect(typeof key).toBe('number');
    const answers: { forged: unknown[]; status: number }[] = [];
    for (const forged of [
      [listing, 'abc', id],
      [listing, key, 'not-a-uuid'],
      [listing, '1e400', id],
      [listing, key, 42],
    ]) {
      const res = await call(
        'GET',
        `${gateway}/api/v1/products?limit=1&sort=price_asc&cursor=${b64(forged)}`,
      );
      answers.push({ forged, status: res.status });
    }
    expect(answers.filter((a) => a.status !== 400)).toEqual([]);
    const second = await call(
      'GET',
      `${gateway}/api/v1/products?limit=1&sort=price_asc&cursor=${cursor}`,
    );
    expect(second.status).toBe(200);
  });

  const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
  const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
  const tooDeep = `{"name":${'['.repeat(65)}1${']'.repeat(65)}}`;

  it.each([
    ['the gateway, a route of its own', 'POST /auth/login'],
    ['the gateway, a route of its own', 'POST /events'],
    ['the gateway, a proxied route', 'POST /shipping/quote'],
    ['the gateway, a proxied route', 'POST /cart/items'],
    ['the gateway, a proxied route', 'POST /products'],
  ])('refuses JSON nested thousands deep at %s (%s)', async (_, route) => {
    const [method, path] = route.split(' ');
    for (const body of [deepArray, deepObject, tooDeep]) {
      const res = await call(method, `${gateway}/api/v1${path}`, {
        body,
        token: path === '/products' ? tokens.merchant : undefined,
      });
      expect({ route, body: body.slice(0, 12), status: res.status, type: res.type }).toEqual({
        route,
        body: body.slice(0, 12),
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
  });

  it.each([
    ['catalog', '/categories'],
    ['orders', '/cart/items'],
    ['payments', '/webhooks/payments/sandbox'],
    ['logistics', '/shipping/quote'],
    ['customer-service', '/tickets'],
  ] as const)('refuses JSON nested thousands deep at %s itself', async (service, path) => {
    for (const body of [deepArray, deepObject, tooDeep]) {
      const res = await call('POST', `${platform.services[service].url}${path}`, { body });
      expect({ service, body: body.slice(0, 12), status: res.status, type: res.type }).toEqual({
        service,
        body: body.slice(0, 12),
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
  });

  it('still reads JSON nested as deep as a request may go, and judges its content', async () => {
    const nested = JSON.parse(`${'['.repeat(60)}1${']'.repeat(60)}`) as unknown;
    const res = await call('POST', `${gateway}/api/v1/shipping/quote`, {
      body: JSON.stringify({
        destination: { province: '上海市', city: '上海市' },
        items: [{ sku: 'X', quantity: 1 }],
        extra: nested,
      }),
    });
    expect({ status: res.status, type: JSON.parse(res.text).type }).toEqual({
      status: 400,
      type: 'urn:emporium:problem:validation-failed',
    });
  });
});
