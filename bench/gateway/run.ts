/**
 * Gateway benchmark: the same product-list request (`GET /api/v1/products?limit=20`) against the
 * gateway, against the catalog service directly (`GET /products?limit=20`), and against a raw
 * `node:http` server answering the very bytes the catalog answered — in one run, with autocannon
 * at 50 connections. Prints one JSON line per target and one with the ratios.
 *
 *   node tools/build.mjs && npx tsx bench/gateway/run.ts [--seconds 10] [--products 200] [--connections 50]
 *     [--catalog-url http://127.0.0.1:3001]   (a running catalog, used as it is, not seeded)
 *
 * Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL or the local defaults); Kafka is an
 * in-process kafka-lite broker unless KAFKA_BROKERS is set. Gateway and catalog run as their built
 * processes (dist/) with databases of their own, dropped at the end.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  resolveDataInfrastructure,
  startPlatformProcesses,
  startTestKafka,
} from '@emporium/testing';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    products: { type: 'string', default: '200' },
    connections: { type: 'string', default: '50' },
    // A catalog already running (e.g. started by hand): used as it is, without seeding.
    'catalog-url': { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const PRODUCTS = Number(args.products);
const CONNECTIONS = Number(args.connections);
const ADMIN = { email: 'bench-admin@emporium.local', password: 'bench-admin-password' };

function report(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A merchant, a category and PRODUCTS active products, created through the gateway. */
async function seed(gateway: string): Promise<void> {
  const admin = await json(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify(ADMIN),
  });
  if (admin.status !== 200) throw new Error(`admin login answered ${admin.status}`);
  const auth = { authorization: `Bearer ${String(admin.body.accessToken)}` };
  const merchant = {
    email: `bench-merchant-${Date.now()}@emporium.local`,
    password: 'bench-merchant-pass',
    name: 'Bench',
    roles: ['merchant'],
  };
  const staff = await json(`${gateway}/api/v1/admin/users`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(merchant),
  });
  if (staff.status !== 201)
    throw new Error(`POST /admin/users answered ${staff.status}: ${JSON.stringify(staff.body)}`);
  const login = await json(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: merchant.email, password: merchant.password }),
  });
  const headers = { authorization: `Bearer ${String(login.body.accessToken)}` };
  const category = await json(`${gateway}/api/v1/categories`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: '手机', slug: `phones-${Date.now()}` }),
  });
  if (category.status !== 201) {
    report({
      bench: 'gateway',
      warning: `seeding skipped: POST /categories answered ${category.status}`,
      body: category.body,
    });
    return;
  }
  let created = 0;
  for (let i = 0; i < PRODUCTS; i++) {
    const res = await json(`${gateway}/api/v1/products`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: `华为智能手机 Mate ${i}`,
        description: 'Smartphone 智能手机',
        categoryId: category.body.id,
        variants: [
          {
            sku: `BENCH-${Date.now()}-${i}`,
            name: '128GB',
            price: { amount: 399_900 + i, currency: 'CNY' },
            weightGrams: 200,
            dimensionsMm: { length: 160, width: 75, height: 8 },
          },
        ],
      }),
    });
    if (res.status === 201) created++;
  }
  report({ bench: 'gateway', seededProducts: created });
}

function run(name: string, url: string): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS }, (error, result) => {
      if (error) return reject(error);
      resolve({
        target: name,
        reqPerSec: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
  });
}

async function main(): Promise<void> {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.env.REDIS_URL = infrastructure.redisUrl;
  const kafka = await startTestKafka();
  const catalogProcess = args['catalog-url']
    ? undefined
    : await startPlatformProcesses({ brokers: kafka.brokers, names: ['catalog'] });
  const catalog = args['catalog-url'] ?? catalogProcess!.services.catalog.url;
  const gatewayProcess = await startPlatformProcesses({
    brokers: kafka.brokers,
    names: ['gateway'],
    env: {
      GATEWAY_CATALOG_URL: catalog,
      EMPORIUM_ADMIN_EMAIL: ADMIN.email,
      EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
      // The bench is one IP hammering one route: the per-IP limit would measure itself.
      GATEWAY_RATE_LIMIT_DEFAULT: '100000000',
      GATEWAY_REDIS_PREFIX: `bench:gateway:${Date.now()}`,
    },
  });
  let raw: Server | undefined;
  try {
    const gateway = gatewayProcess.services.gateway.url;
    if (catalogProcess) await seed(gateway);
    const sample = await fetch(`${catalog}/products?limit=20`);
    const bytes = Buffer.from(await sample.arrayBuffer());
    const contentType = sample.headers.get('content-type') ?? 'application/json';
    raw = createServer((_req, res) => {
      res.writeHead(sample.status, { 'content-type': contentType, 'content-length': bytes.length });
      res.end(bytes);
    });
    await new Promise<void>((resolve) => raw!.listen(0, '127.0.0.1', resolve));
    const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/products?limit=20`;
    report({
      bench: 'gateway',
      responseBytes: bytes.length,
      catalogStatus: sample.status,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });

    const results = [];
    results.push(await run('raw-node-http', rawUrl));
    results.push(await run('catalog-direct', `${catalog}/products?limit=20`));
    results.push(await run('gateway', `${gateway}/api/v1/products?limit=20`));
    for (const result of results) report({ bench: 'gateway', ...result });
    const [rawResult, catalogResult, gatewayResult] = results.map((r) => Number(r.reqPerSec));
    report({
      bench: 'gateway',
      ratios: {
        gatewayVsCatalog: Number((gatewayResult / catalogResult).toFixed(3)),
        gatewayVsRaw: Number((gatewayResult / rawResult).toFixed(3)),
        catalogVsRaw: Number((catalogResult / rawResult).toFixed(3)),
      },
    });
    // The lines `npm run bench` tabulates: the same page through the gateway and from the catalog
    // directly, each beside the raw node:http server.
    for (const [scenario, result] of [
      ['product list page via the gateway', results[2]],
      ['product list page from the catalog directly', results[1]],
    ] as const) {
      report({
        bench: 'gateway',
        scenario,
        reqPerSec: result.reqPerSec,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        errors: Number(result.errors) + Number(result.non2xx),
        baseline: { name: 'raw node:http, same bytes', ...results[0] },
        ratio: Number((Number(result.reqPerSec) / rawResult).toFixed(3)),
      });
    }
  } finally {
    raw?.close();
    await gatewayProcess.stop();
    await catalogProcess?.stop();
    await kafka.stop();
    await infrastructure.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
