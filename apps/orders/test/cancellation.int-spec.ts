import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import { anEnvelope, eventually, publishEvents, readEvent } from '@emporium/testing';
import {
  aCustomer,
  aMerchant,
  address,
  payFor,
  serviceOf,
  startPlatform,
  stockedProduct,
  type Platform,
} from './support';

describe('orders: cancelling a paid order before pickup', () => {
  let platform: Platform;
  let producer: Producer;
  let logisticsDb: Client;
  const merchant = aMerchant();

  const orders = serviceOf(() => platform, 'orders', merchant);
  const logistics = serviceOf(() => platform, 'logistics', merchant);
  const onHand = async (sku: string) => {
    const { warehouses } = (await logistics('GET', `/inventory/${sku}`)).body as {
      warehouses: { onHand: number; reserved: number }[];
    };
    return {
      onHand: warehouses.reduce((n, w) => n + w.onHand, 0),
      reserved: warehouses.reduce((n, w) => n + w.reserved, 0),
    };
  };
  const reach = (orderId: string, status: string) =>
    eventually(
      async () => {
        const order = (await orders('GET', `/orders/${orderId}`)).body;
        return order.statusHistory?.some((h: { status: string }) => h.status === status) && order;
      },
      { what: `order ${orderId} to be ${status}`, timeoutMs: 20_000 },
    );

  /** A paid order of `quantity` units of a fresh product stocked with `stock`, its parcel created. */
  const paidOrder = async (quantity: number, stock: number) => {
    const customer = aCustomer();
    const { skus } = await stockedProduct(platform, [{ price: 10_000, stock }]);
    await orders('POST', '/cart/items', { sku: skus[0], quantity }, customer);
    const body = {
      shippingAddress: address,
      deliveryOption: 'STANDARD',
      paymentMethod: 'SANDBOX_CARD',
    };
    const placed = await orders('POST', '/orders', body, customer, {
      'idempotency-key': randomUUID(),
    });
    if (placed.status !== 201) throw new Error(`place: ${JSON.stringify(placed.body)}`);
    const orderId = placed.body.id as string;
    await payFor(platform, orderId, customer);
    await reach(orderId, 'FULFILLING');
    return { customer, orderId, sku: skus[0] };
  };

  beforeAll(async () => {
    platform = await startPlatform('cancellation');
    producer = createKafka({
      brokers: platform.kafka.brokers,
      clientId: 'cancellation-test',
    }).producer({ createPartitioner: partitioner });
    await producer.connect();
    logisticsDb = new Client({
      connectionString: (platform.logistics as Platform['logistics'] & { databaseUrl: string })
        .databaseUrl,
    });
    await logisticsDb.connect();
  });

  afterAll(async () => {
    await logisticsDb?.end();
    await producer?.disconnect();
    await platform?.stop();
  });

  it('puts the units back on the shelf, with stock.restocked, and cancels the parcel not picked up', async () => {
    const { customer, orderId, sku } = await paidOrder(2, 5);
    expect(await onHand(sku)).toEqual({ onHand: 3, reserved: 0 });
    expect((await orders('POST', `/orders/${orderId}/cancel`, undefined, customer)).status).toBe(
      200,
    );
    await eventually(async () => (await onHand(sku)).onHand === 5, {
      what: 'the units back on hand',
    });
    expect(await onHand(sku)).toEqual({ onHand: 5, reserved: 0 });
    const restocked = await readEvent(platform.kafka.brokers, 'stock.restocked', orderId);
    expect(restocked.data).toMatchObject({
      orderId,
      levels: [expect.objectContaining({ sku, onHand: 5, available: 5 })],
    });
    const shipments = (await logistics('GET', `/shipments?orderId=${orderId}`)).body.items as {
      status: string;
    }[];
    expect(shipments.map((s) => s.status)).toEqual(['CANCELLED']);
    expect((await orders('GET', `/orders/${orderId}`)).body.status).toBe('CANCELLED');
  });

  it('leaves a cancelled parcel out of the freight costs: it never left the warehouse', async () => {
    const { customer, orderId } = await paidOrder(1, 5);
    // Report dates are business days in Asia/Shanghai (UTC+8).
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const costs = async () =>
      (await logistics('GET', `/logistics/costs?from=${today}&to=${today}`)).body as {
        orders: number;
      };
    const before = await costs();
    expect((await orders('POST', `/orders/${orderId}/cancel`, undefined, customer)).status).toBe(
      200,
    );
    await eventually(
      async () =>
        (await logistics('GET', `/shipments?orderId=${orderId}`)).body.items[0]?.status ===
        'CANCELLED',
      {
        what: 'the parcel cancelled',
      },
    );
    expect((await costs()).orders).toBe(before.orders - 1);
  });

  it('restocks once, however often order.cancelled arrives', async () => {
    const { customer, orderId, sku } = await paidOrder(2, 5);
    expect((await orders('POST', `/orders/${orderId}/cancel`, undefined, customer)).status).toBe(
      200,
    );
    await eventually(async () => (await onHand(sku)).onHand === 5, {
      what: 'the units back on hand',
    });
    const cancelled = await readEvent(platform.kafka.brokers, 'order.cancelled', orderId);
    // The very same event again, and a copy under a new id (a producer that sent it twice).
    const copy = anEnvelope('order.cancelled', orderId, cancelled.data);
    await publishEvents(producer, cancelled, copy);
    await eventually(
      async () =>
        (await logisticsDb.query('SELECT 1 FROM inbox WHERE event_id = $1', [copy.id])).rowCount ===
        1,
      {
        what: 'logistics to handle the copy',
      },
    );
    expect(await onHand(sku)).toEqual({ onHand: 5, reserved: 0 });
    const restocks = await logisticsDb.query(
      `SELECT 1 FROM outbox WHERE event_type = 'stock.restocked' AND message_key = $1`,
      [orderId],
    );
    expect(restocks.rowCount).toBe(1);
  });
});
