import { bootService, readEvent, startTestKafka, type TestKafka, type TestService } from '@emporium/testing';
import { catalogEntry } from '../src/app.module';
import { SeedService } from '../src/application/seed.service';
import type { CatalogConfig } from '../src/config';
import { client, stopCatalog } from './support';

describe('catalog: the demo catalog seeded on start', () => {
  let kafka: TestKafka;
  let service: TestService<CatalogConfig>;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    kafka = await startTestKafka();
    service = await bootService(catalogEntry, { kafka, name: 'catalog_seed', env: { CATALOG_SEED_DEMO: 'true', CATALOG_SEED_PRODUCTS: '200' } });
    call = client(service);
  });

  afterAll(async () => {
    await stopCatalog(service);
    await kafka?.stop();
  });

  it('creates a category tree of at least 12 categories', async () => {
    const tree: { children: unknown[] }[] = (await call('GET', '/categories')).body;
    const count = tree.length + tree.reduce((n, c) => n + c.children.length, 0);
    expect(count).toBeGreaterThanOrEqual(12);
  });

  it('creates 200 active products with Chinese names and several variants each', async () => {
    const page = await call('GET', '/products?limit=100');
    expect(page.body.total).toBe(200);
    expect(page.body.items.every((p: { name: string }) => /\p{Script=Han}/u.test(p.name))).toBe(true);
    const detail = await call('GET', `/products/${page.body.items[0].slug}`);
    expect(detail.body.variants.length).toBeGreaterThanOrEqual(2);
  });

  it('makes the demo catalog searchable in both languages', async () => {
    expect((await call('GET', `/products?q=${encodeURIComponent('手机')}`)).body.total).toBeGreaterThan(0);
    expect((await call('GET', '/products?q=mate')).body.total).toBeGreaterThan(0);
  });

  it('announces its products as the demo catalog’s, the only ones logistics gives demo stock', async () => {
    const [first] = (await call('GET', '/products?limit=1')).body.items as { id: string }[];
    const created = await readEvent(kafka.brokers, 'product.created', first.id);
    expect(created.data).toMatchObject({ productId: first.id, demo: true });
  });

  it('seeds only once', async () => {
    expect(await service.app.get(SeedService).seed(200)).toBe(0);
    expect((await call('GET', '/products?limit=1')).body.total).toBe(200);
  });
});
