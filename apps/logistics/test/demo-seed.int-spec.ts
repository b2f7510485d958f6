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

  it('stocks every announced product in every warehouse and store', async () => {
    const sku = `DEMO-${randomUUID().slice(0, 8)}`;
    const product: Partial<ProductCreatedV1> = {
      productId: randomUUID(),
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
});
