import { randomUUID } from 'node:crypto';
import { aStockedProduct, gatewayCall, SHANGHAI_ADDRESS } from './support/shop';
import {
  eventually,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';

const ADMIN = { email: 'admin@content.test', password: 'content-admin-password' };

interface Reply {
  status: number;
  contentType: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  body: any;
}

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/*
 * Content marketing through the gateway with the services as built (dist/): a merchant publishes a
 * page and a banner, a storefront reads them anonymously with the script stripped, and a session
 * that came in on the page's campaign, and the order it paid, show under that campaign in the
 * channels report.
 */
describe('content pages and banners through the gateway, every service a process', () => {
  let kafka: TestKafka;
  let platform: PlatformProcesses;
  let api: string;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
    };
  };
  const login = async (email: string, password: string) =>
    (await call('POST', '/auth/login', { email, password })).body.accessToken as string;

  beforeAll(async () => {
    kafka = await startTestKafka();
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['gateway', 'catalog', 'orders', 'logistics', 'payments', 'analytics'],
      env: { EMPORIUM_ADMIN_EMAIL: ADMIN.email, EMPORIUM_ADMIN_PASSWORD: ADMIN.password },
    });
    api = `${platform.services.gateway.url}/api/v1`;
  });

  afterAll(async () => {
    await platform?.stop();
    await kafka?.stop();
  });

  it('a merchant publishes a page and a banner, a storefront reads them without script, and a session and its paid order show under the campaign in the channels report', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const email = `merchant-${uniqueSuffix()}@content.test`;
    const staff = { email, password: 'merchant-password-1', name: '运营', roles: ['merchant'] };
    expect((await call('POST', '/admin/users', staff, admin)).status).toBe(201);
    const merchant = await login(email, staff.password);
    const campaign = `guide-${uniqueSuffix()}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 60);
    const slug = `618-guide-${randomUUID().slice(0, 8)}`;

    const page = await call(
      'POST',
      '/content/pages',
      {
        slug,
        title: '618 耳机选购指南',
        blocks: [
          {
            kind: 'html',
            html: '<h2>怎么选</h2><p onclick="steal()">先看降噪</p><script>steal()</script>',
          },
          { kind: 'products', productIds: [randomUUID()] },
        ],
        campaign,
        status: 'PUBLISHED',
      },
      merchant,
    );
    expect(page.status).toBe(201);
    const banner = await call(
      'POST',
      '/content/banners',
      {
        placement: 'home-top',
        title: '618 大促',
        imageUrl: 'https://cdn.example.com/618.jpg',
        linkUrl: `https://shop.example.com/guides/${slug}?utm_source=content&utm_campaign=${campaign}`,
        campaign,
        status: 'PUBLISHED',
        priority: 100,
      },
      merchant,
    );
    expect(banner.status).toBe(201);

    // A storefront, signed out.
    const read = await call('GET', `/content/pages/${slug}`);
    expect(read.status).toBe(200);
    expect(read.body.blocks[0]).toEqual({ kind: 'html', html: '<h2>怎么选</h2><p>先看降噪</p>' });
    expect(JSON.stringify(read.body)).not.toMatch(/script|onclick|steal/);
    const banners = await call('GET', '/content/banners?placement=home-top');
    expect(banners.status).toBe(200);
    expect(banners.body.items.map((b: { id: string }) => b.id)).toContain(banner.body.id);

    // Customers cannot write content; a draft is not served.
    const shopper = await call('POST', '/auth/register', {
      email: `shopper-${uniqueSuffix()}@content.test`,
      password: 'shopper-password-1',
      name: '买家',
    });
    const token = shopper.body.accessToken as string;
    const refused = await call('POST', '/content/pages', { slug: 'x', title: 'x' }, token);
    expect(refused.status).toBe(403);
    expect(refused.contentType).toMatch(/application\/problem\+json/);
    expect(
      (await call('PATCH', `/content/pages/${page.body.id}`, { status: 'DRAFT' }, merchant)).status,
    ).toBe(200);
    expect((await call('GET', `/content/pages/${slug}`)).status).toBe(404);

    // A visitor who followed the banner, then bought what the page recommends in that session.
    const { sku } = await aStockedProduct(
      gatewayCall(() => api),
      merchant,
      { onHand: 5 },
    );
    const sessionId = `s-${randomUUID()}`;
    const at = new Date().toISOString();
    const sent = await call('POST', '/events', {
      events: [
        { type: 'PAGE_VIEW', sessionId, utm: { source: 'content', campaign }, at },
        { type: 'ADD_TO_CART', sessionId, sku, at },
      ],
    });
    expect(sent.status).toBe(202);
    expect((await call('POST', '/cart/items', { sku, quantity: 1 }, token)).status).toBe(200);
    const placed = await call(
      'POST',
      '/orders',
      {
        shippingAddress: SHANGHAI_ADDRESS,
        deliveryOption: 'EXPRESS',
        paymentMethod: 'WECHAT_SANDBOX',
        sessionId,
      },
      token,
      { 'idempotency-key': randomUUID() },
    );
    expect(placed.status).toBe(201);
    const payment = await eventually(
      async () =>
        (await call('GET', `/payments?orderId=${placed.body.id}`, undefined, token)).body
          .items?.[0],
      { what: 'the payment', timeoutMs: 30_000, intervalMs: 200 },
    );
    const confirmed = await call(
      'POST',
      `/payments/${payment.id}/confirm`,
      { simulate: 'success' },
      token,
      { 'idempotency-key': randomUUID() },
    );
    expect(confirmed.body.status).toBe('CAPTURED');
    const row = await eventually(
      async () => {
        const res = await call(
          'GET',
          `/analytics/channels?from=${day(-1)}&to=${day(1)}`,
          undefined,
          merchant,
        );
        return res.body?.items?.find(
          (item: { campaign: string; orders: number }) =>
            item.campaign === campaign && item.orders === 1,
        );
      },
      {
        what: `the order of campaign ${campaign} in /analytics/channels`,
        timeoutMs: 30_000,
        intervalMs: 500,
      },
    );
    expect(row).toMatchObject({ source: 'content', campaign, sessions: 1, orders: 1 });
    expect(row.gmv).toEqual(placed.body.totals.total);
  });
});
