import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { EventEnvelope, EventType, OrderPlacedV1 } from '@emporium/contracts';
import { signInternalIdentity, INTERNAL_IDENTITY_HEADER } from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  publishEvents,
  readTopic,
  startTestKafka,
  uniqueSuffix,
  type ReadMessage,
  serviceClient,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { logisticsEntry } from '../src/app.module';
import type { LogisticsConfig } from '../src/config';

const address = {
  name: '张三',
  phone: '13800138000',
  province: '上海市',
  city: '上海市',
  line1: '人民路 1 号',
};

describe('logistics: store pickup, from the shelf to the customer or back', () => {
  let kafka: TestKafka;
  let producer: Producer;
  let service: TestService<LogisticsConfig>;
  let merchant: Record<string, string>;
  let agent: Record<string, string>;
  let storeId: string;
  const sku = `TEA-${uniqueSuffix()}`;

  const identity = async (userId: string, role: string) => ({
    [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
      { userId, roles: [role as 'customer'] },
      service.config.INTERNAL_AUTH_SECRET,
    ),
  });

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

  const query = (sql: string, params: unknown[] = []) =>
    service.app.get(DataSource).query(sql, params) as Promise<Record<string, unknown>[]>;

  const onShelf = async () =>
    (
      await query(
        'SELECT on_hand, reserved FROM stock_levels WHERE warehouse_id = $1 AND sku = $2',
        [storeId, sku],
      )
    )[0];

  /** Every envelope of `type` about `orderId` on `topic`, read from the beginning until `until` holds. */
  const eventsOf = async (
    topic: string,
    type: string,
    orderId: string,
    until: (events: EventEnvelope[]) => boolean,
  ) => {
    const mine = (messages: readonly ReadMessage[]) =>
      messages
        .map((m) => JSON.parse(m.value.toString()) as EventEnvelope)
        .filter((e) => e.type === type && e.subject === orderId);
    return mine(await readTopic(kafka.brokers, topic, (messages) => until(mine(messages))));
  };

  const publish = (type: EventType, subject: string, data: unknown) =>
    publishEvents(producer, anEnvelope(type, subject, data));

  /** A paid STORE_PICKUP order of `quantity` units at the store: its shipment, still CREATED. */
  const paidPickup = async (quantity: number) => {
    const orderId = randomUUID();
    const customerId = randomUUID();
    const placed: Partial<OrderPlacedV1> = {
      orderId,
      customerId,
      lines: [{ sku, quantity } as OrderPlacedV1['lines'][number]],
      shippingAddress: address,
      deliveryOption: 'STORE_PICKUP',
      pickupStoreId: storeId,
    };
    await publish('order.placed', orderId, placed);
    await eventsOf('logistics.inventory', 'stock.reserved', orderId, (e) => e.length > 0);
    await publish('order.paid', orderId, { orderId, customerId });
    const shipment = await eventually(
      async () => (await call('GET', `/shipments?orderId=${orderId}`)).body.items?.[0],
      { what: 'the pickup shipment' },
    );
    return { orderId, customerId, shipment, customer: await identity(customerId, 'customer') };
  };

  const markReady = (shipmentId: string) =>
    call('POST', `/shipments/${shipmentId}/events`, {
      status: 'READY_FOR_PICKUP',
      location: '上海门店',
    });

  beforeAll(async () => {
    kafka = await startTestKafka();
    producer = createKafka({ brokers: kafka.brokers, clientId: 'pickup-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    service = await bootService(logisticsEntry, {
      kafka,
      name: 'logistics',
      env: { LOGISTICS_SWEEP_INTERVAL_MS: '200' },
    });
    merchant = await identity(randomUUID(), 'merchant');
    agent = await identity(randomUUID(), 'agent');
    const store = await call('POST', '/warehouses', {
      code: `SH-STORE-${uniqueSuffix()}`.toUpperCase(),
      name: '上海门店',
      kind: 'STORE',
      address,
      location: { lat: 31.22, lon: 121.48 },
    });
    expect(store.status).toBe(201);
    storeId = store.body.id;
    expect((await call('PUT', `/warehouses/${storeId}/stock/${sku}`, { onHand: 20 })).status).toBe(
      200,
    );
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await kafka?.stop();
  });

  it('creates a pickup shipment at the chosen store that no carrier can move', async () => {
    const { shipment } = await paidPickup(1);
    expect(shipment).toMatchObject({
      kind: 'OUTBOUND',
      status: 'CREATED',
      mode: 'PICKUP',
      warehouseId: storeId,
      pickup: { storeId },
    });
    expect(shipment.pickup.code).toBeUndefined();
    const picked = await call('POST', `/shipments/${shipment.id}/events`, { status: 'PICKED_UP' });
    expect(picked).toMatchObject({
      status: 409,
      body: { type: 'urn:emporium:problem:shipment-transition-not-allowed' },
    });
  });

  it('hands nothing over before the store has put the goods aside', async () => {
    const { shipment } = await paidPickup(1);
    const early = await call('POST', `/shipments/${shipment.id}/pickup`, { code: '123456' }, agent);
    expect(early).toMatchObject({
      status: 409,
      body: { type: 'urn:emporium:problem:pickup-not-ready' },
    });
  });

  it('puts a pickup aside with a 6-digit code only its customer can read, announced without the code', async () => {
    const { orderId, shipment, customer } = await paidPickup(2);
    const ready = await markReady(shipment.id);
    expect(ready.status).toBe(201);
    expect(ready.body).toMatchObject({
      status: 'READY_FOR_PICKUP',
      pickup: { storeId, attemptsLeft: 5, locked: false },
    });
    expect(ready.body.pickup.code).toBeUndefined(); // staff check the code; they never read it

    const mine = await call('GET', `/shipments/${shipment.id}`, undefined, customer);
    expect(mine.body.pickup.code).toMatch(/^\d{6}$/);
    const collectBy = Date.parse(mine.body.pickup.collectBy);
    expect(collectBy - Date.now()).toBeGreaterThan(6.9 * 86_400_000); // LOGISTICS_PICKUP_WINDOW_DAYS, 7 by default
    expect(
      (await call('GET', `/shipments?orderId=${orderId}`, undefined, customer)).body.items[0].pickup
        .code,
    ).toBe(mine.body.pickup.code);
    expect(
      (await call('GET', `/shipments/${shipment.id}`, undefined, agent)).body.pickup.code,
    ).toBeUndefined();

    const [changed] = await eventsOf(
      'logistics.shipment',
      'shipment.status-changed',
      orderId,
      (e) => e.length > 0,
    );
    expect(changed.data).toMatchObject({
      shipmentId: shipment.id,
      from: 'CREATED',
      to: 'READY_FOR_PICKUP',
      collectBy: mine.body.pickup.collectBy,
    });
    expect(JSON.stringify(changed)).not.toContain(mine.body.pickup.code);
  });

  it('refuses a wrong code with 422 and the attempts left, a malformed one with 400, and a customer at the counter with 403', async () => {
    const { shipment, customer } = await paidPickup(1);
    await markReady(shipment.id);
    const code = (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body.pickup
      .code as string;
    const wrong = code === '000000' ? '000001' : '000000';

    const refused = await call('POST', `/shipments/${shipment.id}/pickup`, { code: wrong }, agent);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      type: 'urn:emporium:problem:pickup-code-invalid',
      attemptsLeft: 4,
    });
    const malformed = await call(
      'POST',
      `/shipments/${shipment.id}/pickup`,
      { code: '12ab' },
      agent,
    );
    expect(malformed.status).toBe(400);
    expect(
      (await call('POST', `/shipments/${shipment.id}/pickup`, { code }, customer)).status,
    ).toBe(403);

    const after = (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body;
    expect(after).toMatchObject({
      status: 'READY_FOR_PICKUP',
      pickup: { attemptsLeft: 4, locked: false, code },
    });
  });

  it('hands the goods over once when two counters give the right code at once: PICKED_UP_BY_CUSTOMER, delivered', async () => {
    const { orderId, shipment, customer } = await paidPickup(1);
    await markReady(shipment.id);
    const code = (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body.pickup
      .code as string;

    const answers = await Promise.all([
      call('POST', `/shipments/${shipment.id}/pickup`, { code }, agent),
      call('POST', `/shipments/${shipment.id}/pickup`, { code }, merchant),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 200)!.body).toMatchObject({
      status: 'PICKED_UP_BY_CUSTOMER',
    });
    expect(answers.find((a) => a.status === 409)!.body.type).toBe(
      'urn:emporium:problem:pickup-not-ready',
    );

    const collected = (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body;
    expect(collected.status).toBe('PICKED_UP_BY_CUSTOMER');
    expect(collected.pickup.code).toBeUndefined();
    const delivered = await eventsOf(
      'logistics.shipment',
      'shipment.delivered',
      orderId,
      (e) => e.length > 0,
    );
    expect(delivered).toHaveLength(1);
    expect(delivered[0].data).toMatchObject({ shipmentId: shipment.id, kind: 'OUTBOUND' });
  });

  it('locks a pickup after five wrong codes, refusing even the right one, until staff issue a new code', async () => {
    const { shipment, customer } = await paidPickup(1);
    await markReady(shipment.id);
    const code = (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body.pickup
      .code as string;
    const wrong = code === '999999' ? '999998' : '999999';
    for (const left of [4, 3, 2, 1, 0]) {
      const refused = await call(
        'POST',
        `/shipments/${shipment.id}/pickup`,
        { code: wrong },
        agent,
      );
      expect(refused).toMatchObject({ status: 422, body: { attemptsLeft: left } });
    }
    const locked = await call('POST', `/shipments/${shipment.id}/pickup`, { code }, agent);
    expect(locked).toMatchObject({
      status: 409,
      body: { type: 'urn:emporium:problem:pickup-locked' },
    });
    expect(
      (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body.pickup,
    ).toMatchObject({ locked: true, attemptsLeft: 0 });

    expect(
      (await call('POST', `/shipments/${shipment.id}/pickup-code`, undefined, agent)).status,
    ).toBe(403);
    const reissued = await call('POST', `/shipments/${shipment.id}/pickup-code`);
    expect(reissued).toMatchObject({
      status: 200,
      body: { pickup: { locked: false, attemptsLeft: 5 } },
    });
    const fresh = (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body.pickup
      .code as string;
    expect(fresh).toMatch(/^\d{6}$/);
    expect(
      (await call('POST', `/shipments/${shipment.id}/pickup`, { code: fresh }, agent)).body.status,
    ).toBe('PICKED_UP_BY_CUSTOMER');
  });

  it('expires a pickup not collected by its deadline and puts its units back on the store shelf', async () => {
    const before = await onShelf();
    const { orderId, shipment, customer } = await paidPickup(3);
    await eventually(async () => (await onShelf()).on_hand === Number(before.on_hand) - 3, {
      what: 'the units committed',
    });
    await markReady(shipment.id);
    // The deadline passes: seven days are not waited for in a test.
    await query(`UPDATE shipments SET collect_by = now() - interval '1 second' WHERE id = $1`, [
      shipment.id,
    ]);

    const expired = await eventually(
      async () => {
        const s = (await call('GET', `/shipments/${shipment.id}`, undefined, customer)).body;
        return s.status === 'PICKUP_EXPIRED' && s;
      },
      { what: 'the pickup to expire' },
    );
    expect(expired.pickup.code).toBeUndefined();
    expect(await onShelf()).toEqual(before);
    const restocked = await eventsOf(
      'logistics.inventory',
      'stock.restocked',
      orderId,
      (e) => e.length > 0,
    );
    expect(restocked[0].data).toMatchObject({
      orderId,
      levels: [{ warehouseId: storeId, sku, onHand: before.on_hand }],
    });
    const changes = await eventsOf('logistics.shipment', 'shipment.status-changed', orderId, (e) =>
      e.some((x) => (x.data as { to: string }).to === 'PICKUP_EXPIRED'),
    );
    expect(changes.map((e) => (e.data as { to: string }).to)).toEqual([
      'READY_FOR_PICKUP',
      'PICKUP_EXPIRED',
    ]);
    const late = await call('POST', `/shipments/${shipment.id}/pickup`, { code: '123456' }, agent);
    expect(late.status).toBe(409);

    // The order's cancellation that follows (NOT_COLLECTED) finds nothing left to put back.
    await publish('order.cancelled', orderId, {
      orderId,
      customerId: randomUUID(),
      reason: 'CUSTOMER',
      cause: 'NOT_COLLECTED',
      cancelledAt: new Date().toISOString(),
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await onShelf()).toEqual(before);
  });

  it('cancels a pickup waiting on the shelf when its order is cancelled, and puts the units back', async () => {
    const before = await onShelf();
    const { orderId, customerId, shipment } = await paidPickup(2);
    await markReady(shipment.id);
    await publish('order.cancelled', orderId, {
      orderId,
      customerId,
      reason: 'CUSTOMER',
      cancelledAt: new Date().toISOString(),
    });
    await eventually(
      async () => (await call('GET', `/shipments/${shipment.id}`)).body.status === 'CANCELLED',
      { what: 'the pickup cancelled' },
    );
    await eventually(async () => (await onShelf()).on_hand === before.on_hand, {
      what: 'the units back',
    });
  });
});
