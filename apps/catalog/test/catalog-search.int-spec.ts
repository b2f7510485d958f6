import { bootService, startTestKafka, type TestKafka, type TestService } from '@emporium/testing';
import { catalogEntry } from '../src/app.module';
import type { CatalogConfig } from '../src/config';
import { aProduct, aVariant, client, merchant, stopCatalog } from './support';

interface Item {
  id: string;
  name: string;
  priceFrom: { amount: number };
}

describe('catalog: search, filters, sorts and cursor paging', () => {
  let kafka: TestKafka;
  let service: TestService<CatalogConfig>;
  let call: ReturnType<typeof client>;
  const cat: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const names = async (query: string): Promise<string[]> => {
    const res = await call('GET', `/products?${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((i: Item) => i.name);
  };

  const product = async (
    key: string,
    category: string,
    name: string,
    description: string,
    price: number,
  ) => {
    const body = aProduct(cat[category], {
      name,
      description,
      variants: [aVariant({ price: { amount: price, currency: 'CNY' } })],
    });
    const res = await call('POST', '/products', body, merchant);
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    service = await bootService(catalogEntry, { kafka, name: 'catalog_search' });
    call = client(service);
    for (const [slug, name, parent] of [
      ['digital', '数码', undefined],
      ['phones', '手机', 'digital'],
      ['accessories', '手机配件', 'phones'],
      ['laptops', '电脑', 'digital'],
      ['shoes', '运动鞋', undefined],
      ['paging', '分页', undefined],
    ] as const) {
      cat[slug] = (
        await call('POST', '/categories', { name, slug, parentId: parent && cat[parent] }, merchant)
      ).body.id;
    }
    await product(
      'mate',
      'phones',
      '华为智能手机 Mate 70',
      '麒麟芯片，鸿蒙系统，旗舰影像',
      599_900,
    );
    await product('case', 'accessories', '手机壳 适用于华为 Mate 70', '硅胶材质，防摔', 4_900);
    await product(
      'matebook',
      'laptops',
      '华为 MateBook X Pro 笔记本电脑',
      '与华为手机多屏协同，轻薄办公',
      899_900,
    );
    await product(
      'sony',
      'digital',
      'Sony WH-1000XM5 降噪耳机',
      'Wireless noise cancelling headphones，长续航',
      249_900,
    );
    await product('shoe', 'shoes', '李宁 超轻 21 跑步鞋', '䨻科技中底，轻量回弹', 39_900);
  });

  afterAll(async () => {
    await stopCatalog(service);
    await kafka?.stop();
  });

  describe('in Chinese', () => {
    it('finds 手机 inside a longer Chinese name, ranking name matches above description matches', async () => {
      const found = await names(`q=${encodeURIComponent('手机')}`);
      expect(found).toHaveLength(3);
      expect(found.slice(0, 2).sort()).toEqual(
        ['华为智能手机 Mate 70', '手机壳 适用于华为 Mate 70'].sort(),
      );
      expect(found[2]).toBe('华为 MateBook X Pro 笔记本电脑'); // only its description says 手机
    });

    it('finds a product by a Chinese word of its description', async () => {
      expect(await names(`q=${encodeURIComponent('降噪')}`)).toEqual(['Sony WH-1000XM5 降噪耳机']);
      expect(await names(`q=${encodeURIComponent('回弹')}`)).toEqual(['李宁 超轻 21 跑步鞋']);
    });

    it('requires every term of a mixed Chinese and English query', async () => {
      const found = await names(`q=${encodeURIComponent('华为mate 手机')}`);
      expect(found.sort()).toEqual(
        [
          '华为 MateBook X Pro 笔记本电脑',
          '华为智能手机 Mate 70',
          '手机壳 适用于华为 Mate 70',
        ].sort(),
      );
      expect(await names(`q=${encodeURIComponent('华为 跑步鞋')}`)).toEqual([]);
    });
  });

  describe('in English', () => {
    it('finds mate in any case and as part of a word', async () => {
      const found = await names('q=MATE');
      expect(found.sort()).toEqual(
        [
          '华为 MateBook X Pro 笔记本电脑',
          '华为智能手机 Mate 70',
          '手机壳 适用于华为 Mate 70',
        ].sort(),
      );
      expect(await names('q=matebook')).toEqual(['华为 MateBook X Pro 笔记本电脑']);
    });

    it('matches partial model numbers and English description words', async () => {
      expect(await names('q=1000xm')).toEqual(['Sony WH-1000XM5 降噪耳机']);
      expect(await names('q=cancel')).toEqual(['Sony WH-1000XM5 降噪耳机']);
    });

    it('finds nothing for a word nowhere in the catalog, nor for a query of symbols only', async () => {
      expect(await names('q=iphone')).toEqual([]);
      expect(await names(`q=${encodeURIComponent('%')}`)).toEqual([]);
    });
  });

  describe('filters and sorts', () => {
    it('filters by a category and everything under it', async () => {
      const underDigital = await names(`categoryId=${cat.digital}&limit=100`);
      expect(underDigital.sort()).toEqual(
        [
          'Sony WH-1000XM5 降噪耳机',
          '华为 MateBook X Pro 笔记本电脑',
          '华为智能手机 Mate 70',
          '手机壳 适用于华为 Mate 70',
        ].sort(),
      );
      expect((await names(`categoryId=${cat.phones}`)).sort()).toEqual(
        ['华为智能手机 Mate 70', '手机壳 适用于华为 Mate 70'].sort(),
      );
    });

    it('filters by a price range in fen, inclusive', async () => {
      expect(
        (await names(`categoryId=${cat.digital}&minPrice=249900&maxPrice=599900`)).sort(),
      ).toEqual(['Sony WH-1000XM5 降噪耳机', '华为智能手机 Mate 70'].sort());
    });

    it('combines search with category and sorts by price both ways', async () => {
      const q = encodeURIComponent('华为');
      expect(await names(`q=${q}&sort=price_asc`)).toEqual([
        '手机壳 适用于华为 Mate 70',
        '华为智能手机 Mate 70',
        '华为 MateBook X Pro 笔记本电脑',
      ]);
      expect(await names(`q=${q}&sort=price_desc&categoryId=${cat.phones}`)).toEqual([
        '华为智能手机 Mate 70',
        '手机壳 适用于华为 Mate 70',
      ]);
    });

    it('sorts newest first by default and reports the total', async () => {
      const res = await call('GET', `/products?categoryId=${cat.digital}&limit=2`);
      expect(res.body.items.map((i: Item) => i.id)).toEqual([ids.sony, ids.matebook]);
      expect(res.body.total).toBe(4);
      expect(typeof res.body.nextCursor).toBe('string');
    });

    it('refuses an unknown sort, an unknown parameter and a forged cursor with 400 problems', async () => {
      for (const query of ['sort=cheapest', 'colour=red', 'cursor=bm90LWEtY3Vyc29y']) {
        const res = await call('GET', `/products?${query}`);
        expect(res.status).toBe(400);
        expect(res.contentType).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('cursor paging', () => {
    it('refuses a cursor from another listing', async () => {
      const first = await call('GET', `/products?categoryId=${cat.paging}&sort=price_asc&limit=2`);
      const res = await call(
        'GET',
        `/products?categoryId=${cat.digital}&sort=price_asc&limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('urn:emporium:problem:cursor-listing-mismatch');
    });

    const pageThrough = async (query: string, during?: () => Promise<void>) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Item[]; nextCursor: string | null } } = await call(
          'GET',
          `/products?categoryId=${cat.paging}&limit=7&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
        if (during) await during();
      } while (cursor);
      return seen;
    };

    it.each([
      'sort=price_asc',
      'sort=price_desc',
      'sort=newest',
      'sort=best_selling',
      `q=${encodeURIComponent('分页')}`,
    ])('never repeats or skips a product while others are inserted (%s)', async (query) => {
      const before = (await pageThrough(query)).length;
      const existing = new Set(await pageThrough(query));
      expect(existing.size).toBe(before);
      let n = 0;
      const seen = await pageThrough(query, async () => {
        // Same prices as existing products, so ties across pages are exercised too.
        await Promise.all(
          [0, 1].map(() => {
            n += 1;
            return call(
              'POST',
              '/products',
              aProduct(cat.paging, {
                name: `分页商品 新 ${n}`,
                variants: [
                  aVariant({ price: { amount: 1_000 * (n % 4) + 1_000, currency: 'CNY' } }),
                ],
              }),
              merchant,
            );
          }),
        );
      });
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of existing) expect(seen).toContain(id);
    });

    beforeAll(async () => {
      for (let i = 0; i < 24; i++) {
        const body = aProduct(cat.paging, {
          name: `分页商品 ${i}`,
          variants: [aVariant({ price: { amount: 1_000 * (i % 4) + 1_000, currency: 'CNY' } })],
        });
        expect((await call('POST', '/products', body, merchant)).status).toBe(201);
      }
    });
  });
});
