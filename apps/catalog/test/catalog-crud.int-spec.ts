import { randomUUID } from 'node:crypto';
import { bootService, startTestKafka, type TestKafka, type TestService } from '@emporium/testing';
import { catalogEntry } from '../src/app.module';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import { cachePrefix, type CatalogConfig } from '../src/config';
import { aProduct, aVariant, client, merchant, readEnvelopes, stopCatalog } from './support';

describe('catalog: categories and products through the HTTP API', () => {
  let kafka: TestKafka;
  let service: TestService<CatalogConfig>;
  let call: ReturnType<typeof client>;
  let phones: string;
  let digital: string;

  beforeAll(async () => {
    kafka = await startTestKafka();
    service = await bootService(catalogEntry, { kafka, name: 'catalog_crud' });
    call = client(service);
    digital = (await call('POST', '/categories', { name: '数码', slug: 'digital' }, merchant)).body
      .id;
    phones = (
      await call(
        'POST',
        '/categories',
        { name: '手机', slug: 'phones', parentId: digital },
        merchant,
      )
    ).body.id;
  });

  afterAll(async () => {
    await stopCatalog(service);
    await kafka?.stop();
  });

  describe('categories', () => {
    it('answers the tree with children nested under parents', async () => {
      const res = await call('GET', '/categories');
      expect(res.status).toBe(200);
      const top = res.body.find((c: { slug: string }) => c.slug === 'digital');
      expect(top.children).toEqual([{ id: phones, name: '手机', slug: 'phones', children: [] }]);
    });

    it('refuses a second category with the same slug with 409', async () => {
      const res = await call('POST', '/categories', { name: '别的', slug: 'phones' }, merchant);
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('urn:emporium:problem:slug-taken');
    });

    it('moves a category with its subtree, and refuses to move it under its own child', async () => {
      const audio = (await call('POST', '/categories', { name: '音频', slug: 'audio' }, merchant))
        .body.id;
      const earbuds = (
        await call(
          'POST',
          '/categories',
          { name: '耳机', slug: 'earbuds', parentId: audio },
          merchant,
        )
      ).body.id;
      const moved = await call('PATCH', `/categories/${audio}`, { parentId: digital }, merchant);
      expect(moved.status).toBe(200);
      expect(moved.body.children.map((c: { id: string }) => c.id)).toEqual([earbuds]);
      const cycle = await call('PATCH', `/categories/${audio}`, { parentId: earbuds }, merchant);
      expect(cycle.status).toBe(409);
      expect(cycle.body.type).toBe('urn:emporium:problem:category-cycle');
    });

    it('lets only merchants create categories', async () => {
      expect((await call('POST', '/categories', { name: 'x' })).status).toBe(401);
      expect(
        (await call('POST', '/categories', { name: 'x' }, { roles: ['customer'] })).status,
      ).toBe(403);
    });
  });

  describe('products', () => {
    it('creates a product with variants and serves it by id and by slug', async () => {
      const body = aProduct(phones, {
        name: '华为 Mate 70 智能手机',
        slug: 'huawei-mate-70',
        images: ['https://img.example.com/m70.jpg'],
      });
      const created = await call('POST', '/products', body, merchant);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: '华为 Mate 70 智能手机',
        slug: 'huawei-mate-70',
        status: 'ACTIVE',
        priceFrom: { amount: 9_900, currency: 'CNY' },
        rating: { average: 0, count: 0 },
        available: false,
      });
      expect(created.body.variants).toHaveLength(2);
      expect(created.body.variants[0]).toMatchObject({
        sku: body.variants[0].sku,
        price: { amount: 9_900, currency: 'CNY' },
        weightGrams: 500,
        dimensionsMm: { length: 200, width: 100, height: 50 },
        available: 0,
      });
      const byId = await call('GET', `/products/${created.body.id}`);
      const bySlug = await call('GET', '/products/huawei-mate-70');
      expect(byId.status).toBe(200);
      expect(bySlug.body).toEqual(byId.body);
    });

    it('generates a slug from the Latin words of the name when none is given', async () => {
      const res = await call(
        'POST',
        '/products',
        aProduct(phones, { name: '小米 14 Ultra 手机' }),
        merchant,
      );
      expect(res.body.slug).toMatch(/^14-ultra-[0-9a-f]{8}$/);
    });

    it('lists every invalid field of a malformed product as a 400 problem', async () => {
      const res = await call(
        'POST',
        '/products',
        {
          name: '',
          description: 'x',
          categoryId: 'not-a-uuid',
          variants: [{ sku: 'bad sku', name: 'v', price: { amount: 1.5, currency: 'CNY' } }],
          colour: 'red',
        },
        merchant,
      );
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'name',
          'categoryId',
          'variants[0].sku',
          'variants[0].price.amount',
          'colour',
        ]),
      );
    });

    it('refuses a zero price, and a shippable variant without weight or dimensions, naming the fields', async () => {
      const res = await call(
        'POST',
        '/products',
        aProduct(phones, {
          variants: [
            aVariant({ price: { amount: 0, currency: 'CNY' } }),
            aVariant({ weightGrams: undefined, dimensionsMm: undefined }),
          ],
        }),
        merchant,
      );
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('urn:emporium:problem:validation-failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'variants[0].price.amount',
        'variants[1].weightGrams',
        'variants[1].dimensionsMm',
      ]);
    });

    it('accepts a product that does not ship without weight or dimensions', async () => {
      const res = await call(
        'POST',
        '/products',
        aProduct(phones, {
          shippable: false,
          variants: [aVariant({ weightGrams: undefined, dimensionsMm: undefined })],
        }),
        merchant,
      );
      expect(res.status).toBe(201);
      expect(res.body.variants[0]).toMatchObject({ weightGrams: null, dimensionsMm: null });
    });

    it('refuses a SKU or a slug another product uses with 409', async () => {
      const first = aProduct(phones, { slug: 'unique-slug-test' });
      expect((await call('POST', '/products', first, merchant)).status).toBe(201);
      const sameSku = await call(
        'POST',
        '/products',
        aProduct(phones, { variants: [aVariant({ sku: first.variants[1].sku })] }),
        merchant,
      );
      expect(sameSku.status).toBe(409);
      expect(sameSku.body.type).toBe('urn:emporium:problem:sku-taken');
      const sameSlug = await call(
        'POST',
        '/products',
        aProduct(phones, { slug: 'unique-slug-test' }),
        merchant,
      );
      expect(sameSlug.status).toBe(409);
      expect(sameSlug.body.type).toBe('urn:emporium:problem:slug-taken');
    });

    it('lets only one of two concurrent products with the same SKU in', async () => {
      const sku = aVariant().sku;
      const results = await Promise.all(
        [1, 2].map(() =>
          call('POST', '/products', aProduct(phones, { variants: [aVariant({ sku })] }), merchant),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)?.body.type).toBe(
        'urn:emporium:problem:sku-taken',
      );
    });

    it('refuses a product in a category that does not exist with 422', async () => {
      const res = await call('POST', '/products', aProduct(randomUUID()), merchant);
      expect(res.status).toBe(422);
      expect(res.body.type).toBe('urn:emporium:problem:category-not-found');
    });

    it('lets only merchants write products', async () => {
      expect((await call('POST', '/products', aProduct(phones))).status).toBe(401);
      expect(
        (await call('POST', '/products', aProduct(phones), { roles: ['customer'] })).status,
      ).toBe(403);
    });

    it('shows a new price at once, even right after the old one was cached, and announces it', async () => {
      const body = aProduct(phones, { name: '缓存测试 手机' });
      const { id } = (await call('POST', '/products', body, merchant)).body;
      // Past the creation's own delayed invalidation, so the next read really stays cached.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await call('GET', `/products/${id}`)).body.variants[0].price.amount).toBe(9_900);
      const redis = service.app.get<Redis>(REDIS);
      expect(await redis.exists(`${cachePrefix(service.config)}:product:${id}`)).toBe(1);
      const firstPage = await call(
        'GET',
        `/products?categoryId=${phones}&sort=price_asc&limit=100`,
      );
      expect(firstPage.body.items.find((p: { id: string }) => p.id === id).priceFrom.amount).toBe(
        9_900,
      );

      const variants = [
        { ...body.variants[0], price: { amount: 8_800, currency: 'CNY' } },
        body.variants[1],
      ];
      const patched = await call('PATCH', `/products/${id}`, { variants }, merchant);
      expect(patched.status).toBe(200);

      expect((await call('GET', `/products/${id}`)).body.variants[0].price.amount).toBe(8_800);
      const again = await call('GET', `/products?categoryId=${phones}&sort=price_asc&limit=100`);
      expect(again.body.items.find((p: { id: string }) => p.id === id).priceFrom.amount).toBe(
        8_800,
      );

      const events = await readEnvelopes(kafka.brokers, 'catalog.product', (seen) =>
        seen.some((e) => e.type === 'price.changed' && e.subject === id),
      );
      expect(events.find((e) => e.type === 'price.changed' && e.subject === id)?.data).toEqual({
        productId: id,
        sku: body.variants[0].sku,
        previous: { amount: 9_900, currency: 'CNY' },
        price: { amount: 8_800, currency: 'CNY' },
      });
      expect(events.some((e) => e.type === 'product.created' && e.subject === id)).toBe(true);
    });

    it('answers an unchanged product or page with 304 to its ETag, and a changed one in full', async () => {
      const body = aProduct(phones, { name: 'ETag 测试 手机' });
      const { id } = (await call('POST', '/products', body, merchant)).body;
      for (const path of [`/products/${id}`, `/products?categoryId=${phones}&limit=100`]) {
        const first = await fetch(`${service.url}${path}`);
        const etag = first.headers.get('etag');
        expect({ status: first.status, weak: etag?.startsWith('W/"') }).toEqual({
          status: 200,
          weak: true,
        });
        await first.text();
        const unchanged = await fetch(`${service.url}${path}`, {
          headers: { 'if-none-match': etag! },
        });
        expect({ status: unchanged.status, body: await unchanged.text() }).toEqual({
          status: 304,
          body: '',
        });
      }
      const before = (await fetch(`${service.url}/products/${id}`)).headers.get('etag')!;
      const renamed = await call(
        'PATCH',
        `/products/${id}`,
        { name: 'ETag 测试 手机 二代' },
        merchant,
      );
      expect(renamed.status).toBe(200);
      const changed = await fetch(`${service.url}/products/${id}`, {
        headers: { 'if-none-match': before },
      });
      expect(changed.status).toBe(200);
      expect(((await changed.json()) as { name: string }).name).toBe('ETag 测试 手机 二代');
      expect(changed.headers.get('etag')).not.toBe(before);
    });

    it('renames a product and serves it under its new slug only', async () => {
      const { id } = (
        await call('POST', '/products', aProduct(phones, { slug: 'old-name' }), merchant)
      ).body;
      await call('GET', '/products/old-name');
      const res = await call(
        'PATCH',
        `/products/${id}`,
        { name: '新名字', slug: 'new-name' },
        merchant,
      );
      expect(res.body).toMatchObject({ name: '新名字', slug: 'new-name' });
      expect((await call('GET', '/products/old-name')).status).toBe(404);
      expect((await call('GET', '/products/new-name')).body.name).toBe('新名字');
    });

    it('refuses null for a product field that cannot be cleared, naming each, and changes nothing', async () => {
      const { id } = (
        await call('POST', '/products', aProduct(phones, { slug: 'stays-put' }), merchant)
      ).body;
      const before = (await call('GET', `/products/${id}`, undefined, merchant)).body;
      const res = await call(
        'PATCH',
        `/products/${id}`,
        { name: null, slug: null, status: null, images: null, variants: null },
        merchant,
      );
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['name', 'slug', 'status', 'images', 'variants']),
      );
      expect((await call('GET', `/products/${id}`, undefined, merchant)).body).toEqual(before);
      const category = await call(
        'PATCH',
        `/categories/${phones}`,
        { name: null, position: null },
        merchant,
      );
      expect(category.status).toBe(400);
      expect(category.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['name', 'position']),
      );
    });

    it('archives on DELETE: hidden from shoppers, visible to merchants, and not sold again without a draft', async () => {
      const { id } = (await call('POST', '/products', aProduct(phones), merchant)).body;
      await call('GET', `/products/${id}`);
      expect((await call('DELETE', `/products/${id}`, undefined, merchant)).status).toBe(204);
      expect((await call('GET', `/products/${id}`)).status).toBe(404);
      expect((await call('GET', `/products/${id}`, undefined, merchant)).body.status).toBe(
        'ARCHIVED',
      );
      const list = await call('GET', `/products?categoryId=${phones}&limit=100`);
      expect(list.body.items.some((p: { id: string }) => p.id === id)).toBe(false);
      const revive = await call('PATCH', `/products/${id}`, { status: 'ACTIVE' }, merchant);
      expect(revive.status).toBe(409);
      expect(revive.body.type).toBe('urn:emporium:problem:illegal-status-transition');
    });

    it('keeps drafts out of listings and away from shoppers', async () => {
      const { id } = (
        await call('POST', '/products', aProduct(phones, { status: 'DRAFT' }), merchant)
      ).body;
      expect((await call('GET', `/products/${id}`)).status).toBe(404);
      const list = await call('GET', `/products?categoryId=${phones}&limit=100`);
      expect(list.body.items.some((p: { id: string }) => p.id === id)).toBe(false);
    });

    it('looks variants up by SKU for other services, leaving unknown SKUs out', async () => {
      const body = aProduct(phones, { name: '小米 15', status: 'DRAFT' });
      const { id } = (await call('POST', '/products', body, merchant)).body;
      const [first, second] = body.variants.map((v: { sku: string }) => v.sku);
      const res = await call('GET', `/internal/variants?skus=${first},NO-SUCH-SKU,${second}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items.find((v: { sku: string }) => v.sku === first)).toEqual({
        sku: first,
        productId: id,
        name: `小米 15 ${body.variants[0].name}`,
        categoryId: phones,
        price: body.variants[0].price,
        weightGrams: 500,
        available: 0,
        sellable: false,
      });
      expect((await call('GET', '/internal/variants?skus=')).status).toBe(400);
    });

    it('answers an unknown product with a 404 problem', async () => {
      const res = await call('GET', `/products/${randomUUID()}`);
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('urn:emporium:problem:product-not-found');
      expect((await call('GET', '/products/%00')).status).toBe(404);
    });
  });
});
