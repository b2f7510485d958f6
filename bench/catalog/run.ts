/**
 * Catalog read benchmark with 10,000 products (the deterministic demo catalog). Prints one JSON line
 * per scenario — product list page, category filter, search in Chinese and in English, product
 * detail, and second pages of searches (cursor pages are never cached, so they measure the
 * PostgreSQL search itself) — with req/s and p50/p99 at 50 connections (autocannon), each beside a raw `node:http`
 * server answering the same bytes, measured in the same run.
 * The search scenarios follow (docs/search.md): `search-varied-new-term`, every request a term not
 * asked before (two-character and longer Chinese, pinyin, initials, English, typos in turn, so no
 * page comes from the listing cache), then `search-new-term-<kind>`, the same one kind at a time
 * (which kind bounds the mix), and `search-suggest`, prefixes of those terms; each beside a
 * raw `node:http` server answering a page of that scenario, byte for byte.
 *
 *   npm run bench catalog        (or, after a build: node -r @swc-node/register bench/catalog/run.ts
 *                                 [--seconds 5] [--products 10000] [--via-gateway | --gateway <base url>],
 *                                 with SWC_NODE_PROJECT=tsconfig.json)
 *
 * It starts the built catalog process (dist/) and the built gateway in front of it (GATEWAY_CATALOG_URL,
 * rate limits raised out of the way), and seeds the demo catalog through the gateway as `npm run seed`
 * does (tools/seed); above 10,000 products (`--products 100000`) the categories come through the
 * gateway and the products are written straight into the catalog's database (bench/catalog/seed-sql.ts),
 * which the API would take hours for (`--sql-seed` does so for fewer too). `--only search` runs
 * the two search scenarios alone. By default the load goes to the catalog directly; with --via-gateway it loads
 * `<gateway>/api/v1`; with
 * --gateway <base url> it loads a gateway you started yourself with GATEWAY_CATALOG_URL set to the
 * catalog URL this script prints.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { Client } from 'pg';
import { databaseUrl, dropDatabase } from '@emporium/platform-persistence';
import {
  resolveDataInfrastructure,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
} from '@emporium/testing';
import { seedDemo } from '../../tools/seed/seed';
import { seedProductsSql } from './seed-sql';
import { searchPaths, searchTermPools, suggestPaths } from './search-terms';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    products: { type: 'string', default: '10000' },
    gateway: { type: 'string' },
    'via-gateway': { type: 'boolean', default: false },
    only: { type: 'string' },
    'sql-seed': { type: 'boolean', default: false },
  },
});
const PRODUCTS = Number(args.products);
// The API seeds 10,000 products in minutes; more are written straight into the database.
const SQL_SEED = args['sql-seed'] || PRODUCTS > 10_000;
const SECONDS = Number(args.seconds);
const ADMIN = { email: 'bench-admin@emporium.local', password: 'bench-admin-password' };
const MERCHANT = {
  email: 'bench-demo-merchant@emporium.local',
  password: 'bench-demo-merchant-password',
};
const CONNECTIONS = 50;
const report = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: 'catalog', ...line })}\n`);

interface Result {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Load on `base` over the given paths (rotating through them) or the paths `next` makes. */
function cannon(
  base: string,
  paths: readonly string[] | (() => string),
  seconds = SECONDS,
): Promise<Result> {
  let i = 0;
  const next = typeof paths === 'function' ? paths : () => paths[i++ % paths.length];
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              path: `${new URL(base).pathname.replace(/\/$/, '')}${next()}`,
            }),
          },
        ],
      },
      (error, r) =>
        error
          ? reject(error)
          : resolve({
              requestsPerSecond: r.requests.average,
              p50Ms: r.latency.p50,
              p99Ms: r.latency.p99,
              errors: r.errors + r.non2xx,
            }),
    ),
  );
}

/** A raw node:http server that answers every request with `body`: what the hardware allows. */
async function baseline(body: string): Promise<Result> {
  const raw = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  try {
    return await cannon(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`, ['/']);
  } finally {
    raw.close();
  }
}

/** Waits until the relay has published the seed's product.created events, so they do not skew the run. */
async function outboxDrained(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    for (;;) {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL',
      );
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await db.end();
  }
}

async function main() {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.env.REDIS_URL = infrastructure.redisUrl;
  const kafka = await startTestKafka();
  const database = `bench_catalog_${uniqueSuffix()}`;
  const started = Date.now();
  const stops: (() => Promise<unknown>)[] = [];
  const platform = await startPlatformProcesses({
    brokers: kafka.brokers,
    names: ['catalog'],
    readyTimeoutMs: 300_000,
    env: { LOG_LEVEL: 'error', DATABASE_NAME: database },
  });
  try {
    const catalog = platform.services.catalog.url;
    // The demo catalog is seeded as `npm run seed` does, through a gateway in front of this catalog.
    const gateway = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['gateway'],
      env: {
        LOG_LEVEL: 'error',
        GATEWAY_CATALOG_URL: catalog,
        GATEWAY_RATE_LIMIT_DEFAULT: String(1e9),
        GATEWAY_RATE_LIMIT_LOGIN: String(1e6),
        GATEWAY_REDIS_PREFIX: `bench:gateway:${uniqueSuffix()}`,
        EMPORIUM_ADMIN_EMAIL: ADMIN.email,
        EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
      },
    });
    stops.push(() => gateway.stop());
    await seedDemo({
      url: gateway.services.gateway.url,
      admin: ADMIN,
      merchant: MERCHANT,
      products: SQL_SEED ? 0 : PRODUCTS,
      catalogOnly: true,
      concurrency: 16,
      log: (line) => process.stderr.write(`  ${line}\n`),
    });
    if (SQL_SEED)
      await seedProductsSql(databaseUrl(infrastructure.databaseUrl, database), 0, PRODUCTS);
    await outboxDrained(databaseUrl(infrastructure.databaseUrl, database));
    process.stderr.write(
      `catalog at ${catalog} seeded ${PRODUCTS} products in ${Date.now() - started} ms\n`,
    );
    let target = args.gateway ?? catalog;
    if (args['via-gateway']) target = `${gateway.services.gateway.url}/api/v1`;

    const tree = (await (await fetch(`${catalog}/categories`)).json()) as {
      id: string;
      slug: string;
      children: { id: string; slug: string }[];
    }[];
    const digital = tree.find((c) => c.slug === 'digital')!;
    const phones = digital.children.find((c) => c.slug === 'phones')!;
    const firstPage = (await (await fetch(`${catalog}/products?limit=100`)).json()) as {
      items: { slug: string }[];
    };
    const details = firstPage.items.map((p) => `/products/${p.slug}`);
    const scenarios: [string, string[]][] = [
      ['product-list-page', ['/products?limit=20']],
      [
        'category-filter',
        [
          `/products?categoryId=${digital.id}&limit=20`,
          `/products?categoryId=${phones.id}&sort=price_asc&limit=20`,
        ],
      ],
      [
        'search-chinese',
        [
          '/products?q=%E6%89%8B%E6%9C%BA&limit=20',
          '/products?q=%E5%8D%8E%E4%B8%BA&limit=20',
          '/products?q=%E8%B7%91%E6%AD%A5%E9%9E%8B&limit=20',
        ],
      ],
      [
        'search-english',
        [
          '/products?q=mate&limit=20',
          '/products?q=iphone&limit=20',
          '/products?q=thinkpad&limit=20',
        ],
      ],
      ['product-detail', details],
    ];
    // Second pages carry a cursor, so they always reach PostgreSQL: the uncached search cost.
    const secondPages: string[] = [];
    for (const path of [...scenarios[2][1], ...scenarios[3][1]]) {
      const { nextCursor } = (await (await fetch(`${catalog}${path}`)).json()) as {
        nextCursor: string | null;
      };
      if (nextCursor) secondPages.push(`${path}&cursor=${nextCursor}`);
    }
    scenarios.push(['search-second-page-uncached', secondPages]);
    const target_ = args.gateway || args['via-gateway'] ? 'gateway' : 'catalog';
    const line = (scenario: string, result: Result, raw: Result, baselineName: string) =>
      report({
        scenario,
        target: target_,
        products: PRODUCTS,
        connections: CONNECTIONS,
        ...result,
        baseline: { name: baselineName, ...raw },
        ratio: Number((result.requestsPerSecond / raw.requestsPerSecond).toFixed(3)),
      });
    if (args.only !== 'search') {
      const sample = await (await fetch(`${catalog}/products?limit=20`)).text();
      const raw = await baseline(sample);
      // Warm up the JIT and connection pools on every scenario's paths before measuring.
      await cannon(
        target,
        scenarios.flatMap(([, paths]) => paths),
        Math.max(5, SECONDS),
      );
      for (const [scenario, paths] of scenarios) {
        line(scenario, await cannon(target, paths), raw, 'raw node:http, a product list page');
      }
    }

    // Search as shoppers type, every request a term not asked before, and suggestions.
    const pools = searchTermPools(PRODUCTS);
    process.stderr.write(
      `search terms: ${Object.entries(pools)
        .map(([kind, pool]) => `${kind} ${pool.length}`)
        .join(', ')}\n`,
    );
    const suggestions = suggestPaths(pools);
    // Warm-up asks with limits of its own, so the measured (term, limit) pairs are all new.
    await cannon(target, searchPaths(pools, 60), Math.max(5, SECONDS));
    await cannon(target, suggestions, Math.max(3, SECONDS / 2));
    const searchSample = await (await fetch(`${catalog}${searchPaths(pools, 20)()}`)).text();
    const rawSearch = await baseline(searchSample);
    line(
      'search-varied-new-term',
      await cannon(target, searchPaths(pools, 20)),
      rawSearch,
      'raw node:http, the same bytes as a search page',
    );
    // The same, one kind of term at a time (limits of their own: every pair is new again), so
    // the kind that bounds the mix shows.
    for (const [i, [kind, pool]] of Object.entries(pools).entries()) {
      if (pool.length === 0) continue;
      line(
        `search-new-term-${kind}`,
        await cannon(target, searchPaths({ [kind]: pool }, 30 + i * 10)),
        rawSearch,
        'raw node:http, the same bytes as a search page',
      );
    }
    const suggestSample = await (await fetch(`${catalog}${suggestions[0]}`)).text();
    const rawSuggest = await baseline(suggestSample);
    line(
      'search-suggest',
      await cannon(target, suggestions),
      rawSuggest,
      'raw node:http, the same bytes as a suggestion answer',
    );
  } finally {
    for (const stop of stops) await stop();
    await platform.stop();
    await dropDatabase(infrastructure.databaseUrl, database).catch(() => undefined);
    const redis = new Redis(infrastructure.redisUrl);
    const keys = await redis.keys(`catalog:${database}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
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
