import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ProductCreatedV1 } from '@emporium/contracts';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  publishEvents,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { logisticsEntry } from '../src/app.module';
import { DEMO_WAREHOUSES, DemoSeedService } from '../src/application/demo-seed.service';
import type { LogisticsConfig } from '../src/config';

describe('the demo seed (development)', () => {
  let kafka: TestKafka;
  let service: TestService<LogisticsConfig>;

  beforeAll(async () => {
    kafka = await startTestKafka();
    service = await bootService(logisticsEntry, { kafka, name: 'logistics_demo', env: { LOGISTICS_SEED_DEMO: 'true' } });
  });

  afterAll(async () => {
    await service?.stop();
    await kafka?.stop();
  });

  it('creates warehouses in several provinces and pickup stores, once', async () => {
    const res = await fetch(`${service.url}/warehouses`);
    const { items } = (await res.json()) as { items: { kind: string; address: { province: string } }[] };
    expect(items).toHaveLength(DEMO_WAREHOUSES.length);
    expect(new Set(items.filter((w) => w.kind === 'WAREHOUSE').map((w) => w.address.province)).size).toBeGreaterThanOrEqual(5);
    expect(items.filter((w) => w.kind === 'STORE').length).toBeGreaterThanOrEqual(2);
    await service.app.get(DemoSeedService).onApplicationBootstrap();
    expect(await service.app.get(DataSource).query('SELECT count(*)::int AS n FROM warehouses')).toEqual([{ n: DEMO_WAREHOUSES.length }]);
  });

  it('stocks the demo catalog’s products in every demo warehouse and store', async () => {
    const sku = `DEMO-${randomUUID().slice(0, 8)}`;
    const product: Partial<ProductCreatedV1> = {
      productId: randomUUID(),
      demo: true,
      variants: [{ sku, name: '黑色', price: { amount: 9900, currency: 'CNY' }, weightGrams: 300, dimensionsMm: { length: 100, width: 100, height: 50 }, attributes: {} }],
    };
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'demo-test' }).producer({ createPartitioner: partitioner });
    await producer.connect();
    await publishEvents(producer, anEnvelope('product.created', product.productId!, product));
    await producer.disconnect();
    const rows = await eventually(async () => {
      const r: { kind: string; on_hand: number }[] = await service.app.get(DataSource).query(
        'SELECT w.kind, s.on_hand FROM stock_levels s JOIN warehouses w ON w.id = s.warehouse_id WHERE s.sku = $1 ORDER BY w.code',
        [sku],
      );
      return r.length === DEMO_WAREHOUSES.length && r;
    }, { what: 'demo stock' });
    for (const row of rows.filter((r) => r.kind === 'WAREHOUSE')) expect(row.on_hand).toBeGreaterThanOrEqual(20);
    const inventory = (await (await fetch(`${service.url}/inventory/${sku}`, { headers: {} })).json()) as { status?: number };
    expect(inventory.status).toBe(401); // inventory is for merchants
  });

  it('leaves stock someone set, and warehouses a merchant created, as they are', async () => {
    const db = service.app.get(DataSource);
    const sku = `DEMO-${randomUUID().slice(0, 8)}`;
    const [{ id: own }] = await db.query(
      `INSERT INTO warehouses (code, name, kind, address, lat, lon) VALUES ($1, '自营仓', 'WAREHOUSE', $2, 30, 120) RETURNING id`,
      [`OWN-${sku}`, JSON.stringify(DEMO_WAREHOUSES[0].address)],
    );
    const [{ id: qingpu }] = await db.query(`SELECT id FROM warehouses WHERE code = 'SH-QINGPU'`);
    // The merchant stocked the product before logistics heard of it.
    await db.query(`INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved) VALUES ($1, $2, 7, 0)`, [qingpu, sku]);
    const product: Partial<ProductCreatedV1> = {
      productId: randomUUID(),
      demo: true,
      variants: [{ sku, name: '白色', price: { amount: 9900, currency: 'CNY' }, weightGrams: 300, dimensionsMm: null, attributes: {} }],
    };
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'demo-test-2' }).producer({ createPartitioner: partitioner });
    await producer.connect();
    await publishEvents(producer, anEnvelope('product.created', product.productId!, product));
    await producer.disconnect();
    const rows = await eventually(async () => {
      const r: { warehouse_id: string; on_hand: number }[] = await db.query('SELECT warehouse_id, on_hand FROM stock_levels WHERE sku = $1', [sku]);
      return r.length === DEMO_WAREHOUSES.length && r;
    }, { what: 'demo stock' });
    expect(rows.find((r) => r.warehouse_id === qingpu)?.on_hand).toBe(7);
    expect(rows.some((r) => r.warehouse_id === own)).toBe(false);
  });

  it('never stocks a product a merchant creates after the demo seed', async () => {
    const db = service.app.get(DataSource);
    const sku = `OWN-${randomUUID().slice(0, 8)}`;
    const product: Partial<ProductCreatedV1> = {
      productId: randomUUID(),
      variants: [{ sku, name: '红色', price: { amount: 9900, currency: 'CNY' }, weightGrams: 300, dimensionsMm: null, attributes: {} }],
    };
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'demo-test-3' }).producer({ createPartitioner: partitioner });
    await producer.connect();
    await publishEvents(producer, anEnvelope('product.created', product.productId!, product));
    await producer.disconnect();
    // Logistics learns the product's weight from the same event: once it has, the event is handled.
    await eventually(async () => (await db.query('SELECT 1 FROM sku_specs WHERE sku = $1', [sku])).length === 1, { what: 'the product’s specs' });
    expect(await db.query('SELECT warehouse_id, on_hand FROM stock_levels WHERE sku = $1', [sku])).toEqual([]);
  });
});
