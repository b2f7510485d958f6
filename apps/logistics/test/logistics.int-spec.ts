import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type {
  EventEnvelope,
  EventType,
  OrderPlacedV1,
  ProductCreatedV1,
} from '@emporium/contracts';
import {
  signInternalIdentity,
  signWebhook,
  INTERNAL_IDENTITY_HEADER,
} from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  publishEvents,
  readEvent,
  readTopic,
  startTestKafka,
  uniqueSuffix,
  type ReadMessage,
  serviceClient,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { logisticsEntry } from '../src/app.module';
import { ReservationsService } from '../src/application/reservations.service';
import type { LogisticsConfig } from '../src/config';

const address = (province: string, city: string) => ({
  name: '张三',
  phone: '13800138000',
  province,
  city,
  line1: '人民路 1 号',
});

describe('logistics: warehouses, stock, quotes and the reservation saga', () => {
  let kafka: TestKafka;
  let producer: Producer;
  let service: TestService<LogisticsConfig>;
  let merchant: Record<string, string>;
  const warehouses: Record<string, string> = {};
  const sku = `PHONE-${uniqueSuffix()}`;

  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = merchant,
  ) =>
    serviceClient(service.url)
      .call(method, path, body, headers)
      // Status and body only: the assertions compare whole replies.
      .then(({ status, body }) => ({ status, body }));

  const publish = async (type: EventType, subject: string, data: unknown) => {
    const envelope = anEnvelope(type, subject, data);
    await publishEvents(producer, envelope);
    return envelope;
  };

  const query = (sql: string, params: unknown[] = []) =>
    service.app.get(DataSource).query(sql, params) as Promise<Record<string, unknown>[]>;

  const level = async (warehouseId: string) =>
    (
      await query(
        'SELECT on_hand, reserved FROM stock_levels WHERE warehouse_id = $1 AND sku = $2',
        [warehouseId, sku],
      )
    )[0];

  /** Every envelope of `type` on `topic`, read from the beginning until `until` holds. */
  const eventsOn = async (
    topic: string,
    type: string,
    until: (events: EventEnvelope[]) => boolean,
  ) => {
    const ofType = (messages: readonly ReadMessage[]) =>
      messages
        .map((m) => JSON.parse(m.value.toString()) as EventEnvelope)
        .filter((e) => e.type === type);
    return ofType(await readTopic(kafka.brokers, topic, (messages) => until(ofType(messages))));
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    producer = createKafka({ brokers: kafka.brokers, clientId: 'logistics-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    // 200 concurrent transactions queue for 10 pooled connections and one hot row lock.
    service = await bootService(logisticsEntry, {
      kafka,
      name: 'logistics',
      env: { DB_POOL_TIMEOUT_MS: '60000' },
    });
    merchant = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['merchant'] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    };
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await kafka?.stop();
  });

  describe('warehouses', () => {
    it('creates warehouses and stores for merchants', async () => {
      for (const [code, kind, province, city, lat, lon] of [
        ['GZ-1', 'WAREHOUSE', '广东省', '广州市', 23.13, 113.26],
        ['SH-1', 'WAREHOUSE', '上海市', '上海市', 31.23, 121.47],
        ['SH-STORE', 'STORE', '上海市', '上海市', 31.22, 121.48],
      ] as const) {
        const res = await call('POST', '/warehouses', {
          code,
          name: `${city}仓`,
          kind,
          address: address(province, city),
          location: { lat, lon },
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ code, kind, location: { lat, lon } });
        warehouses[code] = res.body.id;
      }
      const list = await call('GET', '/warehouses', undefined, {});
      expect(list.status).toBe(200);
      expect(list.body.items.map((w: { code: string }) => w.code)).toEqual([
        'GZ-1',
        'SH-1',
        'SH-STORE',
      ]);
    });

    it('refuses a duplicate code with 409 and bad input with a 400 listing the fields', async () => {
      const dup = await call('POST', '/warehouses', {
        code: 'GZ-1',
        name: 'x',
        kind: 'WAREHOUSE',
        address: address('广东省', '广州市'),
        location: { lat: 23, lon: 113 },
      });
      expect(dup.status).toBe(409);
      const bad = await call('POST', '/warehouses', {
        code: 'gz 2',
        name: '',
        kind: 'DEPOT',
        address: { province: '广东省' },
        location: { lat: 123, lon: 113 },
      });
      expect(bad.status).toBe(400);
      const fields = bad.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['code', 'name', 'kind', 'address.city', 'location.lat']),
      );
    });

    it('lets only merchants change warehouses', async () => {
      expect((await call('POST', '/warehouses', {}, {})).status).toBe(401);
      const customer = {
        [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
          { userId: randomUUID(), roles: ['customer'] },
          service.config.INTERNAL_AUTH_SECRET,
        ),
      };
      expect(
        (
          await call(
            'PUT',
            `/warehouses/${warehouses['GZ-1']}/stock/${sku}`,
            { onHand: 5 },
            customer,
          )
        ).status,
      ).toBe(403);
    });
  });

  describe('stock', () => {
    it('sets on-hand stock and reports it per warehouse, with a stock.adjusted event', async () => {
      const set = await call('PUT', `/warehouses/${warehouses['GZ-1']}/stock/${sku}`, {
        onHand: 100,
      });
      expect(set).toEqual({
        status: 200,
        body: { warehouseId: warehouses['GZ-1'], sku, onHand: 100, reserved: 0, available: 100 },
      });
      const inventory = await call('GET', `/inventory/${sku}`);
      expect(inventory.body).toEqual({
        sku,
        available: 100,
        warehouses: [{ warehouseId: warehouses['GZ-1'], onHand: 100, reserved: 0, available: 100 }],
      });
      const adjusted = await readEvent(kafka.brokers, 'stock.adjusted', sku);
      expect(adjusted.data).toEqual({
        reason: 'set by merchant',
        levels: [
          {
            sku,
            warehouseId: warehouses['GZ-1'],
            onHand: 100,
            reserved: 0,
            available: 100,
            totalAvailable: 100,
          },
        ],
      });
    });

    it('answers 404 for an unknown warehouse', async () => {
      expect(
        (await call('PUT', `/warehouses/${randomUUID()}/stock/${sku}`, { onHand: 1 })).status,
      ).toBe(404);
    });
  });

  describe('reservations', () => {
    it('never oversells: 200 concurrent single-unit orders for 100 units reserve exactly 100', async () => {
      const reservations = service.app.get(ReservationsService);
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          reservations.reserve({
            orderId: randomUUID(),
            lines: [{ sku, quantity: 1 }],
            shippingAddress: address('广东省', '深圳市'),
            deliveryOption: 'STANDARD',
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'RESERVED')).toHaveLength(100);
      expect(results.filter((r) => r.status === 'FAILED')).toHaveLength(100);
      expect(await level(warehouses['GZ-1'])).toEqual({ on_hand: 100, reserved: 100 });
      for (const r of results.filter((x) => x.status === 'RESERVED'))
        await reservations.release(r.orderId);
      expect(await level(warehouses['GZ-1'])).toEqual({ on_hand: 100, reserved: 0 });
    });

    const customerId = randomUUID();
    let paidOrderId = '';

    it('reserves a placed order from the nearest warehouse, once even if the event comes twice', async () => {
      await call('PUT', `/warehouses/${warehouses['SH-1']}/stock/${sku}`, { onHand: 10 });
      const orderId = randomUUID();
      const placed: Partial<OrderPlacedV1> = {
        orderId,
        lines: [{ sku, quantity: 3 } as OrderPlacedV1['lines'][number]],
        shippingAddress: address('浙江省', '杭州市'),
        deliveryOption: 'STANDARD',
      };
      const event = await publish('order.placed', orderId, placed);
      await publishEvents(producer, event); // delivered twice
      const reserved = await readEvent(kafka.brokers, 'stock.reserved', orderId);
      expect(reserved.data).toMatchObject({
        orderId,
        allocations: [{ warehouseId: warehouses['SH-1'], sku, quantity: 3 }],
      });
      expect(reserved.correlationId).toBe(orderId);
      expect(reserved.causationId).toBe(event.id);
      await new Promise((r) => setTimeout(r, 300));
      expect(await level(warehouses['SH-1'])).toEqual({ on_hand: 10, reserved: 3 });

      // Paid: the units leave the shelf and a parcel is created.
      await publish('order.paid', orderId, { orderId, customerId });
      await eventually(async () => (await level(warehouses['SH-1']))?.on_hand === 7, {
        what: 'commit',
      });
      expect(await level(warehouses['SH-1'])).toEqual({ on_hand: 7, reserved: 0 });
      paidOrderId = orderId;
    });

    describe('shipments', () => {
      const as = async (userId: string, role: 'customer' | 'merchant') => ({
        [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
          { userId, roles: [role] },
          service.config.INTERNAL_AUTH_SECRET,
        ),
      });

      it('creates one parcel per warehouse for a paid order, chosen by the delivery policy', async () => {
        const list = await eventually(
          async () => {
            const res = await call('GET', `/shipments?orderId=${paidOrderId}`);
            return res.body.items?.length === 1 && res.body;
          },
          { what: 'the shipment' },
        );
        expect(list.items[0]).toMatchObject({
          orderId: paidOrderId,
          kind: 'OUTBOUND',
          status: 'CREATED',
          warehouseId: warehouses['SH-1'],
          items: [{ sku, quantity: 3 }],
          events: [{ status: 'CREATED' }],
        });
        expect(list.items[0].mode).toMatch(/OWN_FLEET|THIRD_PARTY/);
        expect(list.items[0].reason).toContain('STANDARD');
        const created = await readEvent(kafka.brokers, 'shipment.created', paidOrderId);
        expect(created.data).toMatchObject({
          orderId: paidOrderId,
          customerId,
          trackingNumber: list.items[0].trackingNumber,
        });
      });

      it('shows a customer only their own shipments', async () => {
        const [shipment] = (await call('GET', `/shipments?orderId=${paidOrderId}`)).body.items;
        expect(
          (
            await call(
              'GET',
              `/shipments/${shipment.id}`,
              undefined,
              await as(customerId, 'customer'),
            )
          ).status,
        ).toBe(200);
        const stranger = await as(randomUUID(), 'customer');
        expect((await call('GET', `/shipments/${shipment.id}`, undefined, stranger)).status).toBe(
          404,
        );
        expect(
          (await call('GET', `/shipments?orderId=${paidOrderId}`, undefined, stranger)).body.items,
        ).toEqual([]);
      });

      it('follows tracking events and refuses impossible transitions with 409', async () => {
        const [shipment] = (await call('GET', `/shipments?orderId=${paidOrderId}`)).body.items;
        const picked = await call('POST', `/shipments/${shipment.id}/events`, {
          status: 'PICKED_UP',
          location: '上海仓',
        });
        expect(picked.status).toBe(201);
        expect(picked.body.status).toBe('PICKED_UP');
        const jump = await call('POST', `/shipments/${shipment.id}/events`, {
          status: 'DELIVERED',
        });
        expect(jump.status).toBe(409);
        expect(jump.body.type).toBe('urn:emporium:problem:shipment-transition-not-allowed');
      });

      it('accepts a carrier webhook only with a valid signature', async () => {
        const [shipment] = (await call('GET', `/shipments?orderId=${paidOrderId}`)).body.items;
        const body = JSON.stringify({
          eventId: randomUUID(),
          trackingNumber: shipment.trackingNumber,
          status: 'IN_TRANSIT',
          location: '杭州转运中心',
        });
        // Each carrier signs with its own secret, under its code (`ZTO Express`: zto-express).
        const carrier = (shipment.carrier as string).toLowerCase().replace(/[^a-z0-9]+/g, '-');
        const secret = service.config.LOGISTICS_CARRIER_SECRETS[carrier];
        const send = (signature: string) =>
          fetch(`${service.url}/webhooks/carriers/${carrier}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-signature': signature },
            body,
          });
        const forged = await send(signWebhook(body, 'not-the-carrier-secret-000000000000'));
        expect(forged.status).toBe(401);
        const stale = await send(signWebhook(body, secret, Math.floor(Date.now() / 1000) - 600));
        expect(stale.status).toBe(401);
        const signed = await send(signWebhook(body, secret));
        expect(signed.status).toBe(200);
        expect(((await signed.json()) as { status: string }).status).toBe('IN_TRANSIT');
        const changed = await eventsOn(
          'logistics.shipment',
          'shipment.status-changed',
          (e) => e.filter((x) => x.subject === paidOrderId).length >= 2,
        );
        expect(
          changed
            .filter((x) => x.subject === paidOrderId)
            .map((x) => (x.data as { to: string }).to),
        ).toEqual(['PICKED_UP', 'IN_TRANSIT']);
      });

      it('reports freight cost by mode and carrier', async () => {
        // Report dates are business days in Asia/Shanghai (UTC+8).
        const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
        const res = await call('GET', `/logistics/costs?from=${today}&to=${today}`);
        expect(res.status).toBe(200);
        const [shipment] = (await call('GET', `/shipments?orderId=${paidOrderId}`)).body.items;
        expect(res.body).toMatchObject({
          orders: 1,
          totalCost: shipment.cost,
          costPerOrder: shipment.cost,
        });
        expect(res.body.byMode).toEqual([
          { mode: shipment.mode, shipments: 1, cost: shipment.cost, orderShare: 1 },
        ]);
        expect(res.body.byCarrier).toEqual([
          { carrier: shipment.carrier, mode: shipment.mode, shipments: 1, cost: shipment.cost },
        ]);
      });

      it('fetches an approved return back to the warehouse and restocks it on arrival', async () => {
        const [outbound] = (await call('GET', `/shipments?orderId=${paidOrderId}`)).body.items;
        for (const status of ['OUT_FOR_DELIVERY', 'DELIVERED']) {
          expect((await call('POST', `/shipments/${outbound.id}/events`, { status })).status).toBe(
            201,
          );
        }
        const returnId = randomUUID();
        await publish('return.approved', returnId, {
          returnId,
          orderId: paidOrderId,
          customerId,
          lines: [{ sku, quantity: 1 }],
          reason: '尺寸不合适',
        });
        const back = await eventually(
          async () => {
            const items = (await call('GET', `/shipments?orderId=${paidOrderId}`)).body.items as {
              id: string;
              kind: string;
            }[];
            return items.find((x) => x.kind === 'RETURN');
          },
          { what: 'the return shipment' },
        );
        expect(back).toMatchObject({
          status: 'CREATED',
          warehouseId: warehouses['SH-1'],
          items: [{ sku, quantity: 1 }],
        });
        expect(await level(warehouses['SH-1'])).toEqual({ on_hand: 7, reserved: 0 });
        for (const status of ['PICKED_UP', 'IN_TRANSIT', 'DELIVERED']) {
          expect((await call('POST', `/shipments/${back.id}/events`, { status })).status).toBe(201);
        }
        expect(await level(warehouses['SH-1'])).toEqual({ on_hand: 8, reserved: 0 });
        const restocked = await eventsOn('logistics.inventory', 'stock.restocked', (e) =>
          e.some((x) => x.subject === paidOrderId),
        );
        expect(restocked.find((x) => x.subject === paidOrderId)!.data).toMatchObject({
          orderId: paidOrderId,
          returnId,
          returnComplete: true,
          levels: [{ sku, warehouseId: warehouses['SH-1'], onHand: 8, reserved: 0, available: 8 }],
        });
      });
    });

    it('says which SKUs are short and holds nothing when an order cannot be served', async () => {
      const orderId = randomUUID();
      await publish('order.placed', orderId, {
        orderId,
        lines: [
          { sku, quantity: 1 },
          { sku: 'NO-SUCH-SKU', quantity: 2 },
        ],
        shippingAddress: address('北京市', '北京市'),
        deliveryOption: 'STANDARD',
      });
      const failed = await readEvent(kafka.brokers, 'stock.reservation-failed', orderId);
      expect(failed.data).toEqual({
        orderId,
        shortSkus: [{ sku: 'NO-SUCH-SKU', requested: 2, available: 0 }],
      });
      expect(await level(warehouses['SH-1'])).toEqual({ on_hand: 8, reserved: 0 }); // 7 after the sale, +1 returned
    });

    it('releases a cancelled order’s units', async () => {
      const orderId = randomUUID();
      await service.app.get(ReservationsService).reserve({
        orderId,
        lines: [{ sku, quantity: 2 }],
        shippingAddress: address('上海市', '上海市'),
        deliveryOption: 'STANDARD',
      });
      expect(await level(warehouses['SH-1'])).toEqual({ on_hand: 8, reserved: 2 });
      await publish('order.cancelled', orderId, { orderId, reason: 'CUSTOMER' });
      await eventually(async () => (await level(warehouses['SH-1']))?.reserved === 0, {
        what: 'release',
      });
    });
  });

  describe('shipping quotes', () => {
    it('quotes every feasible option from catalog weights and the stock on hand', async () => {
      const product: Partial<ProductCreatedV1> = {
        productId: randomUUID(),
        variants: [
          {
            sku,
            name: 'Mate',
            price: { amount: 599900, currency: 'CNY' },
            weightGrams: 600,
            dimensionsMm: { length: 200, width: 120, height: 80 },
            attributes: {},
          },
        ],
      };
      await publish('product.created', product.productId!, product);
      await eventually(
        async () => (await query('SELECT 1 FROM sku_specs WHERE sku = $1', [sku])).length === 1,
        { what: 'sku specs' },
      );
      await call('PUT', `/warehouses/${warehouses['SH-STORE']}/stock/${sku}`, { onHand: 2 });

      const res = await call(
        'POST',
        '/shipping/quote',
        { destination: address('上海市', '上海市'), items: [{ sku, quantity: 1 }] },
        {},
      );
      expect(res.status).toBe(200);
      const byOption = Object.fromEntries(
        res.body.options.map((o: { deliveryOption: string }) => [o.deliveryOption, o]),
      );
      expect(byOption.STANDARD).toMatchObject({
        mode: 'OWN_FLEET',
        price: { amount: 500, currency: 'CNY' },
        etaDays: 0,
      });
      expect(byOption.EXPRESS).toMatchObject({ mode: 'OWN_FLEET' });
      expect(byOption.SAME_DAY.etaDays).toBe(0);
      expect(byOption.STORE_PICKUP).toMatchObject({
        mode: 'PICKUP',
        price: { amount: 0, currency: 'CNY' },
        pickupStoreId: warehouses['SH-STORE'],
      });
    });

    it('names each SKU the warehouses hold too few of, with requested and available, when it cannot ship', async () => {
      const short = `SHORT-${uniqueSuffix()}`;
      const product: Partial<ProductCreatedV1> = {
        productId: randomUUID(),
        variants: [
          {
            sku: short,
            name: '短缺',
            price: { amount: 9900, currency: 'CNY' },
            weightGrams: 300,
            dimensionsMm: null,
            attributes: {},
          },
        ],
      };
      await publish('product.created', product.productId!, product);
      await eventually(
        async () => (await query('SELECT 1 FROM sku_specs WHERE sku = $1', [short])).length === 1,
        { what: 'sku specs' },
      );
      await call('PUT', `/warehouses/${warehouses['SH-1']}/stock/${short}`, { onHand: 2 });
      const res = await call(
        'POST',
        '/shipping/quote',
        { destination: address('上海市', '上海市'), items: [{ sku: short, quantity: 5 }] },
        {},
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        options: [],
        shortSkus: [{ sku: short, requested: 5, available: 2 }],
      });
      const enough = await call(
        'POST',
        '/shipping/quote',
        { destination: address('上海市', '上海市'), items: [{ sku: short, quantity: 2 }] },
        {},
      );
      expect(enough.body.shortSkus).toBeUndefined();
    });

    it('answers 422 for SKUs it has no shipping data for', async () => {
      const res = await call(
        'POST',
        '/shipping/quote',
        { destination: address('上海市', '上海市'), items: [{ sku: 'GHOST', quantity: 1 }] },
        {},
      );
      expect(res.status).toBe(422);
      expect(res.body.type).toBe('urn:emporium:problem:unknown-sku');
    });
  });
});
