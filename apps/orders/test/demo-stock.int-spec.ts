import { randomUUID } from 'node:crypto';
import { eventually } from '@emporium/testing';
import { aCustomer, aMerchant, address, startPlatform, stockedProduct, type Platform } from './support';

const DEMO_PRODUCTS = 3;

describe('orders: a merchant’s product on a platform with the demo data seeded', () => {
  let platform: Platform;
  const merchant = aMerchant();

  beforeAll(async () => {
    platform = await startPlatform('demo_stock', {
      processEnv: { CATALOG_SEED_DEMO: 'true', CATALOG_SEED_PRODUCTS: String(DEMO_PRODUCTS), LOGISTICS_SEED_DEMO: 'true' },
    });
    // The demo seed is done once logistics has stocked the demo catalog.
    const { call, catalog, logistics } = platform;
    const [first] = (await call(catalog, 'GET', '/products?limit=1')).body.items as { slug: string }[];
    const sku = (await call(catalog, 'GET', `/products/${first.slug}`)).body.variants[0].sku as string;
    await eventually(async () => (await call(logistics, 'GET', `/inventory/${sku}`, undefined, merchant)).body.warehouses?.length > 0, {
      what: 'the demo stock',
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('holds only what its merchant stocked: 60 concurrent orders for 20 units reserve at most 20', async () => {
    const { call, orders, logistics } = platform;
    const { skus } = await stockedProduct(platform, [{ price: 1_000, stock: 20 }]);
    const inventory = (await call(logistics, 'GET', `/inventory/${skus[0]}`, undefined, merchant)).body;
    expect(inventory.warehouses).toHaveLength(1);
    expect(inventory.warehouses[0]).toMatchObject({ onHand: 20 });

    const customers = Array.from({ length: 60 }, () => aCustomer());
    for (const customer of customers) {
      expect((await call(orders, 'POST', '/cart/items', { sku: skus[0], quantity: 1 }, customer)).status).toBe(200);
    }
    const body = { shippingAddress: address, deliveryOption: 'STANDARD', paymentMethod: 'SANDBOX_CARD' };
    const placed = await Promise.all(
      customers.map((customer) => call(orders, 'POST', '/orders', body, customer, { 'idempotency-key': randomUUID() })),
    );
    const created = placed.filter((p) => p.status === 201).map((p) => p.body.id as string);
    // The rest were refused at once, as out of stock.
    for (const refused of placed.filter((p) => p.status !== 201)) expect(refused.status).toBe(409);
    const settled = await eventually(
      async () => {
        const statuses = await Promise.all(created.map(async (id) => (await call(orders, 'GET', `/orders/${id}`, undefined, merchant)).body.status as string));
        return statuses.every((s) => s !== 'PENDING') && statuses;
      },
      { what: 'every order reserved or cancelled', timeoutMs: 60_000 },
    );
    expect(settled.filter((s) => s === 'AWAITING_PAYMENT')).toHaveLength(20);
    const after = (await call(logistics, 'GET', `/inventory/${skus[0]}`, undefined, merchant)).body;
    expect(after.warehouses).toEqual([expect.objectContaining({ onHand: 20, reserved: 20 })]);
  });
});
