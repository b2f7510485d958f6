import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  bootService,
  eventually,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { catalogEntry } from '../src/app.module';
import { MAX_PENDING_TERMS, SearchTermCounter } from '../src/application/search-term-counter';
import type { CatalogConfig } from '../src/config';
import {
  aProduct,
  aVariant,
  anOrderLine,
  client,
  merchant,
  publisher,
  stopCatalog,
} from './support';

interface Item {
  id: string;
  name: string;
  match?: string;
}

/** Searching as Chinese shoppers type: pinyin, initials, synonyms, typos, suggestions, gaps. */
describe('catalog: search the way Chinese shoppers type', () => {
  let kafka: TestKafka;
  let service: TestService<CatalogConfig>;
  let events: Awaited<ReturnType<typeof publisher>>;
  let call: ReturnType<typeof client>;
  const cat: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const skus: Record<string, string> = {};

  const search = async (q: string, extra = '') => {
    const res = await call('GET', `/products?q=${encodeURIComponent(q)}&limit=50${extra}`);
    expect(res.status).toBe(200);
    return res.body as {
      items: Item[];
      total: number;
      didYouMean?: string;
      fallback?: { categoryId: string | null; items: Item[] };
    };
  };
  const ranked = async (q: string) => (await search(q)).items.map((i) => `${i.name} [${i.match}]`);

  const product = async (key: string, category: string, name: string, description = '商品') => {
    const variant = aVariant();
    const res = await call(
      'POST',
      '/products',
      aProduct(cat[category], { name, description, variants: [variant] }),
      merchant,
    );
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
    skus[key] = variant.sku;
  };

  const sell = (key: string, quantity: number) => {
    const orderId = randomUUID();
    return events.publish('order.paid', orderId, {
      orderId,
      customerId: randomUUID(),
      lines: [anOrderLine(ids[key], skus[key], quantity)],
      total: { amount: 9_900 * quantity, currency: 'CNY' },
      paidAt: new Date().toISOString(),
    });
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    service = await bootService(catalogEntry, { kafka, name: 'catalog_chinese_search' });
    call = client(service);
    events = await publisher(kafka.brokers);
    for (const [slug, name] of [
      ['phones', '手机通讯'],
      ['home', '家居日用'],
      ['food', '食品'],
      ['audio', '耳机音响'],
    ] as const) {
      cat[slug] = (await call('POST', '/categories', { name, slug }, merchant)).body.id;
    }
    await product('huawei', 'phones', '华为智能手机 Mate 70');
    await product('xiaomi', 'phones', '小米手机 15 Pro');
    await product('studio', 'phones', 'Shouji Studio 桌面支架');
    await product('shoujike', 'phones', 'Shoujike 硅胶壳');
    await product('guide', 'phones', '充电线 Type-C', '兼容 shouji 快充');
    await product('mobile', 'phones', '老人移动电话 大字大声');
    await product('powerbank', 'phones', '移动电源 20000毫安');
    await product('iphone', 'phones', '苹果手机 iPhone 16');
    await product('cup', 'home', '保温杯 316不锈钢 500ml');
    await product('hotpot', 'food', '重庆火锅底料 牛油');
    await product('cardholder', 'home', '银行卡套 真皮');
    await product('sj', 'audio', 'SJ 运动手环');
    await product('headphone', 'audio', 'Wireless Headphone 降噪');
    // Units sold order products that match equally well.
    await sell('xiaomi', 5);
    await sell('huawei', 2);
    await eventually(
      async () => {
        const res = await call('GET', `/products?categoryId=${cat.phones}&sort=best_selling`);
        return res.body.items[0]?.id === ids.xiaomi && res.body.items[1]?.id === ids.huawei;
      },
      { what: 'units sold counted' },
    );
  });

  afterAll(async () => {
    await events?.disconnect();
    await stopCatalog(service);
    await kafka?.stop();
  });

  describe('ranking', () => {
    it('ranks a whole word of the name, a word prefix, the description, then pinyin by sales', async () => {
      expect(await ranked('shouji')).toEqual([
        'Shouji Studio 桌面支架 [exact]',
        'Shoujike 硅胶壳 [exact]',
        '充电线 Type-C [exact]',
        '小米手机 15 Pro [pinyin]',
        '华为智能手机 Mate 70 [pinyin]',
        '苹果手机 iPhone 16 [pinyin]',
      ]);
    });

    it('ranks initials below an exact match of the same letters', async () => {
      expect(await ranked('sj')).toEqual([
        'SJ 运动手环 [exact]',
        '小米手机 15 Pro [initials]',
        '华为智能手机 Mate 70 [initials]',
        '苹果手机 iPhone 16 [initials]',
      ]);
    });

    it('ranks Chinese name matches by sales, then synonyms, and pages in that order', async () => {
      const put = await call(
        'PUT',
        '/search/synonyms',
        { groups: [['手机', '移动电话']] },
        merchant,
      );
      expect(put.status).toBe(200);
      expect(await ranked('手机')).toEqual([
        '小米手机 15 Pro [exact]',
        '华为智能手机 Mate 70 [exact]',
        '苹果手机 iPhone 16 [exact]',
        '老人移动电话 大字大声 [synonym]',
      ]);
      // A small catalog fits the popularity window whole: the total is exact and free.
      expect((await search('手机')).total).toBe(4);
      const first = await call('GET', `/products?q=${encodeURIComponent('手机')}&limit=2`);
      const second = await call(
        'GET',
        `/products?q=${encodeURIComponent('手机')}&limit=2&cursor=${first.body.nextCursor}`,
      );
      expect([...first.body.items, ...second.body.items].map((i: Item) => i.id)).toEqual([
        ids.xiaomi,
        ids.huawei,
        ids.iphone,
        ids.mobile,
      ]);
    });
  });

  describe('pinyin and initials', () => {
    it('finds Chinese names by full pinyin without tones', async () => {
      expect((await search('baowenbei')).items.map((i) => i.name)).toEqual([
        '保温杯 316不锈钢 500ml',
      ]);
      expect((await search('bwb')).items.map((i) => [i.name, i.match])).toEqual([
        ['保温杯 316不锈钢 500ml', 'initials'],
      ]);
    });

    it('reads polyphonic characters as the product word says', async () => {
      expect((await search('chongqing')).items.map((i) => i.name)).toEqual(['重庆火锅底料 牛油']);
      expect((await search('yinhang')).items.map((i) => i.name)).toEqual(['银行卡套 真皮']);
    });

    it('requires every term of a query mixing pinyin and Chinese', async () => {
      expect((await search('xiaomi 手机')).items.map((i) => [i.name, i.match])).toEqual([
        ['小米手机 15 Pro', 'pinyin'],
      ]);
    });

    it('finds one Chinese character and two-letter words through the short grams', async () => {
      expect((await search('杯')).items.map((i) => i.name)).toEqual(['保温杯 316不锈钢 500ml']);
      expect((await search('ml')).items.map((i) => [i.name, i.match])).toEqual([
        ['保温杯 316不锈钢 500ml', 'exact'],
      ]);
    });

    it('needs at least two letters for initials', async () => {
      expect((await search('b')).items.map((i) => i.match)).not.toContain('initials');
    });
  });

  describe('traditional characters and synonyms', () => {
    it('finds simplified names from traditional characters', async () => {
      expect((await search('手機')).items.map((i) => i.id)).toContain(ids.huawei);
      expect((await search('銀行卡')).items.map((i) => i.name)).toEqual(['银行卡套 真皮']);
    });

    it('applies the groups a merchant puts, at once and both ways', async () => {
      expect((await search('充电宝')).total).toBe(0);
      const put = await call(
        'PUT',
        '/search/synonyms',
        {
          groups: [
            ['手机', '移动电话'],
            ['充電寶', '移动电源'],
            ['iPhone', '苹果手机'],
          ],
        },
        merchant,
      );
      expect(put.body).toEqual({
        groups: [
          ['手机', '移动电话'],
          ['充电宝', '移动电源'],
          ['iphone', '苹果手机'],
        ],
      });
      expect((await call('GET', '/search/synonyms', undefined, merchant)).body).toEqual(put.body);
      expect((await search('充电宝')).items.map((i) => [i.name, i.match])).toEqual([
        ['移动电源 20000毫安', 'synonym'],
      ]);
      expect((await search('移动电话')).items.map((i) => i.id)).toEqual(
        expect.arrayContaining([ids.mobile, ids.huawei, ids.xiaomi]),
      );
      expect((await search('iphone')).items.map((i) => i.id)).toEqual([ids.iphone]);
    });

    it('refuses malformed groups with a 400 and keeps the groups it had', async () => {
      const before = (await call('GET', '/search/synonyms', undefined, merchant)).body;
      for (const groups of [
        [['手机']],
        [['手机', 42]],
        'x',
        [['手机', '  ']],
        [['手机', '手機']],
      ]) {
        const res = await call('PUT', '/search/synonyms', { groups }, merchant);
        expect(res.status).toBe(400);
        expect(res.contentType).toMatch(/^application\/problem\+json/);
      }
      expect((await call('GET', '/search/synonyms', undefined, merchant)).body).toEqual(before);
    });

    it('lets only merchants and admins read or change synonyms', async () => {
      const customer = { roles: ['customer' as const] };
      expect((await call('GET', '/search/synonyms', undefined, customer)).status).toBe(403);
      expect((await call('PUT', '/search/synonyms', { groups: [] }, customer)).status).toBe(403);
    });
  });

  describe('typos and zero results', () => {
    it('corrects one edit in pinyin or English and says what it searched for', async () => {
      for (const typo of ['shoujii', 'shuoji']) {
        const page = await search(typo);
        expect(page.didYouMean).toBe('手机');
        expect(page.items.map((i) => i.id)).toEqual(
          expect.arrayContaining([ids.huawei, ids.xiaomi, ids.iphone]),
        );
        expect(new Set(page.items.map((i) => i.match))).toEqual(new Set(['fuzzy']));
      }
      const homophone = await search('手鸡');
      expect(homophone.didYouMean).toBe('手机');
      expect(homophone.items.map((i) => i.id)).toContain(ids.huawei);
      const english = await search('hedaphone');
      expect(english.didYouMean).toBe('headphone');
      expect(english.items.map((i) => i.id)).toEqual([ids.headphone]);
    });

    it('answers a search that finds nothing with the best sellers of the closest category', async () => {
      const page = await search('手机通讯录音笔');
      expect(page.items).toEqual([]);
      expect(page.total).toBe(0);
      expect(page.didYouMean).toBeUndefined();
      expect(page.fallback?.categoryId).toBe(cat.phones);
      expect(page.fallback?.items.slice(0, 2).map((i) => i.id)).toEqual([ids.xiaomi, ids.huawei]);
    });

    it('counts searches per term and reports the zero-result ones first', async () => {
      const gap = `无此商品${randomUUID().slice(0, 4)}`;
      await search(gap);
      await search(gap);
      await search('baowenbei');
      await search('baowenbeii');
      await service.app.get(SearchTermCounter).flush();
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const res = await call(
        'GET',
        `/analytics/search-terms?from=${today}&to=${today}&limit=100`,
        undefined,
        merchant,
      );
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toEqual({
        term: gap,
        searches: 2,
        zeroResults: 2,
        zeroResultShare: 1,
      });
      const found = res.body.items.find((i: { term: string }) => i.term === 'baowenbei');
      expect(found).toMatchObject({ zeroResults: 0, zeroResultShare: 0 });
      expect(found.searches).toBeGreaterThanOrEqual(1);
      // Found only through a correction: nothing for what was typed, and never suggested.
      const typo = res.body.items.find((i: { term: string }) => i.term === 'baowenbeii');
      expect(typo).toMatchObject({ searches: 1, zeroResults: 1 });
    });

    it('holds at most MAX_PENDING_TERMS new terms between writes; terms it holds keep counting', async () => {
      const counter = service.app.get(SearchTermCounter);
      await counter.flush();
      const day = '2026-01-15';
      const at = new Date(`${day}T04:00:00Z`);
      const flood = `flood${randomUUID().slice(0, 6)}-`;
      for (let i = 0; i < MAX_PENDING_TERMS + 50; i++) counter.count(`${flood}${i}`, true, at);
      counter.count(`${flood}0`, true, at); // held already: counted
      await counter.flush();
      const rows: { terms: string }[] = await service.app
        .get(DataSource)
        .query(
          `SELECT count(*) AS terms FROM search_term_days WHERE day = $1 AND term LIKE $2 || '%'`,
          [day, flood],
        );
      expect(rows[0].terms).toBe(String(MAX_PENDING_TERMS));
      const first: { searches: number }[] = await service.app
        .get(DataSource)
        .query('SELECT searches FROM search_term_days WHERE day = $1 AND term = $2', [
          day,
          `${flood}0`,
        ]);
      expect(first).toEqual([{ searches: 2 }]);
    });

    it('forgets the days older than the longest report period', async () => {
      const db = service.app.get(DataSource);
      const term = `old${randomUUID().slice(0, 6)}`;
      await db.query(
        `INSERT INTO search_term_days (day, term, searches, zero_results)
         VALUES ('2026-01-01', $1, 3, 0), ('2025-01-01', $1, 5, 5)`,
        [term],
      );
      await service.app.get(SearchTermCounter).prune(new Date('2026-12-08T00:00:00Z'));
      const days: { day: string }[] = await db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM search_term_days WHERE term = $1`,
        [term],
      );
      expect(days).toEqual([{ day: '2026-01-01' }]);
    });

    it('refuses a report period that does not parse or runs backwards', async () => {
      for (const query of [
        'from=2026-12-08&to=2026-12-01',
        'from=yesterday&to=2026-12-01',
        'from=2026-02-31&to=2026-03-05',
      ]) {
        const res = await call('GET', `/analytics/search-terms?${query}`, undefined, merchant);
        expect(res.status).toBe(400);
      }
    });
  });

  describe('suggestions while typing', () => {
    const suggest = async (q: string, limit = 10) => {
      const res = await call('GET', `/search/suggest?q=${encodeURIComponent(q)}&limit=${limit}`);
      expect(res.status).toBe(200);
      return res.body.items as { text: string; kind: string }[];
    };

    it('completes Chinese, pinyin and initials prefixes from names and categories, anonymously', async () => {
      // Queries searched above (and found something) complete too, between categories and names.
      expect(await suggest('手机')).toEqual([
        { text: '手机通讯', kind: 'category' },
        { text: '手机', kind: 'query' },
      ]);
      expect((await suggest('baowen')).map((t) => t.text)).toEqual([
        'baowenbei',
        '保温杯 316不锈钢 500ml',
      ]);
      expect((await suggest('xiao')).map((s) => s.text)).toEqual([
        'xiaomi 手机',
        '小米手机 15 Pro',
      ]);
      expect((await suggest('bw')).map((s) => s.text)).toEqual(['bwb', '保温杯 316不锈钢 500ml']);
      expect((await suggest('chongq')).map((s) => s.text)).toEqual([
        'chongqing',
        '重庆火锅底料 牛油',
      ]);
    });

    it('completes queries shoppers searched and found something for', async () => {
      await search('保温杯 不锈钢');
      await service.app.get(SearchTermCounter).flush();
      expect(await suggest('保温')).toEqual([
        { text: '保温杯 不锈钢', kind: 'query' },
        { text: '保温杯 316不锈钢 500ml', kind: 'product' },
      ]);
    });

    it('answers at most the limit asked for, and 400 without a query', async () => {
      expect(await suggest('s', 2)).toHaveLength(2);
      expect((await call('GET', '/search/suggest')).status).toBe(400);
    });
  });
});
