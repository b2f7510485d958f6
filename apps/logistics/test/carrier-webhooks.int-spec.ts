import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { EventEnvelope, OrderPlacedV1 } from '@emporium/contracts';
import {
  INTERNAL_IDENTITY_HEADER,
  signInternalIdentity,
  signWebhook,
} from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  publishEvents,
  readTopic,
  startTestKafka,
  uniqueSuffix,
  serviceClient,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { logisticsEntry } from '../src/app.module';
import type { LogisticsConfig } from '../src/config';

const ZTO_SECRET = 'test-zto-express-carrier-secret-0123456789';
const SF_SECRET = 'test-sf-express-carrier-secret-01234567890';

interface Shipment {
  id: string;
  status: string;
  carrier: string;
  trackingNumber: string;
  events: { status: string }[];
}

describe('logistics: carrier webhooks', () => {
  let kafka: TestKafka;
  let producer: Producer;
  let service: TestService<LogisticsConfig>;
  let merchant: Record<string, string>;
  let orderId = '';
  const sku = `PARCEL-${uniqueSuffix()}`;

  const call = (method: string, path: string, body?: unknown) =>
    serviceClient(service.url)
      .call(method, path, body, merchant)
      // Status and body only: the assertions compare whole replies.
      .then(({ status, body }) => ({ status, body }));

  const post = async (carrier: string, body: string, signature?: string) => {
    const res = await fetch(`${service.url}/webhooks/carriers/${carrier}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-signature': signature } : {}),
      },
      body,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
    return { status: res.status, body: (await res.json()) as any };
  };

  const shipment = async (): Promise<Shipment> =>
    (await call('GET', `/shipments?orderId=${orderId}`)).body.items[0] as Shipment;

  const statusChanges = async (until: (n: number) => boolean) => {
    const mine = (messages: readonly { value: Buffer }[]) =>
      messages
        .map((m) => JSON.parse(m.value.toString()) as EventEnvelope)
        .filter((e) => e.type === 'shipment.status-changed' && e.subject === orderId);
    return mine(
      await readTopic(kafka.brokers, 'logistics.shipment', (messages) =>
        until(mine(messages).length),
      ),
    );
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    producer = createKafka({ brokers: kafka.brokers, clientId: 'carrier-webhooks-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    service = await bootService(logisticsEntry, {
      kafka,
      name: 'logistics_webhooks',
      env: { LOGISTICS_CARRIER_SECRETS: `zto-express=${ZTO_SECRET}, sf-express=${SF_SECRET}` },
    });
    merchant = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['merchant'] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    };
    // A Shanghai warehouse, a paid order to Hangzhou: one STANDARD parcel, carried by ZTO.
    const warehouse = await call('POST', '/warehouses', {
      code: `SH-${uniqueSuffix()}`.slice(0, 20).toUpperCase(),
      name: '上海仓',
      kind: 'WAREHOUSE',
      address: {
        name: '仓库',
        phone: '13800138000',
        province: '上海市',
        city: '上海市',
        line1: '人民路 1 号',
      },
      location: { lat: 31.23, lon: 121.47 },
    });
    expect(warehouse.status).toBe(201);
    expect(
      (await call('PUT', `/warehouses/${warehouse.body.id}/stock/${sku}`, { onHand: 5 })).status,
    ).toBe(200);
    orderId = randomUUID();
    const placed: Partial<OrderPlacedV1> = {
      orderId,
      lines: [{ sku, quantity: 1 } as OrderPlacedV1['lines'][number]],
      shippingAddress: {
        name: '张三',
        phone: '13800138000',
        province: '浙江省',
        city: '杭州市',
        line1: '西湖路 1 号',
      },
      deliveryOption: 'STANDARD',
    };
    await publishEvents(producer, anEnvelope('order.placed', orderId, placed));
    await eventually(
      async () => (await call('GET', `/inventory/${sku}`)).body.warehouses?.[0]?.reserved === 1,
      { what: 'the reservation' },
    );
    await publishEvents(
      producer,
      anEnvelope('order.paid', orderId, { orderId, customerId: randomUUID() }),
    );
    await eventually(async () => (await shipment()) !== undefined, { what: 'the shipment' });
    expect(await shipment()).toMatchObject({ carrier: 'ZTO Express', status: 'CREATED' });
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await kafka?.stop();
  });

  it('answers an unsigned call 401 before it looks at the body', async () => {
    const res = await post('zto-express', JSON.stringify({ hello: 'world' }));
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('urn:emporium:problem:invalid-signature');
    expect(res.body.errors).toBeUndefined();
    const forged = await post(
      'zto-express',
      JSON.stringify({ hello: 'world' }),
      signWebhook('{"hello":"world"}', 'not-the-carrier-secret-000000000000'),
    );
    expect(forged.status).toBe(401);
    expect(forged.body.errors).toBeUndefined();
  });

  it('verifies a call with the secret of the carrier it names', async () => {
    const { trackingNumber } = await shipment();
    const body = JSON.stringify({
      eventId: `evt-${randomUUID()}`,
      trackingNumber,
      status: 'PICKED_UP',
      location: '上海仓',
    });
    expect((await post('zto-express', body, signWebhook(body, SF_SECRET))).status).toBe(401);
    expect((await post('unknown-carrier', body, signWebhook(body, ZTO_SECRET))).status).toBe(401);
    const stale = await post(
      'zto-express',
      body,
      signWebhook(body, ZTO_SECRET, Math.floor(Date.now() / 1000) - 600),
    );
    expect(stale.status).toBe(401);
    expect((await shipment()).status).toBe('CREATED');
    const signed = await post('zto-express', body, signWebhook(body, ZTO_SECRET));
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('PICKED_UP');
  });

  it('refuses a signed body without the fields it needs with a 400 naming them', async () => {
    const body = JSON.stringify({ status: 'TELEPORTED' });
    const res = await post('zto-express', body, signWebhook(body, ZTO_SECRET));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['eventId', 'trackingNumber', 'status']),
    );
  });

  it('refuses an event about a parcel another carrier carries, and changes nothing', async () => {
    const before = await shipment();
    const body = JSON.stringify({
      eventId: `evt-${randomUUID()}`,
      trackingNumber: before.trackingNumber,
      status: 'IN_TRANSIT',
    });
    const res = await post('sf-express', body, signWebhook(body, SF_SECRET));
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('urn:emporium:problem:shipment-not-found');
    const after = await shipment();
    expect(after.status).toBe(before.status);
    expect(after.events).toHaveLength(before.events.length);
  });

  it('applies a replayed event once, signed again or not', async () => {
    const before = await shipment();
    expect(before.status).toBe('PICKED_UP');
    const body = JSON.stringify({
      eventId: `evt-${randomUUID()}`,
      trackingNumber: before.trackingNumber,
      status: 'IN_TRANSIT',
      location: '杭州转运中心',
    });
    const signature = signWebhook(body, ZTO_SECRET);
    const first = await post('zto-express', body, signature);
    expect(first.status).toBe(200);
    const replayed = await post('zto-express', body, signature);
    expect(replayed.status).toBe(200);
    const resigned = await post(
      'zto-express',
      body,
      signWebhook(body, ZTO_SECRET, Math.floor(Date.now() / 1000) - 1),
    );
    expect(resigned.status).toBe(200);
    const after = await shipment();
    expect(after.status).toBe('IN_TRANSIT');
    expect(after.events.map((e) => e.status)).toEqual(['CREATED', 'PICKED_UP', 'IN_TRANSIT']);
    const deliveries = await service.app
      .get(DataSource)
      .query('SELECT deliveries FROM carrier_webhook_events WHERE carrier = $1 AND event_id = $2', [
        'zto-express',
        JSON.parse(body).eventId,
      ]);
    expect(deliveries).toEqual([{ deliveries: 3 }]);
    // Give a second status change time to be published, then count.
    await new Promise((r) => setTimeout(r, 500));
    const changes = await statusChanges((n) => n >= 2);
    expect(changes.map((e) => (e.data as { to: string }).to)).toEqual(['PICKED_UP', 'IN_TRANSIT']);
  });
});
