/**
 * Analytics benchmark. Prints one JSON line per measurement, each with a baseline from the same run:
 * - ingest: envelopes/s the analytics process collects from Kafka into facts and rollups (inbox,
 *   cleaning, upserts, rollups, one transaction each), beside a bare kafkajs consumer group reading
 *   the same messages and doing nothing;
 * - every report endpoint's req/s and p50/p99 over a year, with 1,000,000 order lines and
 *   10,000,000 behavior events bulk-loaded (SQL generate_series, rollups built from the facts the
 *   way the collectors keep them), at 10 connections, beside a raw `node:http` server answering the
 *   same bytes. `completed` says how many requests finished. Segments, associations, forecast and
 *   stats are served from their stored answers (the service's default); `missMs` is what a period
 *   never asked before costs (computed while the client waits). `--insights-max-age 0` turns the
 *   store off, so every request computes.
 *
 *   npm run bench analytics     (or, after a build: node -r @swc-node/register bench/analytics/run.ts
 *                                [--seconds 5] [--lines 1000000] [--behavior 10000000] [--ingest 20000]
 *                                [--connections 10] [--insights-max-age 300] [--keep-database] [--reuse-database <name>],
 *                                with SWC_NODE_PROJECT=tsconfig.json)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { topicOf, type EventEnvelope, type EventType } from '@emporium/contracts';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import { databaseUrl, dropDatabase } from '@emporium/platform-persistence';
import {
  anEnvelope,
  resolveDataInfrastructure,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
} from '@emporium/testing';
import { analyticsEntry } from '../../apps/analytics/src/app.module';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    lines: { type: 'string', default: '1000000' },
    behavior: { type: 'string', default: '10000000' },
    ingest: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '10' },
    'reuse-database': { type: 'string' },
    'keep-database': { type: 'boolean', default: false },
    'insights-max-age': { type: 'string', default: '300' },
  },
});
const SECONDS = Number(args.seconds);
const LINES = Number(args.lines);
const BEHAVIOR = Number(args.behavior);
const INGEST = Number(args.ingest);
const CONNECTIONS = Number(args.connections);
// A database a previous run loaded and kept (--keep-database): skips the ingest and the bulk load.
const REUSE = args['reuse-database'];
const report = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: 'analytics', ...line })}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** The ingest mix: half behavior batches of 10 events, a quarter order.placed, a quarter order.paid. */
function ingestEnvelopes(count: number): EventEnvelope[] {
  const envelopes: EventEnvelope[] = [];
  const base = Date.now() - 86_400_000;
  for (let i = 0; envelopes.length < count; i++) {
    const sessionId = `bench-s${i}`;
    const at = (k: number) => new Date(base + i * 1_000 + k * 20_000).toISOString();
    envelopes.push(
      anEnvelope('behavior.recorded', sessionId, {
        sessionId,
        receivedAt: at(0),
        events: Array.from({ length: 10 }, (_, k) => ({
          type: (
            [
              'PAGE_VIEW',
              'PRODUCT_VIEW',
              'ADD_TO_CART',
              'PRODUCT_VIEW',
              'CHECKOUT_STARTED',
            ] as const
          )[k % 5],
          sessionId,
          productId: `p${(i + k) % 1000}`,
          at: at(k),
          ...(k === 0
            ? { utm: { source: ['weibo', 'douyin', 'baidu'][i % 3], campaign: 'bench' } }
            : {}),
        })),
      }),
    );
    const orderId = `bench-o${i}`;
    const lines = [1, 2].map((k) => ({
      sku: `SKU-${(i * 7 + k) % 1000}`,
      productId: `p${(i * 7 + k) % 1000}`,
      name: 'bench',
      quantity: k,
      unitPrice: cny(1_000),
      discount: cny(0),
      lineTotal: cny(1_000 * k),
    }));
    envelopes.push(
      anEnvelope('order.placed', orderId, {
        orderId,
        number: `B${i}`,
        customerId: `c${i % 5000}`,
        memberTier: 'REGULAR',
        sessionId,
        lines: lines.map((l) => ({ ...l, weightGrams: 100 })),
        deliveryOption: 'STANDARD',
        shippingAddress: {
          name: '王五',
          phone: '1',
          province: ['广东省', '浙江省', '北京市'][i % 3],
          city: '某市',
          line1: '1 号',
        },
        totals: { subtotal: cny(3_000), discount: cny(0), shipping: cny(0), total: cny(3_000) },
      }),
    );
    envelopes.push(
      anEnvelope('order.paid', orderId, {
        orderId,
        customerId: `c${i % 5000}`,
        lines,
        total: cny(3_000),
        paidAt: at(9),
      }),
    );
  }
  return envelopes.slice(0, count);
}

async function publish(brokers: string, envelopes: readonly EventEnvelope[]) {
  const producer = createKafka({ brokers, clientId: 'bench-analytics' }).producer({
    createPartitioner: partitioner,
  });
  await producer.connect();
  for (let i = 0; i < envelopes.length; i += 500) {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const e of envelopes.slice(i, i + 500)) {
      const topic = topicOf(e.type as EventType);
      byTopic.set(topic, [
        ...(byTopic.get(topic) ?? []),
        { key: e.subject, value: JSON.stringify(e) },
      ]);
    }
    await producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
  await producer.disconnect();
}

/** A bare consumer group reading `count` messages of the topics from the beginning. */
async function bareConsume(brokers: string, topics: string[], count: number): Promise<number> {
  const consumer = createKafka({ brokers, clientId: 'bench-bare' }).consumer({
    groupId: `bare-${uniqueSuffix()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const started = Date.now();
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async () => {
        if (++seen === count) resolve();
      },
    });
  });
  const seconds = (Date.now() - started) / 1000;
  await consumer.disconnect();
  return count / seconds;
}

/** Loads a year of facts with generate_series, then builds the rollups from them. */
async function bulkLoad(db: Client) {
  const orders = Math.ceil(LINES / 3);
  const sessions = Math.max(1, Math.ceil(BEHAVIOR / 10));
  const step = async (what: string, sql: string) => {
    const started = Date.now();
    await db.query(sql);
    log(`  ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await db.query(`TRUNCATE fact_orders, fact_order_lines, fact_behavior_events, fact_sessions, dim_products, dim_customers,
    agg_sales_hourly, agg_product_daily, agg_province_daily, agg_channel_daily, agg_product_pairs, quarantine`);
  await db.query('SET synchronous_commit = off');
  await step(
    'products',
    `INSERT INTO dim_products (product_id, name, category_id, status, skus, as_of)
    SELECT 'p' || g, '商品 Product ' || g, 'cat-' || (g % 40), 'ACTIVE', ARRAY['SKU-' || g], now() FROM generate_series(0, 999) g`,
  );
  await step(
    `${LINES} order lines`,
    `INSERT INTO fact_order_lines (order_id, sku, product_id, name, quantity, unit_price_amount, discount_amount, line_total_amount)
    SELECT 'o' || (g / 3), 'SKU-' || p, 'p' || p, 'Product ' || p, q, price, 0, q * price
    FROM (SELECT g, ((g / 3) * 7 + (g % 3) * 331) % 1000 AS p, 1 + (g % 3) AS q, 990 + (((g / 3) * 7 + (g % 3) * 331) % 1000) * 37 AS price
          FROM generate_series(0::bigint, ${LINES - 1}) g) x`,
  );
  await step(
    `${orders} orders`,
    `INSERT INTO fact_orders (order_id, number, customer_id, session_id, province, payment_method, currency,
      total_amount, shipping_amount, item_count, placed_at, paid_at, refunded_amount, counted_region, counted_session)
    SELECT l.order_id, 'EM' || n, 'c' || ((n * 7919) % 100000), 's' || ((n * 13) % ${sessions}),
      (SELECT name FROM dim_provinces ORDER BY code OFFSET (n % 31) LIMIT 1), 'ALIPAY_SANDBOX', 'CNY',
      l.total + 1000, 1000, l.items, t - interval '3 minutes', t, CASE WHEN n % 50 = 0 THEN 1000 ELSE 0 END, true, true
    FROM (SELECT order_id, substr(order_id, 2)::bigint AS n, sum(line_total_amount) AS total, sum(quantity) AS items
          FROM fact_order_lines GROUP BY order_id) l,
         LATERAL (SELECT now() - ((l.n * 7919) % 525600) * interval '1 minute' AS t) tt`,
  );
  await step(
    `${BEHAVIOR} behavior events`,
    `INSERT INTO fact_behavior_events (event_key, session_id, type, product_id, at)
    SELECT md5(g::text), 's' || (g / 10),
      (ARRAY['PAGE_VIEW','PRODUCT_VIEW','ADD_TO_CART','PRODUCT_VIEW','CHECKOUT_STARTED','SEARCH','PAGE_VIEW','PRODUCT_VIEW','REMOVE_FROM_CART','PAGE_VIEW'])[1 + g % 10],
      'p' || (g % 1000), now() - (((g / 10) * 104729) % 525600) * interval '1 minute' + (g % 10) * interval '20 seconds'
    FROM generate_series(0::bigint, ${BEHAVIOR - 1}) g`,
  );
  await step(
    `${sessions} sessions`,
    `INSERT INTO fact_sessions (session_id, first_at, utm_source, utm_campaign, utm_at, is_bot, viewed, carted, checkout, paid_orders, paid_amount)
    SELECT 's' || s, f, (ARRAY['weibo','douyin','xiaohongshu','baidu',NULL])[1 + s % 5], (ARRAY['spring','live','notes','sem',NULL])[1 + s % 5], f,
      s % 97 = 0, true, s % 10 > 1, s % 10 > 3, 0, 0
    FROM (SELECT s, now() - ((s * 104729) % 525600) * interval '1 minute' AS f FROM generate_series(0::bigint, ${sessions - 1}) s) x`,
  );
  await step(
    'session orders',
    `UPDATE fact_sessions s SET paid_orders = o.n, paid_amount = o.gmv
    FROM (SELECT session_id, count(*) AS n, sum(total_amount) AS gmv FROM fact_orders GROUP BY session_id) o WHERE o.session_id = s.session_id`,
  );
  await step(
    'customers',
    `INSERT INTO dim_customers (customer_id, first_paid_at, last_paid_at, paid_orders, paid_amount)
    SELECT customer_id, min(paid_at), max(paid_at), count(*), sum(total_amount) FROM fact_orders GROUP BY customer_id`,
  );
  await step(
    'hourly sales rollup',
    `INSERT INTO agg_sales_hourly (hour, orders, gmv, items, refunds, refund_count)
    SELECT date_trunc('hour', paid_at), count(*), sum(total_amount), sum(item_count), sum(refunded_amount), count(*) FILTER (WHERE refunded_amount > 0)
    FROM fact_orders GROUP BY 1`,
  );
  await step(
    'daily product rollup',
    `INSERT INTO agg_product_daily (day, product_id, units, revenue, orders)
    SELECT (o.paid_at AT TIME ZONE 'Asia/Shanghai')::date, l.product_id, sum(l.quantity), sum(l.line_total_amount), count(DISTINCT l.order_id)
    FROM fact_order_lines l JOIN fact_orders o USING (order_id) GROUP BY 1, 2`,
  );
  await step(
    'monthly product rollup',
    `INSERT INTO agg_product_monthly (month, product_id, units, revenue, orders)
    SELECT date_trunc('month', day)::date, product_id, sum(units), sum(revenue), sum(orders) FROM agg_product_daily GROUP BY 1, 2`,
  );
  await step(
    'daily province rollup',
    `INSERT INTO agg_province_daily (day, province, orders, gmv)
    SELECT (paid_at AT TIME ZONE 'Asia/Shanghai')::date, province, count(*), sum(total_amount) FROM fact_orders GROUP BY 1, 2`,
  );
  await step(
    'daily channel rollup',
    `INSERT INTO agg_channel_daily (day, utm_source, utm_campaign, sessions, viewed, carted, checkout, converted, orders, gmv)
    SELECT (first_at AT TIME ZONE 'Asia/Shanghai')::date, coalesce(utm_source, '(direct)'), coalesce(utm_campaign, '(none)'), count(*),
      count(*) FILTER (WHERE viewed OR carted OR checkout OR paid_orders > 0), count(*) FILTER (WHERE carted OR checkout OR paid_orders > 0),
      count(*) FILTER (WHERE checkout OR paid_orders > 0), count(*) FILTER (WHERE paid_orders > 0), sum(paid_orders), sum(paid_amount)
    FROM fact_sessions WHERE NOT is_bot GROUP BY 1, 2, 3`,
  );
  await step(
    'product pairs',
    `INSERT INTO agg_product_pairs (product_id, other_product_id, orders)
    SELECT a.product_id, b.product_id, count(DISTINCT a.order_id) FROM fact_order_lines a JOIN fact_order_lines b
      ON a.order_id = b.order_id AND a.product_id <> b.product_id GROUP BY 1, 2`,
  );
  await step('vacuum analyze', 'VACUUM ANALYZE');
}

/** Waits until the service handled every published envelope, reports the rate, then bulk-loads. */
async function ingestThenLoad(
  db: Client,
  brokers: string,
  envelopes: readonly EventEnvelope[],
  started: number,
) {
  for (;;) {
    const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM inbox')).rows as {
      count: number;
    }[];
    if (count >= envelopes.length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (Date.now() - started) / 1000;
  const [{ events }] = (await db.query('SELECT count(*)::int AS events FROM fact_behavior_events'))
    .rows as {
    events: number;
  }[];
  const bare = await bareConsume(brokers, ['analytics.behavior', 'orders.order'], envelopes.length);
  report({
    scenario: 'ingest',
    envelopes: envelopes.length,
    behaviorEvents: events,
    seconds: Number(seconds.toFixed(2)),
    envelopesPerSecond: Math.round(envelopes.length / seconds),
    behaviorEventsPerSecond: Math.round(events / seconds),
    note: 'includes process start-up and group join',
    baseline: {
      name: 'bare kafkajs consumer, same messages, no work',
      envelopesPerSecond: Math.round(bare),
    },
    ratio: Number((envelopes.length / seconds / bare).toFixed(3)),
  });
  log(`bulk-loading ${LINES} order lines and ${BEHAVIOR} behavior events`);
  await bulkLoad(db);
}

function cannon(url: string, headers: Record<string, string>) {
  return new Promise<{
    requestsPerSecond: number;
    completed: number;
    p50Ms: number;
    p99Ms: number;
    errors: number;
  }>((resolve, reject) =>
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (error, r) =>
      error
        ? reject(error)
        : resolve({
            requestsPerSecond: r.requests.average,
            completed: r.requests.total,
            p50Ms: r.latency.p50,
            p99Ms: r.latency.p99,
            errors: r.errors + r.non2xx,
          }),
    ),
  );
}

async function main() {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.env.REDIS_URL = infrastructure.redisUrl;
  const kafka = await startTestKafka();
  const database = REUSE ?? `bench_analytics_${uniqueSuffix()}`;
  const envelopes = REUSE ? [] : ingestEnvelopes(INGEST);
  log(`publishing ${envelopes.length} envelopes`);
  await publish(kafka.brokers, envelopes);
  const started = Date.now();
  const platform = await startPlatformProcesses({
    brokers: kafka.brokers,
    names: ['analytics'],
    env: {
      LOG_LEVEL: 'error',
      DATABASE_NAME: database,
      ANALYTICS_INSIGHTS_MAX_AGE_SECONDS: String(args['insights-max-age']),
      DB_POOL_SIZE: '20',
    },
  });
  const db = new Client({ connectionString: databaseUrl(infrastructure.databaseUrl, database) });
  const raw = createServer();
  try {
    await db.connect();
    if (REUSE) await db.query('VACUUM ANALYZE');
    if (!REUSE) await ingestThenLoad(db, kafka.brokers, envelopes, started);
    // Answers the service computed ahead before the bulk load describe other data.
    await db.query('DELETE FROM insight_snapshots');

    const url = platform.services.analytics.url;
    const secret = analyticsEntry.loadConfig({ NODE_ENV: 'test' }).INTERNAL_AUTH_SECRET;
    const merchant = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['merchant'] },
        secret,
        3_600,
      ),
    };
    const customer = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: 'c42', roles: ['customer'] },
        secret,
        3_600,
      ),
    };
    const day = (daysAgo: number) =>
      new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const year = `from=${day(364)}&to=${day(0)}`;
    // The same lengths of period ending yesterday: periods nobody asked for before.
    const otherYear = `from=${day(365)}&to=${day(1)}`;
    const quarter = `from=${day(89)}&to=${day(0)}`;
    const otherQuarter = `from=${day(90)}&to=${day(1)}`;
    const forecast = `from=${day(119)}&to=${day(0)}`;
    const otherForecast = `from=${day(120)}&to=${day(1)}`;
    const insight = (name: string, path: string, period: string, other: string) =>
      [name, `${path}${period}`, merchant, `${path}${other}`] as const;
    const endpoints: (readonly [string, string, Record<string, string>, string?])[] = [
      ['kpis', `/analytics/kpis?${year}`, merchant],
      ['sales-day', `/analytics/sales?${year}&granularity=day`, merchant],
      ['sales-hour', `/analytics/sales?${year}&granularity=hour`, merchant],
      ['top-products', `/analytics/top-products?${year}&limit=20`, merchant],
      ['funnel', `/analytics/funnel?${year}`, merchant],
      ['regions', `/analytics/regions?${year}`, merchant],
      ['channels', `/analytics/channels?${year}`, merchant],
      insight('segments', '/analytics/segments?', year, otherYear),
      insight('associations', '/analytics/associations?', quarter, otherQuarter),
      insight('forecast', '/analytics/forecast?metric=gmv&horizon=14&', forecast, otherForecast),
      insight('stats', '/analytics/stats?metric=order_value&', year, otherYear),
      ['product-recommendations', `/products/p7/recommendations`, {}],
      ['me-recommendations', `/me/recommendations`, customer],
    ];
    let body = Buffer.alloc(0);
    raw.on('request', (req, res) =>
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body),
    );
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
    const timed = async (path: string, headers: Record<string, string>) => {
      const started = Date.now();
      const answer = await fetch(`${url}${path}`, { headers });
      const bytes = Buffer.from(await answer.arrayBuffer());
      if (!answer.ok) throw new Error(`${path}: ${answer.status} ${bytes.toString()}`);
      return { ms: Date.now() - started, bytes };
    };
    for (const [scenario, path, headers, neverAsked] of endpoints) {
      log(`  ${scenario}`);
      const miss = neverAsked ? await timed(neverAsked, headers) : undefined;
      const first = await timed(path, headers);
      body = first.bytes;
      const service = await cannon(`${url}${path}`, headers);
      const baseline = await cannon(rawUrl, {});
      report({
        scenario,
        lines: LINES,
        behaviorEvents: BEHAVIOR,
        connections: CONNECTIONS,
        bytes: body.length,
        firstMs: first.ms,
        ...(miss ? { missMs: miss.ms } : {}),
        ...service,
        baseline: { name: 'raw node:http, same bytes', ...baseline },
        ratio: Number((service.requestsPerSecond / baseline.requestsPerSecond).toFixed(4)),
      });
    }
    const exportStarted = Date.now();
    const csv = await fetch(`${url}/analytics/export?${year}&dataset=orders`, {
      headers: merchant,
    });
    const text = await csv.text();
    report({
      scenario: 'export-orders-year',
      rows: text.split('\r\n').length - 2,
      bytes: text.length,
      seconds: (Date.now() - exportStarted) / 1000,
    });
  } finally {
    raw.close();
    await db.end().catch(() => undefined);
    await platform.stop();
    if (REUSE || args['keep-database']) log(`kept database ${database}`);
    else await dropDatabase(infrastructure.databaseUrl, database);
    await kafka.stop();
    await infrastructure.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
