import { randomUUID } from 'node:crypto';
import type { EventType } from '@emporium/contracts';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  publishEvents,
  readTopic,
  startTestKafka,
  uniqueSuffix,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { analyticsEntry } from '../src/app.module';
import { InsightSnapshots, keyOf } from '../src/application/insight-snapshots';
import { InsightsRefresher } from '../src/application/insights-refresher';
import { InsightsService } from '../src/application/insights.service';
import { ReportsService } from '../src/application/reports.service';
import { parseRange } from '../src/domain/business-time';
import type { AnalyticsConfig } from '../src/config';
import { runReplay } from '../src/replay';
import { scriptedHistory } from './scripted-events';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
type Body = any;

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const without = (body: Body, ...fields: string[]) =>
  Object.fromEntries(Object.entries(body).filter(([field]) => !fields.includes(field)));
const PERIOD = '?from=2026-11-10&to=2026-11-12';

describe('analytics: collection, cleaning, reports and replay', () => {
  let kafka: TestKafka;
  let producer: Producer;
  let service: TestService<AnalyticsConfig>;
  let merchant: Record<string, string>;
  const { id, events, lateProduct } = scriptedHistory(uniqueSuffix());

  const get = async (
    path: string,
    headers: Record<string, string> = merchant,
  ): Promise<{ status: number; body: Body; text: string; type: string }> => {
    const res = await fetch(`${service.url}${path}`, { headers });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      text,
      type,
      body: type.includes('json') ? JSON.parse(text) : undefined,
    };
  };
  const query = (sql: string, params: unknown[] = []) =>
    service.app.get(DataSource).query(sql, params) as Promise<Record<string, unknown>[]>;

  /** Every report the contract lists, over the scripted period. */
  const everyReport = async () => {
    const paths = [
      `/analytics/kpis${PERIOD}`,
      `/analytics/sales${PERIOD}&granularity=day`,
      `/analytics/sales${PERIOD}&granularity=hour`,
      `/analytics/top-products${PERIOD}`,
      `/analytics/top-products${PERIOD}&by=units`,
      `/analytics/funnel${PERIOD}`,
      `/analytics/regions${PERIOD}`,
      `/analytics/channels${PERIOD}`,
      `/analytics/segments${PERIOD}`,
      `/analytics/associations${PERIOD}&minSupport=0.3&minConfidence=0.1`,
      `/analytics/stats${PERIOD}`,
      `/analytics/forecast?from=2026-10-01&to=2026-11-12&metric=gmv&horizon=7`,
      `/analytics/export${PERIOD}&dataset=orders`,
      `/analytics/export${PERIOD}&dataset=sales&format=csv`,
      `/products/${id.p2}/recommendations`,
    ];
    const answers: Record<string, unknown> = {};
    for (const path of paths) {
      const res = await get(path);
      expect(res.status).toBe(200);
      // When an insight was computed is the one thing that may differ between two equal answers.
      answers[path] = res.body ? without(res.body, 'computedAt') : res.text;
    }
    return answers;
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    producer = createKafka({ brokers: kafka.brokers, clientId: 'analytics-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    service = await bootService(analyticsEntry, {
      kafka,
      name: 'analytics',
      env: { ANALYTICS_INSIGHTS_MAX_AGE_SECONDS: '0' },
    });
    merchant = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['merchant'] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    };
    await publishEvents(producer, ...events);
    // A message that is not even JSON: dead-lettered by the runner, and the partition goes on.
    await producer.send({ topic: 'orders.order', messages: [{ key: id.o4, value: 'not json {' }] });
    await eventually(
      async () =>
        (await query('SELECT 1 FROM quarantine WHERE product_id = $1', [id.p3])).length > 0,
      { what: 'o3 collected' },
    );
    await publishEvents(producer, lateProduct);
    await eventually(
      async () => {
        const [row] = await query(
          `SELECT (SELECT count(*) FROM fact_orders WHERE paid_at IS NOT NULL)::int AS paid,
                (SELECT count(*) FROM fact_refunds)::int AS refunds,
                (SELECT count(*) FROM fact_orders WHERE cancelled_at IS NOT NULL)::int AS cancelled,
                (SELECT count(*) FROM dim_products)::int AS products,
                (SELECT count(*) FROM quarantine)::int AS quarantined,
                (SELECT count(*) FROM fact_sessions WHERE first_at IS NOT NULL)::int AS sessions`,
        );
        return (
          row.paid === 3 &&
          row.refunds === 1 &&
          row.cancelled === 1 &&
          row.products === 3 &&
          row.sessions === 5 &&
          (row.quarantined as number) >= 3
        );
      },
      { what: 'the scripted history collected', timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
    await kafka?.stop();
  });

  it('answers the KPIs of the period exactly', async () => {
    const { body } = await get(`/analytics/kpis${PERIOD}`);
    expect(body).toMatchObject({
      gmv: cny(840_800),
      orders: 3,
      averageOrderValue: cny(280_267),
      conversionRate: 0.5,
      repeatPurchaseRate: 0.5,
      refundRate: 0.0119,
      newCustomers: 2,
      refunds: cny(10_000),
      netRevenue: cny(830_800),
      sessions: 4,
      registrations: 1,
    });
  });

  it('counts a business day in Asia/Shanghai', async () => {
    const { body } = await get('/analytics/kpis?from=2026-11-10&to=2026-11-10');
    expect(body).toMatchObject({ gmv: cny(410_900), orders: 1, newCustomers: 1, refunds: cny(0) });
  });

  it('shows the funnel with bots left out and step rates', async () => {
    const { body } = await get(`/analytics/funnel${PERIOD}`);
    expect(body.steps).toEqual([
      { step: 'sessions', count: 4, rate: 1, overallRate: 1 },
      { step: 'productViews', count: 3, rate: 0.75, overallRate: 0.75 },
      { step: 'addToCart', count: 2, rate: 0.6667, overallRate: 0.5 },
      { step: 'checkout', count: 2, rate: 1, overallRate: 0.5 },
      { step: 'paid', count: 2, rate: 1, overallRate: 0.5 },
    ]);
    expect(body.excludedBotSessions).toBe(1);
  });

  it('splits sales by province, the paid-before-placed order included', async () => {
    const { body } = await get(`/analytics/regions${PERIOD}`);
    expect(body.items).toEqual([
      {
        province: '广东省',
        code: '44',
        mapName: '广东',
        orders: 2,
        gmv: cny(440_900),
        share: 0.5244,
      },
      {
        province: '上海市',
        code: '31',
        mapName: '上海',
        orders: 1,
        gmv: cny(399_900),
        share: 0.4756,
      },
    ]);
  });

  it('attributes sessions, orders and GMV to utm source and campaign', async () => {
    const { body } = await get(`/analytics/channels${PERIOD}`);
    expect(body.items).toEqual([
      {
        source: 'weibo',
        campaign: 'spring',
        sessions: 1,
        orders: 1,
        gmv: cny(410_900),
        conversionRate: 1,
      },
      {
        source: '(direct)',
        campaign: '(none)',
        sessions: 2,
        orders: 1,
        gmv: cny(399_900),
        conversionRate: 0.5,
      },
      {
        source: 'douyin',
        campaign: 'live',
        sessions: 1,
        orders: 0,
        gmv: cny(0),
        conversionRate: 0,
      },
    ]);
  });

  it('ranks top products by revenue and by units, with the late product named', async () => {
    const byRevenue = (await get(`/analytics/top-products${PERIOD}`)).body;
    expect(
      byRevenue.items.map((i: { productId: string; units: number; revenue: unknown }) => [
        i.productId,
        i.units,
        i.revenue,
      ]),
    ).toEqual([
      [id.p1, 2, cny(799_800)],
      [id.p3, 3, cny(30_000)],
      [id.p2, 2, cny(10_000)],
    ]);
    expect(byRevenue.items[1].name).toBe('龙井茶 Tea');
    expect(byRevenue.categories).toEqual([
      { categoryId: 'cat-phones', units: 4, revenue: cny(809_800) },
      { categoryId: 'cat-tea', units: 3, revenue: cny(30_000) },
    ]);
    const byUnits = (await get(`/analytics/top-products${PERIOD}&by=units&limit=1`)).body;
    expect(byUnits.items.map((i: { productId: string }) => i.productId)).toEqual([id.p3]);
    // Whole months come from the monthly rollup, the days around them from the daily one: periods
    // read through either (or both) give the same ranking, and a month without sales adds nothing.
    for (const period of ['?from=2026-11-01&to=2026-11-30', '?from=2026-09-20&to=2026-11-12']) {
      expect((await get(`/analytics/top-products${period}`)).body).toEqual(byRevenue);
    }
    expect((await get('/analytics/top-products?from=2026-11-01&to=2026-11-09')).body.items).toEqual(
      [],
    );
  });

  it('reads business days in the time zone asked for (tz=)', async () => {
    // Hong Kong keeps Shanghai's clock under another name, so its reports are grouped from the
    // facts instead of the Shanghai rollups: both ways must give the same numbers.
    const withoutZone = (body: Body) => without(body, 'timeZone', 'computedAt');
    for (const report of [
      'kpis',
      'funnel',
      'regions',
      'channels',
      'top-products',
      'sales',
      'stats',
      'segments',
    ]) {
      const shanghai = (await get(`/analytics/${report}${PERIOD}`)).body;
      const hongKong = (await get(`/analytics/${report}${PERIOD}&tz=Asia/Hong_Kong`)).body;
      expect(withoutZone(hongKong)).toEqual(withoutZone(shanghai));
    }
    // In Los Angeles (UTC−8) o1, paid 2026-11-10T02:00Z, falls on the 9th: out of the period.
    const la = `${PERIOD}&tz=America/Los_Angeles`;
    const sales = (await get(`/analytics/sales${la}&granularity=day`)).body;
    expect(sales.timeZone).toBe('America/Los_Angeles');
    expect(
      sales.points.map((p: { period: string; orders: number; gmv: { amount: number } }) => [
        p.period,
        p.orders,
        p.gmv.amount,
      ]),
    ).toEqual([
      ['2026-11-10', 1, 399_900],
      ['2026-11-11', 1, 30_000],
      ['2026-11-12', 0, 0],
    ]);
    expect((await get(`/analytics/kpis${la}`)).body).toMatchObject({
      orders: 2,
      gmv: cny(429_900),
    });
    const regions = (await get(`/analytics/regions${la}`)).body;
    expect(regions.items.map((i: { province: string }) => i.province).sort()).toEqual(
      ['上海市', '广东省'].sort(),
    );
    expect((await get(`/analytics/kpis${PERIOD}&tz=Mars/Olympus_Mons`)).status).toBe(400);
  });

  it('builds a daily sales series with zero days and refunds on their day', async () => {
    const { body } = await get(`/analytics/sales${PERIOD}&granularity=day`);
    expect(
      body.points.map(
        (p: {
          period: string;
          orders: number;
          gmv: { amount: number };
          refunds: { amount: number };
        }) => [p.period, p.orders, p.gmv.amount, p.refunds.amount],
      ),
    ).toEqual([
      ['2026-11-10', 1, 410_900, 0],
      ['2026-11-11', 1, 399_900, 0],
      ['2026-11-12', 1, 30_000, 10_000],
    ]);
    const weeks = (await get(`/analytics/sales${PERIOD}&granularity=week`)).body;
    expect(
      weeks.points.map((p: { period: string; orders: number }) => [p.period, p.orders]),
    ).toEqual([['2026-11-09', 3]]);
  });

  it('describes order values', async () => {
    const { body } = await get(`/analytics/stats${PERIOD}&metric=order_value`);
    expect(body).toMatchObject({ count: 3, mean: 280_266.6667, p50: 399_900 });
    expect(body.stddev).toBeCloseTo(Math.sqrt(body.variance), 3);
    expect(body.sample).toHaveLength(3);
  });

  it('mines SKU association rules with support, confidence and lift', async () => {
    const { body } = await get(`/analytics/associations${PERIOD}&minSupport=0.3&minConfidence=0.1`);
    expect(body.baskets).toBe(3);
    expect(body.items).toEqual([
      { antecedent: ['P2-A'], consequent: ['P1-A'], support: 0.3333, confidence: 1, lift: 1.5 },
      { antecedent: ['P1-A'], consequent: ['P2-A'], support: 0.3333, confidence: 0.5, lift: 1.5 },
    ]);
  });

  it('scores customers by RFM and explains the clustering', async () => {
    const { body } = await get(`/analytics/segments${PERIOD}`);
    expect(body.rfm.total).toBe(2);
    // Two customers: c1 (2 orders, 440,900 fen, last 0 days ago) above c2 (1, 399,900, 1 day).
    expect(body.rfm.customers).toEqual([
      { customerId: id.c1, r: 3, f: 3, m: 3, score: 9, segment: 'Loyal' },
      { customerId: id.c2, r: 1, f: 1, m: 1, score: 3, segment: 'Hibernating' },
    ]);
    expect(body.clusters.reduce((s: number, c: { size: number }) => s + c.size, 0)).toBe(2);
    expect(body.method).toMatch(/silhouette/);
  });

  it('forecasts with intervals and a backtest', async () => {
    const { body } = await get(
      '/analytics/forecast?from=2026-10-01&to=2026-11-12&metric=orders&horizon=7',
    );
    expect(body.points).toHaveLength(7);
    expect(body.points[0].at).toBe('2026-11-13');
    expect(body.method).toMatch(/Holt-Winters/);
    expect(
      body.points.every(
        (p: { lower: number; value: number; upper: number }) =>
          p.lower <= p.value && p.value <= p.upper,
      ),
    ).toBe(true);
    expect(body.backtest.holdoutDays).toBe(7);
  });

  it('streams CSV exports', async () => {
    const orders = await get(`/analytics/export${PERIOD}&dataset=orders`);
    expect(orders.type).toMatch(/^text\/csv/);
    const lines = orders.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^order_id,number,customer_id,province,paid_at/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(id.o1);
    const sales = await get(`/analytics/export${PERIOD}&dataset=sales`);
    expect(sales.text.trim().split('\r\n').slice(1)).toEqual([
      '2026-11-10,1,410900,3,0,CNY',
      '2026-11-11,1,399900,1,0,CNY',
      '2026-11-12,1,30000,3,10000,CNY',
    ]);
  });

  it('recommends what was bought together, then personal history, then best sellers', async () => {
    const forP2 = (await get(`/products/${id.p2}/recommendations`, {})).body;
    expect(forP2.items[0]).toEqual({
      productId: id.p1,
      name: '华为智能手机 Mate',
      score: 1,
      reason: 'frequently-bought-together',
    });
    const c2 = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: id.c2, roles: ['customer'] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    };
    const mine = (await get('/me/recommendations', c2)).body;
    expect(
      mine.items.map((i: { productId: string; reason: string }) => [i.productId, i.reason]),
    ).toEqual([
      [id.p2, 'personal-history'],
      [id.p3, 'popularity'],
    ]);
    expect((await get('/me/recommendations', {})).status).toBe(401);
  });

  it('quarantines malformed events and unknown products, and keeps consuming', async () => {
    const { body } = await get('/analytics/quality');
    expect(body.quarantine).toEqual(
      expect.arrayContaining([
        { reason: 'malformed', eventType: 'order.placed', total: 1, open: 1 },
        { reason: 'malformed', eventType: 'behavior.recorded', total: 1, open: 1 },
        expect.objectContaining({ reason: 'unknown-product', eventType: 'order.placed' }),
      ]),
    );
    // P3 was unknown when o3 came, and has been announced since.
    const unknown = body.quarantine.filter(
      (q: { reason: string }) => q.reason === 'unknown-product',
    );
    expect(unknown.every((q: { open: number }) => q.open === 0)).toBe(true);
    expect(body.botSessions).toBe(1);
    const dlq = await readTopic(
      kafka.brokers,
      `${service.config.KAFKA_GROUP_ID}.dlq`,
      (m) => m.length >= 1,
    );
    expect(dlq[0].value.toString()).toBe('not json {');
  });

  it('quarantines an event the database refuses, undoing what of it was written', async () => {
    const orderId = `o-refused-${uniqueSuffix()}`;
    const amount = cny(100);
    // A quantity beyond Postgres' integer: the order row is created, then the lines fail.
    const line = {
      sku: 'SKU-REFUSED',
      productId: id.p1,
      name: 'Refused',
      quantity: 3_000_000_000,
      unitPrice: amount,
      discount: cny(0),
      lineTotal: amount,
    };
    const paid = anEnvelope('order.paid', orderId, {
      orderId,
      customerId: id.c1,
      lines: [line],
      total: amount,
      paidAt: '2026-09-01T02:00:00.000Z',
    });
    await publishEvents(producer, paid);
    const [entry] = await eventually(
      async () => {
        const rows = await query('SELECT reason, detail FROM quarantine WHERE event_id = $1', [
          paid.id,
        ]);
        return rows.length ? rows : undefined;
      },
      { what: 'the refused event quarantined' },
    );
    expect(entry).toEqual({ reason: 'unprocessable', detail: expect.stringMatching(/range/) });
    expect(await query('SELECT 1 FROM fact_orders WHERE order_id = $1', [orderId])).toEqual([]);
  });

  it('collects tickets, their latest status, priority and rating, in any order', async () => {
    const ticketId = `t-${uniqueSuffix()}`;
    const ticket = (type: EventType, data: Record<string, unknown>, occurredAt: string) =>
      anEnvelope(type, ticketId, { ticketId, customerId: id.c1, ...data }, { occurredAt });
    await publishEvents(
      producer,
      ticket(
        'ticket.status-changed',
        { from: 'ASSIGNED', to: 'RESOLVED', at: '2026-11-12T03:00:00.000Z' },
        '2026-11-12T03:00:00.000Z',
      ),
      ticket(
        'ticket.opened',
        {
          type: 'ORDER_ISSUE',
          channel: 'CHAT',
          priority: 'P3',
          orderId: id.o3,
          openedAt: '2026-11-12T02:00:00.000Z',
        },
        '2026-11-12T02:00:00.000Z',
      ),
      ticket(
        'ticket.rated',
        { score: 5, at: '2026-11-12T04:00:00.000Z' },
        '2026-11-12T04:00:00.000Z',
      ),
    );
    const [row] = await eventually(
      async () => {
        const rows = await query(
          'SELECT status, priority, rating, channel, order_id FROM fact_tickets WHERE ticket_id = $1 AND rating IS NOT NULL AND channel IS NOT NULL',
          [ticketId],
        );
        return rows.length ? rows : undefined;
      },
      { what: 'the ticket collected' },
    );
    expect(row).toEqual({
      status: 'RESOLVED',
      priority: 'P3',
      rating: 5,
      channel: 'CHAT',
      order_id: id.o3,
    });
  });

  it('refuses customers and bad periods', async () => {
    const customer = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['customer'] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    };
    expect((await get('/analytics/kpis', customer)).status).toBe(403);
    const bad = await get('/analytics/kpis?from=2026-11-12&to=2026-11-01');
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/problem\+json/);
    expect((await get('/analytics/sales?granularity=minute')).status).toBe(400);
  });

  it('serves the dashboard page and its assets without a token', async () => {
    const page = await get('/dashboard', {});
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('/dashboard?asset=echarts.js');
    const echarts = await get('/dashboard?asset=echarts.js', {});
    expect(echarts.text.length).toBeGreaterThan(500_000);
    const map = await get('/dashboard?asset=china.json', {});
    expect(map.body.features.length).toBe(34);
  });

  it('counts nothing twice when everything is delivered again under new envelope ids', async () => {
    const before = await everyReport();
    const inbox = async () => Number((await query('SELECT count(*) AS n FROM inbox'))[0].n);
    const handled = await inbox();
    const again = [...events, lateProduct].map((e) => ({ ...e, id: randomUUID() }));
    await publishEvents(producer, ...again);
    await eventually(async () => (await inbox()) >= handled + again.length, {
      what: 'the re-sent events handled',
      timeoutMs: 30_000,
    });
    expect(await everyReport()).toEqual(before);
  });

  it('rebuilds identical numbers from the beginning of the topics', async () => {
    const before = await everyReport();
    const result = await runReplay(service.config);
    expect(result.rows.fact_orders).toBe(4);
    expect(result.rows.fact_sessions).toBe(5);
    expect(await everyReport()).toEqual(before);
  });

  describe('stored insight answers', () => {
    const snapshots = (maxAgeSeconds: number) =>
      new InsightSnapshots(service.app.get(DataSource), maxAgeSeconds);
    const counting = () => {
      const calls = { n: 0 };
      const compute = async () => {
        calls.n++;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { value: calls.n };
      };
      return { calls, compute };
    };
    const age = (request: object, seconds: number) =>
      query(
        `UPDATE insight_snapshots SET computed_at = now() - make_interval(secs => $2) WHERE key = $1`,
        [keyOf(request), seconds],
      );

    it('computes an answer once and serves it stored, to concurrent readers too', async () => {
      const store = snapshots(60);
      const request = { kind: 'test', n: randomUUID() };
      const { calls, compute } = counting();
      const [a, b] = await Promise.all([
        store.answer(request, compute),
        store.answer(request, compute),
      ]);
      const c = await store.answer(request, compute);
      expect(calls.n).toBe(1);
      expect([a.value, b.value, c.value]).toEqual([1, 1, 1]);
      expect(c.computedAt).toBe(a.computedAt);
    });

    it('serves a stale answer at once and recomputes it in the background', async () => {
      const store = snapshots(60);
      const request = { kind: 'test', n: randomUUID() };
      const { calls, compute } = counting();
      const first = await store.answer(request, compute);
      await age(request, 120);
      const stale = await store.answer(request, compute);
      expect(stale.value).toBe(1);
      expect(Date.parse(stale.computedAt)).toBeLessThan(Date.parse(first.computedAt));
      await eventually(async () => (await store.answer(request, compute)).value === 2, {
        what: 'the background recomputation stored',
      });
      expect(calls.n).toBe(2);
    });

    it('recomputes while the reader waits when the stored answer is over an hour old', async () => {
      const store = snapshots(60);
      const request = { kind: 'test', n: randomUUID() };
      const { calls, compute } = counting();
      await store.answer(request, compute);
      await age(request, 3_700);
      expect((await store.answer(request, compute)).value).toBe(2);
      expect(calls.n).toBe(2);
    });

    it('lets one replica hold a refresh: a second one skips it', async () => {
      const store = snapshots(60);
      const request = { kind: 'test', n: randomUUID() };
      await query(
        `INSERT INTO insight_snapshots (key, request, body, computed_at, refreshing_until)
         VALUES ($1, $2, '{}', 'epoch', now() + interval '1 minute')`,
        [keyOf(request), request],
      );
      const { calls, compute } = counting();
      expect(await store.refresh(request, compute)).toBe(false);
      expect(calls.n).toBe(0);
    });

    it('keeps computing nothing when turned off (max age 0)', async () => {
      const store = snapshots(0);
      const request = { kind: 'test', n: randomUUID() };
      const { calls, compute } = counting();
      await store.answer(request, compute);
      await store.answer(request, compute);
      expect(calls.n).toBe(2);
      expect(
        await query('SELECT 1 FROM insight_snapshots WHERE key = $1', [keyOf(request)]),
      ).toEqual([]);
    });

    it("computes today's dashboard defaults ahead, so the first view reads a stored answer", async () => {
      const store = snapshots(300);
      const insights = new InsightsService(
        service.app.get(DataSource),
        service.app.get(ReportsService),
        store,
      );
      await new InsightsRefresher(insights, store).refreshNow();
      const defaults = insights.defaultRequests(new Date());
      const rows = await query(
        'SELECT key, computed_at FROM insight_snapshots WHERE key = ANY($1) AND computed_at > $2',
        [defaults.map((r) => keyOf(r)), new Date(0)],
      );
      expect(rows).toHaveLength(defaults.length);
      const year = await insights.segments(parseRange(undefined, undefined, new Date(), 365), 100);
      const stored = rows.find((r) => r.key === keyOf(defaults[0]));
      expect(year.computedAt).toBe((stored!.computed_at as Date).toISOString());

      // Read (so asked for), then past its max age: the next sweep recomputes it in place.
      await age(defaults[0], 600);
      const count = async () =>
        Number((await query('SELECT count(*) AS n FROM insight_snapshots'))[0].n);
      const before = await count();
      await new InsightsRefresher(insights, store).refreshNow();
      expect(await count()).toBe(before);
      const [recomputed] = await query(
        "SELECT computed_at > now() - interval '1 minute' AS fresh FROM insight_snapshots WHERE key = $1",
        [keyOf(defaults[0])],
      );
      expect(recomputed.fresh).toBe(true);
    });
  });
});
