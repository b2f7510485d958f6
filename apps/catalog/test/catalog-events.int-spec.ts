import { randomUUID } from 'node:crypto';
import { DataSource as DataSourceToken } from 'typeorm';
import type { OrderLineV1, StockLevelV1 } from '@emporium/contracts';
import {
  bootService,
  eventually,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { catalogEntry } from '../src/app.module';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import { cachePrefix, type CatalogConfig } from '../src/config';
import {
  aProduct,
  aVariant,
  anOrderLine as line,
  client,
  merchant,
  publisher,
  stopCatalog,
} from './support';

describe('catalog: read models fed by inventory and order events', () => {
  let kafka: TestKafka;
  let service: TestService<CatalogConfig>;
  let call: ReturnType<typeof client>;
  let events: Awaited<ReturnType<typeof publisher>>;
  let category: string;

  const createProduct = async (name: string, variantCount = 2) => {
    const body = aProduct(category, {
      name,
      variants: Array.from({ length: variantCount }, () => aVariant()),
    });
    const res = await call('POST', '/products', body, merchant);
    expect(res.status).toBe(201);
    return {
      id: res.body.id as string,
      skus: body.variants.map((v: { sku: string }) => v.sku) as string[],
    };
  };

  const level = (sku: string, warehouseId: string, available: number): StockLevelV1 => ({
    sku,
    warehouseId,
    onHand: available + 1,
    reserved: 1,
    available,
    totalAvailable: available,
  });

  beforeAll(async () => {
    kafka = await startTestKafka();
    service = await bootService(catalogEntry, { kafka, name: 'catalog_events' });
    call = client(service);
    events = await publisher(kafka.brokers);
    category = (await call('POST', '/categories', { name: '事件', slug: 'events' }, merchant)).body
      .id;
  });

  afterAll(async () => {
    await events?.disconnect();
    await stopCatalog(service);
    await kafka?.stop();
  });

  describe('availability from logistics.inventory', () => {
    it('sums a variant over warehouses and refreshes a cached product detail and listing', async () => {
      const { id, skus } = await createProduct('库存测试 手机');
      // Past the creation's own delayed invalidation; then cache the detail and the first listing
      // page while nothing is in stock.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await call('GET', `/products/${id}`)).body.available).toBe(false);
      expect(
        await service.app.get<Redis>(REDIS).exists(`${cachePrefix(service.config)}:product:${id}`),
      ).toBe(1);
      expect(
        (await call('GET', `/products?categoryId=${category}&inStock=true`)).body.items,
      ).toEqual([]);

      await events.publish('stock.adjusted', skus[0], { levels: [level(skus[0], 'wh-sh', 3)] });
      await events.publish('stock.adjusted', skus[0], { levels: [level(skus[0], 'wh-gz', 4)] });

      const detail = await eventually(
        async () => {
          const res = await call('GET', `/products/${id}`);
          return res.body.variants[0].available === 7 ? res.body : undefined;
        },
        { what: 'the variant to show 7 available' },
      );
      expect(detail.available).toBe(true);
      expect(detail.variants[1].available).toBe(0);
      const inStock = await call('GET', `/products?categoryId=${category}&inStock=true`);
      expect(inStock.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    });

    it('follows reservations and releases, and ignores a report older than the one it has', async () => {
      const { id, skus } = await createProduct('预留测试 耳机', 1);
      const sku = skus[0];
      const orderId = randomUUID();
      const t0 = Date.now();
      await events.publish(
        'stock.adjusted',
        sku,
        { levels: [level(sku, 'wh-bj', 5)] },
        new Date(t0).toISOString(),
      );
      await events.publish(
        'stock.reserved',
        orderId,
        {
          orderId,
          allocations: [{ sku, warehouseId: 'wh-bj', quantity: 5 }],
          levels: [level(sku, 'wh-bj', 0)],
        },
        new Date(t0 + 1_000).toISOString(),
      );
      await eventually(
        async () => (await call('GET', `/products/${id}`)).body.available === false || undefined,
        {
          what: 'the product to sell out',
        },
      );
      // A late, older adjustment must not bring back stock that the reservation took.
      const late = await events.publish(
        'stock.adjusted',
        sku,
        { levels: [level(sku, 'wh-bj', 5)] },
        new Date(t0 + 500).toISOString(),
      );
      await eventually(
        async () => {
          const rows = await service.app
            .get(DataSourceToken)
            .query('SELECT 1 FROM inbox WHERE event_id = $1', [late.id]);
          return rows.length > 0 || undefined;
        },
        { what: 'the late adjustment to be handled' },
      );
      expect((await call('GET', `/products/${id}`)).body.variants[0].available).toBe(0);
      await events.publish(
        'stock.released',
        orderId,
        {
          orderId,
          allocations: [{ sku, warehouseId: 'wh-bj', quantity: 2 }],
          levels: [level(sku, 'wh-bj', 2)],
        },
        new Date(t0 + 2_000).toISOString(),
      );
      const detail = await eventually(
        async () => {
          const res = await call('GET', `/products/${id}`);
          return res.body.variants[0].available === 2 ? res.body : undefined;
        },
        { what: 'the released units to be available' },
      );
      expect(detail.available).toBe(true);
      const [{ available }] = await service.app
        .get(DataSourceToken)
        .query('SELECT available FROM stock_levels WHERE sku = $1', [sku]);
      expect(available).toBe(2);
    });

    it('remembers stock reported before the product exists', async () => {
      const sku = `EARLY-${randomUUID().slice(0, 8)}`;
      await events.publish('stock.adjusted', sku, { levels: [level(sku, 'wh-cd', 9)] });
      await eventually(
        async () => {
          const rows = await service.app
            .get(DataSourceToken)
            .query('SELECT 1 FROM stock_levels WHERE sku = $1', [sku]);
          return rows.length > 0 || undefined;
        },
        { what: 'the early stock level' },
      );
      const res = await call(
        'POST',
        '/products',
        aProduct(category, { variants: [aVariant({ sku })] }),
        merchant,
      );
      expect(res.body.variants[0].available).toBe(9);
      expect(res.body.available).toBe(true);
    });
  });

  describe('best sellers from orders.order', () => {
    it('ranks products by units paid for', async () => {
      const cat = (
        await call('POST', '/categories', { name: '畅销', slug: 'best-sellers' }, merchant)
      ).body.id;
      const make = async (name: string) => {
        const body = aProduct(cat, { name });
        const res = await call('POST', '/products', body, merchant);
        return { id: res.body.id as string, sku: body.variants[0].sku as string };
      };
      const [a, b, c] = [await make('畅销 A'), await make('畅销 B'), await make('畅销 C')];
      const paid = (customerId: string, lines: OrderLineV1[]) => {
        const orderId = randomUUID();
        return events.publish('order.paid', orderId, {
          orderId,
          customerId,
          lines,
          total: { amount: 1, currency: 'CNY' },
          paidAt: new Date().toISOString(),
        });
      };
      await paid(randomUUID(), [line(b.id, b.sku, 5), line(c.id, c.sku, 1)]);
      await paid(randomUUID(), [line(c.id, c.sku, 2)]);
      await eventually(
        async () => {
          const res = await call('GET', `/products?categoryId=${cat}&sort=best_selling&limit=3`);
          const order = res.body.items?.map((p: { id: string }) => p.id);
          return JSON.stringify(order) === JSON.stringify([b.id, c.id, a.id]) || undefined;
        },
        { what: 'B, C, A by units sold' },
      );
    });
  });

  describe('reviews', () => {
    const delivered = (customerId: string, productId: string, sku: string) => {
      const orderId = randomUUID();
      return events.publish('order.delivered', orderId, {
        orderId,
        customerId,
        lines: [line(productId, sku, 1)],
        deliveredAt: new Date().toISOString(),
      });
    };

    it('lets only a customer whose order of the product was delivered review it, once', async () => {
      const { id, skus } = await createProduct('评价测试 跑步鞋');
      const customer = { userId: randomUUID(), roles: ['customer' as const] };
      const review = { rating: 4, title: '不错', body: '穿着舒服，轻便' };

      const before = await call('POST', `/products/${id}/reviews`, review, customer);
      expect(before.status).toBe(403);
      expect(before.contentType).toMatch(/^application\/problem\+json/);
      expect(before.body.type).toBe('urn:emporium:problem:review-requires-delivery');

      // Another customer's delivery gives this one no right to review.
      await delivered(randomUUID(), id, skus[0]);
      await delivered(customer.userId, id, skus[0]);
      const created = await eventually(
        async () => {
          const res = await call('POST', `/products/${id}/reviews`, review, customer);
          return res.status === 201 ? res : undefined;
        },
        { what: 'the delivery to allow a review' },
      );
      expect(created.body).toMatchObject({
        productId: id,
        customerId: customer.userId,
        rating: 4,
        title: '不错',
      });

      const again = await call(
        'POST',
        `/products/${id}/reviews`,
        { ...review, rating: 1 },
        customer,
      );
      expect(again.status).toBe(409);
      expect(again.body.type).toBe('urn:emporium:problem:review-exists');
    });

    it('keeps the rating average and count as reviews arrive, even concurrently', async () => {
      const { id, skus } = await createProduct('评分测试 坚果');
      await call('GET', `/products/${id}`); // cached with no rating yet
      const customers = Array.from({ length: 6 }, () => randomUUID());
      for (const c of customers) await delivered(c, id, skus[0]);
      await eventually(
        async () => {
          const rows = await service.app
            .get(DataSourceToken)
            .query('SELECT count(*)::int AS n FROM delivered_purchases WHERE product_id = $1', [
              id,
            ]);
          return rows[0].n === customers.length || undefined;
        },
        { what: 'every delivery' },
      );
      const ratings = [5, 4, 4, 3, 5, 2];
      const results = await Promise.all(
        customers.map((userId, k) =>
          call(
            'POST',
            `/products/${id}/reviews`,
            { rating: ratings[k], title: `评价 ${k}`, body: '内容' },
            { userId, roles: ['customer'] },
          ),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(customers.map(() => 201));
      const detail = await call('GET', `/products/${id}`);
      expect(detail.body.rating).toEqual({ average: 3.8, count: 6 }); // 23 / 6 = 3.83
      const list = await call('GET', `/products?categoryId=${category}&limit=100`);
      expect(list.body.items.find((p: { id: string }) => p.id === id).rating).toEqual({
        average: 3.8,
        count: 6,
      });

      const page1 = await call('GET', `/products/${id}/reviews?limit=4`);
      const page2 = await call(
        'GET',
        `/products/${id}/reviews?limit=4&cursor=${page1.body.nextCursor}`,
      );
      expect(page1.body.total).toBe(6);
      expect(page2.body.nextCursor).toBeNull();
      const all = [...page1.body.items, ...page2.body.items].map(
        (r: { customerId: string }) => r.customerId,
      );
      expect(new Set(all)).toEqual(new Set(customers));
    });

    it('refuses a rating outside 1–5 as a validation problem', async () => {
      const { id } = await createProduct('评分边界');
      const res = await call(
        'POST',
        `/products/${id}/reviews`,
        { rating: 6, title: 't', body: 'b' },
        { roles: ['customer'] },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'rating', message: expect.any(String) }]);
    });
  });
});
