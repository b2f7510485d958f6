import { randomUUID } from 'node:crypto';
import { eventually, uniqueSuffix } from '@emporium/testing';
import {
  aCustomer,
  aMerchant,
  address,
  startPlatform,
  stockedProduct,
  type Caller,
  type Platform,
} from './support';

describe('orders: checkout of more than the warehouses hold', () => {
  let platform: Platform;
  const merchant = aMerchant();

  const orders = (
    method: string,
    path: string,
    body?: unknown,
    as: Caller = merchant,
    headers?: Record<string, string>,
  ) => platform.call(platform.orders, method, path, body, as, headers);
  const logistics = (method: string, path: string, body?: unknown) =>
    platform.call(platform.logistics, method, path, body, merchant);

  /**
   * A SKU with 3 units in a Shanghai warehouse and 5 in a pickup store: the catalog counts 8, but
   * only the warehouse's 3 can be shipped.
   */
  const stockedMostlyInAStore = async () => {
    const { skus } = await stockedProduct(platform, [{ price: 10_000, stock: 3 }]);
    const code = `ST-${uniqueSuffix()}`.toUpperCase().slice(0, 32);
    const store = await logistics('POST', '/warehouses', {
      code,
      name: '门店',
      kind: 'STORE',
      address,
      location: { lat: 31.2, lon: 121.5 },
    });
    expect(store.status).toBe(201);
    await logistics('PUT', `/warehouses/${store.body.id}/stock/${skus[0]}`, { onHand: 5 });
    await eventually(
      async () =>
        (await platform.call(platform.catalog, 'GET', `/internal/variants?skus=${skus[0]}`)).body
          .items[0]?.available === 8,
      { what: 'the catalog to count the store' },
    );
    return skus[0];
  };

  beforeAll(async () => {
    platform = await startPlatform('checkout_stock');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers a quote for more than the warehouses hold with 409 out-of-stock naming the SKU, requested and available', async () => {
    const sku = await stockedMostlyInAStore();
    const customer = aCustomer();
    expect((await orders('POST', '/cart/items', { sku, quantity: 6 }, customer)).status).toBe(200);
    const quote = await orders(
      'POST',
      '/checkout/quote',
      { shippingAddress: address, deliveryOption: 'STANDARD' },
      customer,
    );
    expect(quote.status).toBe(409);
    expect(quote.headers.get('content-type')).toContain('application/problem+json');
    expect(quote.body).toMatchObject({
      type: 'urn:emporium:problem:out-of-stock',
      status: 409,
      shortSkus: [{ sku, requested: 6, available: 3 }],
    });
    expect(quote.body.detail).toContain(sku);
  });

  it('refuses such an order with the same 409 and places nothing', async () => {
    const sku = await stockedMostlyInAStore();
    const customer = aCustomer();
    expect((await orders('POST', '/cart/items', { sku, quantity: 6 }, customer)).status).toBe(200);
    const body = {
      shippingAddress: address,
      deliveryOption: 'STANDARD',
      paymentMethod: 'SANDBOX_CARD',
    };
    const placed = await orders('POST', '/orders', body, customer, {
      'idempotency-key': randomUUID(),
    });
    expect(placed.status).toBe(409);
    expect(placed.body).toMatchObject({
      type: 'urn:emporium:problem:out-of-stock',
      shortSkus: [{ sku, requested: 6, available: 3 }],
    });
    expect((await orders('GET', '/orders', undefined, customer)).body.items).toEqual([]);
    expect((await orders('GET', '/cart', undefined, customer)).body.items).toEqual([
      expect.objectContaining({ sku, quantity: 6 }),
    ]);
  });

  it('keeps 422 delivery-option-unavailable for an option that cannot reach the address although the stock is there', async () => {
    const { skus } = await stockedProduct(platform, [{ price: 10_000, stock: 10 }]);
    const customer = aCustomer();
    expect(
      (await orders('POST', '/cart/items', { sku: skus[0], quantity: 1 }, customer)).status,
    ).toBe(200);
    const farAway = {
      ...address,
      province: '新疆维吾尔自治区',
      city: '乌鲁木齐市',
      district: '天山区',
    };
    const quote = await orders(
      'POST',
      '/checkout/quote',
      { shippingAddress: farAway, deliveryOption: 'SAME_DAY' },
      customer,
    );
    expect(quote.status).toBe(422);
    expect(quote.body.type).toBe('urn:emporium:problem:delivery-option-unavailable');
  });
});
