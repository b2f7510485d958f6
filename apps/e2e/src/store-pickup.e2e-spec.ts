import { randomUUID } from 'node:crypto';
import { eventually } from '@emporium/testing';
import { money } from '@emporium/contracts';
import {
  aRegisteredCustomer,
  aStaffMember,
  aStockedProduct,
  readStatusEvents,
  login,
  runningPlatform,
  SHANGHAI_ADDRESS,
} from './support/shop';

const ADMIN = { email: 'admin@pickup.test', password: 'pickup-admin-password' };
// 0.0002 days: a pickup waits about 17 s on the shelf, long enough to collect it, short enough to see it expire.
const PICKUP_WINDOW_DAYS = '0.0002';

describe('store pickup through the gateway: a shopper collects at the store, or never comes', () => {
  const shop = runningPlatform(['gateway', 'catalog', 'orders', 'payments', 'logistics'], {
    EMPORIUM_ADMIN_EMAIL: ADMIN.email,
    EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
    ORDERS_SWEEP_INTERVAL_MS: '500',
    LOGISTICS_PICKUP_WINDOW_DAYS: PICKUP_WINDOW_DAYS,
    LOGISTICS_SWEEP_INTERVAL_MS: '500',
  });
  const { call } = shop;
  let merchant: string;
  let store: { id: string };
  let sku: string;

  const reach = (id: string, token: string, status: string, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const order = (await call('GET', `/orders/${id}`, undefined, token)).body;
        return order.status === status && order;
      },
      { what: `the order to be ${status}`, timeoutMs },
    );
  const onShelf = async () =>
    (
      (await call('GET', `/inventory/${sku}`, undefined, merchant)).body.warehouses as {
        warehouseId: string;
        onHand: number;
      }[]
    ).find((w) => w.warehouseId === store.id)?.onHand;

  /** A new shopper's paid STORE_PICKUP order of `quantity` boxes at the store, as the shopper sees it. */
  const paidPickupOrder = async (quantity: number) => {
    const { token: customer } = await aRegisteredCustomer(call);
    expect((await call('POST', '/cart/items', { sku, quantity }, customer)).status).toBe(200);
    // The storefront lists the stores a shopper can collect from; anyone may.
    const stores = (await call('GET', '/warehouses')).body.items as { id: string; kind: string }[];
    expect(stores.find((w) => w.id === store.id)).toMatchObject({ kind: 'STORE' });
    const choice = {
      shippingAddress: SHANGHAI_ADDRESS,
      deliveryOption: 'STORE_PICKUP',
      pickupStoreId: store.id,
    };
    const quote = await call('POST', '/checkout/quote', choice, customer);
    expect(quote.status).toBe(200);
    const placed = await call(
      'POST',
      '/orders',
      { ...choice, paymentMethod: 'ALIPAY_SANDBOX', expectedTotal: quote.body.total },
      customer,
      { 'idempotency-key': randomUUID() },
    );
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    await reach(orderId, customer, 'AWAITING_PAYMENT');
    const payment = await eventually(
      async () =>
        (await call('GET', `/payments?orderId=${orderId}`, undefined, customer)).body.items?.[0],
      { what: 'the payment' },
    );
    const confirmed = await call(
      'POST',
      `/payments/${payment.id}/confirm`,
      { simulate: 'success' },
      customer,
      { 'idempotency-key': randomUUID() },
    );
    expect(confirmed.body.status).toBe('CAPTURED');
    const fulfilling = await reach(orderId, customer, 'FULFILLING');
    return {
      customer,
      orderId,
      paymentId: payment.id as string,
      total: quote.body.total,
      shipmentId: fulfilling.shipmentIds[0] as string,
    };
  };

  beforeAll(async () => {
    // Staff set up the shop: a merchant, a product, and a store that holds it for pickup.
    const admin = await login(call, ADMIN.email, ADMIN.password);
    merchant = await aStaffMember(call, admin);
    const stocked = await aStockedProduct(call, merchant, {
      price: money(8_800),
      onHand: 10,
      kind: 'STORE',
    });
    sku = stocked.sku;
    store = { id: stocked.warehouseId };
  });

  it('places a pickup order, pays, the store puts it aside, and the shopper collects it with the code: DELIVERED', async () => {
    const { customer, orderId, shipmentId } = await paidPickupOrder(2);
    const stream = await fetch(`${shop.api()}/orders/${orderId}/stream`, {
      headers: { authorization: `Bearer ${customer}` },
    });
    expect(stream.status).toBe(200);
    const streamed = readStatusEvents(stream, (s) => s.includes('DELIVERED'));

    // The customer has no code before the store has the goods ready, and cannot collect.
    expect((await call('GET', `/shipments/${shipmentId}`, undefined, customer)).body).toMatchObject(
      { status: 'CREATED', mode: 'PICKUP', warehouseId: store.id },
    );
    expect(
      (await call('POST', `/shipments/${shipmentId}/pickup`, { code: '123456' }, merchant)).status,
    ).toBe(409);

    expect(
      (
        await call(
          'POST',
          `/shipments/${shipmentId}/events`,
          { status: 'READY_FOR_PICKUP', location: '静安门店' },
          merchant,
        )
      ).status,
    ).toBe(201);
    await reach(orderId, customer, 'READY_FOR_PICKUP');
    const mine = (await call('GET', `/shipments/${shipmentId}`, undefined, customer)).body;
    expect(mine).toMatchObject({
      status: 'READY_FOR_PICKUP',
      pickup: { storeId: store.id, attemptsLeft: 5, locked: false },
    });
    const code = mine.pickup.code as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(
      (await call('GET', `/shipments/${shipmentId}`, undefined, merchant)).body.pickup.code,
    ).toBeUndefined();
    // A shopper cannot hand goods over to themselves.
    expect((await call('POST', `/shipments/${shipmentId}/pickup`, { code }, customer)).status).toBe(
      403,
    );

    const wrong = await call(
      'POST',
      `/shipments/${shipmentId}/pickup`,
      { code: code === '000000' ? '111111' : '000000' },
      merchant,
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({
      type: 'urn:emporium:problem:pickup-code-invalid',
      attemptsLeft: 4,
    });
    const collected = await call('POST', `/shipments/${shipmentId}/pickup`, { code }, merchant);
    expect(collected).toMatchObject({ status: 200, body: { status: 'PICKED_UP_BY_CUSTOMER' } });

    const delivered = await reach(orderId, customer, 'DELIVERED');
    expect(delivered.statusHistory.map((h: { status: string }) => h.status)).toEqual([
      'PENDING',
      'AWAITING_PAYMENT',
      'PAID',
      'FULFILLING',
      'READY_FOR_PICKUP',
      'DELIVERED',
    ]);
    const seen = (await streamed).map((s) => s.status);
    expect(seen.slice(-2)).toEqual(['READY_FOR_PICKUP', 'DELIVERED']);
    expect(await onShelf()).toBe(8);
  });

  it('cancels a pickup the shopper never collects as NOT_COLLECTED, refunds it in full and puts the boxes back on the shelf', async () => {
    const before = await onShelf();
    const { customer, orderId, paymentId, total, shipmentId } = await paidPickupOrder(1);
    expect(await onShelf()).toBe(before! - 1);
    const stream = await fetch(`${shop.api()}/orders/${orderId}/stream`, {
      headers: { authorization: `Bearer ${customer}` },
    });
    const streamed = readStatusEvents(stream, (s) => s.includes('CANCELLED'));
    expect(
      (
        await call(
          'POST',
          `/shipments/${shipmentId}/events`,
          { status: 'READY_FOR_PICKUP' },
          merchant,
        )
      ).status,
    ).toBe(201);
    await reach(orderId, customer, 'READY_FOR_PICKUP');
    // Waiting on the shelf, the order is no longer the shopper's to cancel: not coming is enough.
    expect((await call('POST', `/orders/${orderId}/cancel`, undefined, customer)).status).toBe(409);

    const cancelled = await reach(orderId, customer, 'CANCELLED', 60_000);
    expect(cancelled.statusHistory.at(-1)).toMatchObject({
      status: 'CANCELLED',
      reason: 'NOT_COLLECTED',
    });
    expect((await call('GET', `/shipments/${shipmentId}`, undefined, customer)).body).toMatchObject(
      { status: 'PICKUP_EXPIRED' },
    );
    const refunded = await eventually(
      async () => {
        const p = (await call('GET', `/payments/${paymentId}`, undefined, customer)).body;
        return p.status === 'REFUNDED' && p;
      },
      { what: 'the refund' },
    );
    expect(refunded.refunds).toEqual([expect.objectContaining({ amount: total })]);
    await eventually(async () => (await onShelf()) === before, {
      what: 'the box back on the shelf',
    });
    expect((await streamed).at(-1)).toEqual(
      expect.objectContaining({ status: 'CANCELLED', reason: 'NOT_COLLECTED' }),
    );
  });
});
