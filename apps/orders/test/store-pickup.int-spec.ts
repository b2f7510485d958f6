import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually, readEvent, uniqueSuffix } from '@emporium/testing';
import {
  aCustomer,
  aMerchant,
  address,
  payFor,
  refundedPayment,
  serviceOf,
  startPlatform,
  stockedProduct,
  type Caller,
  type Platform,
} from './support';

describe('orders: a store pickup order, collected or not collected', () => {
  let platform: Platform;
  let logisticsDb: Client;
  let storeId: string;
  const merchant = aMerchant();
  const agent: Caller = { userId: randomUUID(), roles: ['agent'] };

  const orders = serviceOf(() => platform, 'orders', merchant);
  const logistics = serviceOf(() => platform, 'logistics', merchant);
  const statusOf = async (orderId: string) => (await orders('GET', `/orders/${orderId}`)).body;
  const reach = (orderId: string, status: string) =>
    eventually(
      async () => {
        const order = await statusOf(orderId);
        return order.status === status && order;
      },
      { what: `order ${orderId} to be ${status}`, timeoutMs: 20_000 },
    );
  const onShelf = async (sku: string) =>
    (
      (await logistics('GET', `/inventory/${sku}`)).body.warehouses as {
        warehouseId: string;
        onHand: number;
      }[]
    ).find((w) => w.warehouseId === storeId)?.onHand;

  /** A paid STORE_PICKUP order of two units at the store, its pickup put aside (READY_FOR_PICKUP). */
  const readyPickup = async () => {
    const customer = aCustomer();
    const { skus } = await stockedProduct(platform, [{ price: 10_000, stock: 5 }]);
    const sku = skus[0];
    expect(
      (await logistics('PUT', `/warehouses/${storeId}/stock/${sku}`, { onHand: 4 })).status,
    ).toBe(200);
    await orders('POST', '/cart/items', { sku, quantity: 2 }, customer);
    const body = {
      shippingAddress: address,
      deliveryOption: 'STORE_PICKUP',
      pickupStoreId: storeId,
      paymentMethod: 'SANDBOX_CARD',
    };
    const placed = await orders('POST', '/orders', body, customer, {
      'idempotency-key': randomUUID(),
    });
    expect(placed.status).toBe(201);
    const order = placed.body as { id: string; totals: { total: { amount: number } } };
    const payment = await payFor(platform, order.id, customer);
    await reach(order.id, 'FULFILLING');
    const [shipment] = (await logistics('GET', `/shipments?orderId=${order.id}`)).body.items as {
      id: string;
      mode: string;
      warehouseId: string;
    }[];
    expect(shipment).toMatchObject({ mode: 'PICKUP', warehouseId: storeId });
    expect(await onShelf(sku)).toBe(2);
    expect(
      (await logistics('POST', `/shipments/${shipment.id}/events`, { status: 'READY_FOR_PICKUP' }))
        .status,
    ).toBe(201);
    await reach(order.id, 'READY_FOR_PICKUP');
    return { customer, sku, order, payment, shipment };
  };

  beforeAll(async () => {
    platform = await startPlatform('pickup', {
      processEnv: { LOGISTICS_SWEEP_INTERVAL_MS: '200' },
    });
    logisticsDb = new Client({
      connectionString: (platform.logistics as Platform['logistics'] & { databaseUrl: string })
        .databaseUrl,
    });
    await logisticsDb.connect();
    const store = await logistics('POST', '/warehouses', {
      code: `SH-STORE-${uniqueSuffix()}`.toUpperCase().slice(0, 32),
      name: '上海门店',
      kind: 'STORE',
      address,
      location: { lat: 31.22, lon: 121.48 },
    });
    expect(store.status).toBe(201);
    storeId = store.body.id;
  });

  afterAll(async () => {
    await logisticsDb?.end();
    await platform?.stop();
  });

  it('is READY_FOR_PICKUP when the store puts it aside, and DELIVERED when the customer collects it with the code', async () => {
    const { customer, order, shipment } = await readyPickup();
    const ready = await readEvent(platform.kafka.brokers, 'order.ready-for-pickup', order.id);
    expect(ready.data).toMatchObject({
      orderId: order.id,
      customerId: customer.userId,
      shipmentId: shipment.id,
      pickupStoreId: storeId,
    });
    expect(Date.parse((ready.data as { collectBy: string }).collectBy)).toBeGreaterThan(
      Date.now() + 6 * 86_400_000,
    );

    const code = (await logistics('GET', `/shipments/${shipment.id}`, undefined, customer)).body
      .pickup.code as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(ready)).not.toContain(code);
    expect(
      (await logistics('POST', `/shipments/${shipment.id}/pickup`, { code }, agent)).status,
    ).toBe(200);

    const delivered = await reach(order.id, 'DELIVERED');
    expect(delivered.statusHistory.map((h: { status: string }) => h.status)).toEqual([
      'PENDING',
      'AWAITING_PAYMENT',
      'PAID',
      'FULFILLING',
      'READY_FOR_PICKUP',
      'DELIVERED',
    ]);
    const deliveredEvent = await readEvent(platform.kafka.brokers, 'order.delivered', order.id);
    expect(deliveredEvent.data).toMatchObject({ orderId: order.id });
  });

  it('refuses the customer’s own cancellation while the goods wait at the store (409)', async () => {
    const { customer, order } = await readyPickup();
    const refused = await orders('POST', `/orders/${order.id}/cancel`, undefined, customer);
    expect(refused).toMatchObject({
      status: 409,
      body: { type: 'urn:emporium:problem:order-not-cancellable' },
    });
    expect((await statusOf(order.id)).status).toBe('READY_FOR_PICKUP');
  });

  it('cancels an order not collected in time as NOT_COLLECTED, refunds it in full and puts its units back on the store shelf', async () => {
    const { sku, order, payment, shipment } = await readyPickup();
    // The pickup window passes: days are not waited for in a test.
    await logisticsDb.query(
      `UPDATE shipments SET collect_by = now() - interval '1 second' WHERE id = $1`,
      [shipment.id],
    );

    const cancelled = await reach(order.id, 'CANCELLED');
    expect(cancelled.statusHistory.at(-1)).toMatchObject({
      status: 'CANCELLED',
      reason: 'NOT_COLLECTED',
    });
    const event = await readEvent(platform.kafka.brokers, 'order.cancelled', order.id);
    expect(event.data).toMatchObject({
      reason: 'CUSTOMER',
      cause: 'NOT_COLLECTED',
      previousStatus: 'READY_FOR_PICKUP',
    });
    const refunded = await refundedPayment(platform, payment.id, merchant);
    expect(
      refunded.refunds.reduce(
        (n: number, r: { amount: { amount: number } }) => n + r.amount.amount,
        0,
      ),
    ).toBe(order.totals.total.amount);
    await eventually(async () => (await onShelf(sku)) === 4, {
      what: 'the units back on the store shelf',
    });
    expect((await logistics('GET', `/shipments/${shipment.id}`)).body.status).toBe(
      'PICKUP_EXPIRED',
    );
  });
});
