import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, uniqueSuffix } from '@emporium/testing';
import { money } from '@emporium/contracts';
import { aStockedProduct, login, runningPlatform, SHANGHAI_ADDRESS } from './support/shop';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');
const ADMIN = { email: 'admin@seed.test', password: 'seed-admin-password' };
const MERCHANT = { email: 'merchant@seed.test', password: 'seed-merchant-password' };
const AGENT = { email: 'agent@seed.test', password: 'seed-agent-password' };

interface CategoryNode {
  readonly id: string;
  readonly slug: string;
  readonly children: CategoryNode[];
}

const countTree = (tree: readonly CategoryNode[]): number =>
  tree.reduce((n, c) => n + 1 + countTree(c.children), 0);

describe('npm run seed: the demo shop, seeded through the public API of a running platform', () => {
  const shop = runningPlatform(
    ['gateway', 'catalog', 'orders', 'payments', 'logistics'],
    // As `npm start` runs them. The default per-user limits stay: the seed fits in them; only the
    // test's shoppers need more registrations.
    {
      NODE_ENV: 'development',
      EMPORIUM_ADMIN_EMAIL: ADMIN.email,
      EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
      GATEWAY_RATE_LIMIT_REGISTER: '1000',
    },
  );
  const { call } = shop;
  let firstRun: string;
  let before: Record<string, number>;

  const seed = async () => {
    const { stdout } = await run(join(ROOT, 'node_modules/.bin/tsx'), ['tools/seed/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        EMPORIUM_URL: shop.api(),
        EMPORIUM_ADMIN_EMAIL: ADMIN.email,
        EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
        EMPORIUM_SEED_MERCHANT_EMAIL: MERCHANT.email,
        EMPORIUM_SEED_MERCHANT_PASSWORD: MERCHANT.password,
        EMPORIUM_SEED_AGENT_EMAIL: AGENT.email,
        EMPORIUM_SEED_AGENT_PASSWORD: AGENT.password,
      },
      timeout: 240_000,
    });
    return stdout;
  };
  const customer = async () =>
    (
      await call('POST', '/auth/register', {
        email: `shopper-${uniqueSuffix()}-${randomUUID().slice(0, 6)}@seed.test`,
        password: 'shopper-password-1',
        name: '顾客',
      })
    ).body.accessToken as string;
  /** A new customer's quote for a cart of `items`, with `coupon` on it when given. */
  const quote = async (items: { sku: string; quantity: number }[], coupon?: string) => {
    const token = await customer();
    for (const item of items)
      expect((await call('POST', '/cart/items', item, token)).status).toBe(200);
    if (coupon)
      expect((await call('POST', '/cart/coupons', { code: coupon }, token)).status).toBe(200);
    const reply = await call(
      'POST',
      '/checkout/quote',
      { shippingAddress: SHANGHAI_ADDRESS, deliveryOption: 'STANDARD' },
      token,
    );
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const inventory = async (sku: string) =>
    (
      await call(
        'GET',
        `/inventory/${sku}`,
        undefined,
        await login(call, MERCHANT.email, MERCHANT.password),
      )
    ).body;

  beforeAll(async () => {
    // Started, the services hold no demo data of their own: all of it comes from the seed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    before = {
      products: (await call('GET', '/products?limit=1')).body.total,
      categories: countTree((await call('GET', '/categories')).body),
      warehouses: (await call('GET', '/warehouses')).body.items.length,
      promotions: (await call('GET', '/promotions')).body.items.length,
    };
    firstRun = await seed();
  }, 360_000);

  it('finds a platform started in development empty: no service seeds itself', () => {
    expect(before).toEqual({ products: 0, categories: 0, warehouses: 0, promotions: 0 });
  });

  it('creates the merchant and the support agent, 18 categories and 200 products, searchable in Chinese and English', async () => {
    expect(firstRun).toMatch(
      /Demo data seeded: the merchant account, the agent account, 18 categories, 200 products, 7 warehouses and stores, \d+ stock levels, 5 promotions/,
    );
    const agent = await login(call, AGENT.email, AGENT.password);
    expect((await call('GET', '/me', undefined, agent)).body.roles).toEqual(['agent']);
    expect(countTree((await call('GET', '/categories')).body)).toBe(18);
    const page = await call('GET', '/products?limit=100');
    expect(page.body.total).toBe(200);
    expect(page.body.items.every((p: { name: string }) => /\p{Script=Han}/u.test(p.name))).toBe(
      true,
    );
    expect(
      (await call('GET', `/products?q=${encodeURIComponent('手机')}`)).body.total,
    ).toBeGreaterThan(0);
    expect((await call('GET', '/products?q=mate')).body.total).toBeGreaterThan(0);
    const detail = await call('GET', '/products/edifier-audio-7');
    expect(detail.body.variants.map((v: { sku: string }) => v.sku)).toContain('EDIFIER-00007-1');
  });

  it('creates warehouses in five provinces and two pickup stores, and stocks every demo product', async () => {
    const { items } = (await call('GET', '/warehouses')).body as {
      items: { kind: string; address: { province: string } }[];
    };
    expect(items).toHaveLength(7);
    expect(
      new Set(items.filter((w) => w.kind === 'WAREHOUSE').map((w) => w.address.province)).size,
    ).toBe(5);
    expect(items.filter((w) => w.kind === 'STORE')).toHaveLength(2);
    // The catalog learns the stock from logistics' events.
    await eventually(
      async () => (await call('GET', '/products?limit=1&inStock=true')).body.total === 200,
      { what: 'every demo product in stock', timeoutMs: 120_000 },
    );
    const stocked = await inventory('HUAWEI-00001-1');
    expect(stocked.available).toBeGreaterThanOrEqual(100);
  }, 180_000);

  it('runs each promotion: 满减, 15 % off phones, WELCOME10, the gift and the ¥99 flash sale', async () => {
    await eventually(
      async () => (await call('GET', '/products/edifier-audio-7')).body.variants[0].available > 0,
      { what: 'the flash sale SKU in stock', timeoutMs: 120_000 },
    );
    const flash = await quote([{ sku: 'EDIFIER-00007-1', quantity: 1 }]);
    expect(flash.items[0].unitPrice).toEqual(money(9_900));
    expect(flash.appliedPromotions.map((p: { kind: string }) => p.kind)).toContain('FLASH_SALE');

    const phone = await quote([{ sku: 'HUAWEI-00001-1', quantity: 1 }]);
    const price = phone.items[0].unitPrice.amount as number;
    const percent = phone.appliedPromotions.find((p: { kind: string }) => p.kind === 'PERCENT_OFF');
    expect(percent.discount).toEqual(money(Math.round(price * 0.15)));
    const threshold = phone.appliedPromotions.find(
      (p: { kind: string }) => p.kind === 'THRESHOLD_OFF',
    );
    expect(threshold.discount).toEqual(money(5_000));

    // Two bags of nuts (¥179.80): the gift, and WELCOME10's ¥10 off ¥100.
    const nuts = await quote([{ sku: 'THREE-SQUIRRELS-00018-1', quantity: 2 }], 'WELCOME10');
    expect(nuts.subtotal).toEqual(money(17_980));
    expect(nuts.gifts).toEqual([{ sku: 'BESTORE-00019-1', quantity: 1 }]);
    expect(nuts.couponCodes).toEqual(['WELCOME10']);
    expect(nuts.discountTotal).toEqual(money(1_000));
  }, 180_000);

  it('gives a product a merchant creates later no demo stock: 60 orders for its 20 units reserve 20', async () => {
    const merchant = await login(call, MERCHANT.email, MERCHANT.password);
    const [category] = (await call('GET', '/categories')).body as CategoryNode[];
    const { sku, warehouseId } = await aStockedProduct(call, merchant, {
      sku: `OWN-${uniqueSuffix()}`.toUpperCase(),
      price: money(1_000),
      onHand: 20,
      categoryId: category.children[0]?.id ?? category.id,
    });
    expect((await inventory(sku)).warehouses).toEqual([
      expect.objectContaining({ warehouseId, onHand: 20 }),
    ]);

    const customers = await Promise.all(Array.from({ length: 60 }, () => customer()));
    for (const token of customers)
      expect((await call('POST', '/cart/items', { sku, quantity: 1 }, token)).status).toBe(200);
    const body = {
      shippingAddress: SHANGHAI_ADDRESS,
      deliveryOption: 'STANDARD',
      paymentMethod: 'SANDBOX_CARD',
    };
    const placed = await Promise.all(
      customers.map((token) =>
        call('POST', '/orders', body, token, { 'idempotency-key': randomUUID() }),
      ),
    );
    for (const refused of placed.filter((p) => p.status !== 201)) expect(refused.status).toBe(409);
    const orders = placed
      .map((p, k) => ({ id: p.body.id as string, token: customers[k] }))
      .filter((_, k) => placed[k].status === 201);
    const statuses = await eventually(
      async () => {
        const now = await Promise.all(
          orders.map(
            async (o) =>
              (await call('GET', `/orders/${o.id}`, undefined, o.token)).body.status as string,
          ),
        );
        return now.every((s) => s !== 'PENDING') && now;
      },
      { what: 'every order reserved or cancelled', timeoutMs: 60_000 },
    );
    expect(statuses.filter((s) => s === 'AWAITING_PAYMENT')).toHaveLength(20);
    expect((await inventory(sku)).warehouses).toEqual([
      expect.objectContaining({ onHand: 20, reserved: 20 }),
    ]);
  }, 180_000);

  it('changes nothing when run again, and says so', async () => {
    const before = {
      flash: await inventory('EDIFIER-00007-1'),
      promotions: (await call('GET', '/promotions?limit=100')).body.items.length,
    };
    const again = await seed();
    expect(again).toContain('Demo data: everything was there already; nothing changed.');
    expect((await call('GET', '/products?limit=1')).body.total).toBe(201); // the 200 and the merchant's own
    expect(countTree((await call('GET', '/categories')).body)).toBe(18);
    expect((await call('GET', '/warehouses')).body.items).toHaveLength(8); // the 7 and the merchant's own
    expect((await call('GET', '/promotions?limit=100')).body.items).toHaveLength(before.promotions);
    expect(await inventory('EDIFIER-00007-1')).toEqual(before.flash);
  }, 240_000);
});
