import { randomUUID } from 'node:crypto';
import { bootService, startTestKafka, type TestKafka, type TestService } from '@emporium/testing';
import { DataSource } from 'typeorm';
import { catalogEntry } from '../src/app.module';
import type { CatalogConfig } from '../src/config';
import { client, merchant, stopCatalog } from './support';

const customer = { roles: ['customer' as const] };
const admin = { roles: ['admin' as const] };
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('catalog: content pages and banners', () => {
  let kafka: TestKafka;
  let service: TestService<CatalogConfig>;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    kafka = await startTestKafka();
    service = await bootService(catalogEntry, { kafka, name: 'catalog_content' });
    call = client(service);
  });

  afterAll(async () => {
    await stopCatalog(service);
    await kafka?.stop();
  });

  const aPage = (over: Record<string, unknown> = {}) => ({
    slug: `guide-${randomUUID().slice(0, 8)}`,
    title: '618 选购指南',
    blocks: [
      { kind: 'html', html: '<h2>怎么选</h2><p>看续航</p>' },
      { kind: 'products', productIds: [randomUUID()] },
    ],
    campaign: '618-guide',
    status: 'PUBLISHED',
    ...over,
  });

  it('stores a page with its HTML sanitised: no script, no handlers, no javascript: URLs', async () => {
    const body = aPage({
      blocks: [
        {
          kind: 'html',
          html: '<p>好物</p><script>alert(1)</script><img src="https://cdn.example.com/a.jpg" onerror="alert(2)"><a href="javascript:alert(3)">点我</a>',
        },
      ],
    });
    const created = await call('POST', '/content/pages', body, merchant);
    expect(created.status).toBe(201);
    const html = created.body.blocks[0].html as string;
    expect(html).toBe(
      '<p>好物</p><img src="https://cdn.example.com/a.jpg" /><a rel="noopener noreferrer">点我</a>',
    );
    const read = await call('GET', `/content/pages/${body.slug}`);
    expect(read.status).toBe(200);
    expect(read.body.blocks).toEqual(created.body.blocks);
    const rows = await service.app
      .get(DataSource)
      .query('SELECT blocks FROM content_pages WHERE id = $1', [created.body.id]);
    expect(JSON.stringify(rows[0].blocks)).not.toMatch(/script|onerror|javascript:/);
  });

  it('serves a page anonymously only while it is published and inside its schedule', async () => {
    const draft = aPage({ status: 'DRAFT' });
    const future = aPage({ publishAt: inAnHour() });
    const over = aPage({
      publishAt: hourAgo(),
      unpublishAt: new Date(Date.now() - 1000).toISOString(),
    });
    const live = aPage({ publishAt: hourAgo(), unpublishAt: inAnHour() });
    for (const page of [draft, future, over, live]) {
      expect((await call('POST', '/content/pages', page, merchant)).status).toBe(201);
    }
    expect((await call('GET', `/content/pages/${draft.slug}`)).status).toBe(404);
    expect((await call('GET', `/content/pages/${future.slug}`)).status).toBe(404);
    expect((await call('GET', `/content/pages/${over.slug}`)).status).toBe(404);
    const res = await call('GET', `/content/pages/${live.slug}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      slug: live.slug,
      title: '618 选购指南',
      campaign: '618-guide',
    });
    // A merchant reads the draft as it is.
    const seen = await call('GET', `/content/pages/${draft.slug}`, undefined, merchant);
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('DRAFT');
  });

  it('serves a cached page until a merchant changes it, then the change at once', async () => {
    const page = aPage();
    const id = (await call('POST', '/content/pages', page, merchant)).body.id;
    expect((await call('GET', `/content/pages/${page.slug}`)).body.title).toBe('618 选购指南');
    // Written behind the service's back: the cached page is still answered.
    await service.app
      .get(DataSource)
      .query(`UPDATE content_pages SET title = '库里改的' WHERE id = $1`, [id]);
    expect((await call('GET', `/content/pages/${page.slug}`)).body.title).toBe('618 选购指南');
    const patched = await call('PATCH', `/content/pages/${id}`, { title: '双十一指南' }, merchant);
    expect(patched.status).toBe(200);
    expect((await call('GET', `/content/pages/${page.slug}`)).body.title).toBe('双十一指南');
    expect(
      (await call('PATCH', `/content/pages/${id}`, { status: 'DRAFT' }, merchant)).status,
    ).toBe(200);
    expect((await call('GET', `/content/pages/${page.slug}`)).status).toBe(404);
    expect((await call('DELETE', `/content/pages/${id}`, undefined, merchant)).status).toBe(204);
    expect((await call('GET', `/content/pages/${id}`, undefined, merchant)).status).toBe(404);
  });

  it('refuses bad input with a 400 problem and changes nothing', async () => {
    const bad = [
      aPage({ slug: 'Not A Slug' }),
      aPage({ campaign: 'spaces are not safe' }),
      aPage({ blocks: [{ kind: 'video', src: 'x' }] }),
      aPage({ publishAt: inAnHour(), unpublishAt: hourAgo() }),
      aPage({ status: 'LIVE' }),
    ];
    for (const body of bad) {
      const res = await call('POST', '/content/pages', body, merchant);
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/application\/problem\+json/);
      expect((await call('GET', `/content/pages/${body.slug}`, undefined, merchant)).status).toBe(
        404,
      );
    }
    const page = aPage();
    const id = (await call('POST', '/content/pages', page, merchant)).body.id;
    const nulled = await call('PATCH', `/content/pages/${id}`, { title: null }, merchant);
    expect(nulled.status).toBe(400);
    const cleared = await call('PATCH', `/content/pages/${id}`, { campaign: null }, merchant);
    expect(cleared.status).toBe(200);
    expect(cleared.body.campaign).toBeNull();
    expect(
      (await call('POST', '/content/pages', aPage({ slug: page.slug }), merchant)).status,
    ).toBe(409);
  });

  it('lets merchants and admins write content, and refuses customers and anonymous callers', async () => {
    expect((await call('POST', '/content/pages', aPage(), customer)).status).toBe(403);
    expect((await call('POST', '/content/pages', aPage())).status).toBe(401);
    expect((await call('GET', '/content/pages', undefined, customer)).status).toBe(403);
    expect((await call('POST', '/content/pages', aPage(), admin)).status).toBe(201);
  });

  it('pages through the merchant list with a cursor', async () => {
    for (let i = 0; i < 3; i += 1) await call('POST', '/content/pages', aPage(), merchant);
    const first = await call('GET', '/content/pages?limit=2', undefined, merchant);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/content/pages?limit=2&cursor=${first.body.nextCursor}`,
      undefined,
      merchant,
    );
    expect(second.body.items.map((p: { id: string }) => p.id)).not.toContain(
      first.body.items[0].id,
    );
  });

  describe('banners', () => {
    const category = randomUUID();
    const placement = `category:${category}`;
    const aBanner = (over: Record<string, unknown> = {}) => ({
      placement,
      title: '夏季大促',
      imageUrl: 'https://cdn.example.com/banner.jpg',
      linkUrl: 'https://shop.example.com/content/pages/guide?utm_campaign=summer',
      campaign: 'summer',
      status: 'PUBLISHED',
      ...over,
    });

    it('serves the live banners of a placement by priority, and a new one after a write', async () => {
      const low = (await call('POST', '/content/banners', aBanner({ priority: 1 }), merchant)).body;
      const high = (await call('POST', '/content/banners', aBanner({ priority: 9 }), merchant))
        .body;
      await call('POST', '/content/banners', aBanner({ status: 'DRAFT' }), merchant);
      await call('POST', '/content/banners', aBanner({ publishAt: inAnHour() }), merchant);
      await call('POST', '/content/banners', aBanner({ placement: 'home-top' }), merchant);
      const res = await call('GET', `/content/banners?placement=${placement}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((b: { id: string }) => b.id)).toEqual([high.id, low.id]);
      const top = await call(
        'POST',
        '/content/banners',
        aBanner({ priority: 50, title: '置顶' }),
        merchant,
      );
      const after = await call('GET', `/content/banners?placement=${placement}`);
      expect(after.body.items.map((b: { id: string }) => b.id)).toEqual([
        top.body.id,
        high.id,
        low.id,
      ]);
      expect(
        (await call('DELETE', `/content/banners/${top.body.id}`, undefined, merchant)).status,
      ).toBe(204);
      const gone = await call('GET', `/content/banners?placement=${placement}`);
      expect(gone.body.items.map((b: { id: string }) => b.id)).toEqual([high.id, low.id]);
    });

    it('refuses bad placements and URLs with 400, and lists every banner to merchants only', async () => {
      expect((await call('GET', '/content/banners?placement=sidebar')).status).toBe(400);
      expect((await call('GET', '/content/banners')).status).toBe(400);
      expect(
        (
          await call(
            'POST',
            '/content/banners',
            aBanner({ linkUrl: 'javascript:alert(1)' }),
            merchant,
          )
        ).status,
      ).toBe(400);
      expect(
        (await call('POST', '/content/banners', aBanner({ placement: 'category:x' }), merchant))
          .status,
      ).toBe(400);
      expect((await call('POST', '/content/banners', aBanner(), customer)).status).toBe(403);
      const all = await call('GET', '/content/banners?limit=2', undefined, merchant);
      expect(all.status).toBe(200);
      expect(all.body.items).toHaveLength(2);
      expect(all.body.nextCursor).toEqual(expect.any(String));
      const one = await call(
        'GET',
        `/content/banners/${all.body.items[0].id}`,
        undefined,
        merchant,
      );
      expect(one.status).toBe(200);
      const moved = await call(
        'PATCH',
        `/content/banners/${one.body.id}`,
        { priority: 3, publishAt: null },
        merchant,
      );
      expect(moved.status).toBe(200);
      expect(moved.body.priority).toBe(3);
    });
  });
});
