import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createEmporiumClient, type EmporiumClient } from '@emporium/client';
import {
  eventually,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';
import { money } from '@emporium/contracts';
import { SHANGHAI_ADDRESS, SHANGHAI_LOCATION } from './support/shop';

const ADMIN = { email: 'admin@storefront.test', password: 'storefront-admin-password' };
const ROOT = join(__dirname, '..', '..', '..');
// Short-lived access tokens: every test here outlives some, so the client must renew them as it goes.
const ACCESS_TOKEN_TTL_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The data of an answer, or a failure naming the call and the problem the gateway gave. */
function ok<T>(answer: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (answer.data === undefined)
    throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  return answer.data;
}

/** Runs the storefront example as a reader of its README would, against `baseUrl`. */
function runExample(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), 'examples/storefront/first-order.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('@emporium/client against the platform, every service a process', () => {
  let kafka: TestKafka;
  let platform: PlatformProcesses;
  let baseUrl: string;
  let merchant: EmporiumClient;
  let sku: string;

  beforeAll(async () => {
    kafka = await startTestKafka();
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['gateway', 'catalog', 'orders', 'payments', 'logistics'],
      env: {
        EMPORIUM_ADMIN_EMAIL: ADMIN.email,
        EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
        GATEWAY_ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS),
      },
    });
    baseUrl = platform.services.gateway.url;

    // The e2e platform has no demo catalog: a merchant stocks the product the example buys.
    const admin = createEmporiumClient({ baseUrl });
    ok(await admin.auth.login(ADMIN), 'admin login');
    const merchantAccount = {
      email: `merchant-${uniqueSuffix()}@storefront.test`,
      password: 'merchant-password-1',
    };
    ok(
      await admin.POST('/api/v1/admin/users', {
        body: { ...merchantAccount, name: '店长', roles: ['merchant'] },
      }),
      'create the merchant',
    );
    merchant = createEmporiumClient({ baseUrl });
    ok(await merchant.auth.login(merchantAccount), 'merchant login');
    const category = ok(
      await merchant.POST('/api/v1/categories', {
        body: { name: '茶叶', slug: `tea-${uniqueSuffix()}` },
      }),
      'category',
    );
    sku = `TEA-${uniqueSuffix()}`;
    const product = ok(
      await merchant.POST('/api/v1/products', {
        body: {
          name: '西湖龙井 明前特级',
          description: '杭州西湖龙井茶',
          categoryId: category.id,
          variants: [
            {
              sku,
              name: '250g',
              price: money(15_000),
              weightGrams: 300,
              dimensionsMm: { length: 200, width: 100, height: 80 },
            },
          ],
        },
      }),
      'product',
    );
    const warehouse = ok(
      await merchant.POST('/api/v1/warehouses', {
        body: {
          code: `SH-${uniqueSuffix()}`.toUpperCase(),
          name: '上海仓',
          kind: 'WAREHOUSE',
          address: SHANGHAI_ADDRESS,
          location: SHANGHAI_LOCATION,
        },
      }),
      'warehouse',
    );
    ok(
      await merchant.PUT('/api/v1/warehouses/{id}/stock/{sku}', {
        params: { path: { id: warehouse.id, sku } },
        body: { onHand: 20 },
      }),
      'stock',
    );
    await eventually(
      async () =>
        (await merchant.GET('/api/v1/products/{id}', { params: { path: { id: product.id } } })).data
          ?.variants[0]?.available === 20,
      { what: 'the stock to be available' },
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await kafka?.stop();
  });

  it("runs the storefront example's first order to PAID", async () => {
    const run = await runExample({ EMPORIUM_URL: baseUrl, SKU: sku });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status PAID at /m);
    const orderId = /^paid: order ([0-9a-f-]{36}) /m.exec(run.stdout)?.[1];
    expect(orderId).toBeDefined();
    // The platform agrees: the order was paid (and may have moved on since).
    const order = ok(
      await merchant.GET('/api/v1/orders/{id}', { params: { path: { id: orderId! } } }),
      'the order',
    );
    expect(order.statusHistory?.map((entry) => entry.status)).toContain('PAID');
  });

  it('renews an expired access token with the rotated refresh token, and the spent one is refused', async () => {
    const shopper = createEmporiumClient({ baseUrl });
    const email = `renew-${uniqueSuffix()}@storefront.test`;
    ok(
      await shopper.auth.register({ email, password: 'a long password', name: '买家' }),
      'register',
    );
    const first = shopper.auth.state;
    await sleep(ACCESS_TOKEN_TTL_SECONDS * 1000 + 1_000);
    const me = await shopper.GET('/api/v1/me');
    expect(me.response.status).toBe(200);
    expect(me.data?.email).toBe(email);
    expect(shopper.auth.state.accessToken).not.toBe(first.accessToken);
    expect(shopper.auth.state.refreshToken).not.toBe(first.refreshToken);
    const replayed = await fetch(`${baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: first.refreshToken }),
    });
    expect(replayed.status).toBe(401);
  });

  it("carries a guest's cart into the account at sign-in", async () => {
    const shopper = createEmporiumClient({ baseUrl });
    ok(
      await shopper.POST('/api/v1/cart/items', { body: { sku, quantity: 2 } }),
      'guest adds to the cart',
    );
    expect(shopper.auth.state.cartToken).toEqual(expect.any(String));
    ok(
      await shopper.auth.register({
        email: `guest-${uniqueSuffix()}@storefront.test`,
        password: 'a long password',
        name: '访客',
      }),
      'register',
    );
    expect(shopper.auth.state.cartToken).toBeUndefined();
    const cart = ok(await shopper.GET('/api/v1/cart'), 'the cart');
    expect(cart.items).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
  });

  it('opens an order stream for EventSource with a single-use ticket URL', async () => {
    const shopper = createEmporiumClient({ baseUrl });
    ok(
      await shopper.auth.register({
        email: `ticket-${uniqueSuffix()}@storefront.test`,
        password: 'a long password',
        name: '买家',
      }),
      'register',
    );
    ok(await shopper.POST('/api/v1/cart/items', { body: { sku, quantity: 1 } }), 'add to the cart');
    const order = ok(
      await shopper.POST('/api/v1/orders', {
        body: {
          shippingAddress: SHANGHAI_ADDRESS,
          deliveryOption: 'STANDARD',
          paymentMethod: 'SANDBOX_CARD',
        },
      }),
      'place the order',
    );
    const url = await shopper.orders.streamUrl(order.id);
    const stream = await fetch(url, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.body?.cancel();
    // Single use: the same URL does not open a second stream.
    expect((await fetch(url)).status).toBe(401);
  });
});
