/**
 * Platform benchmark through the public API only (`<gateway>/api/v1`), as signed-in customers and
 * a merchant. Prints one JSON line per scenario, each beside a baseline from the same run:
 * - product-list, product-detail, search, cart-add, cart-update, shipping-quote, ticket-create and
 *   one line per analytics report: req/s and p50/p99 with autocannon (requests rotate over the
 *   customers' tokens, products, SKUs and search terms), next to a raw `node:http` server answering
 *   the very bytes the platform answered to the same request (same method, body and connections);
 * - journey: a closed loop of customers each adding to the cart, quoting, placing the order,
 *   confirming its sandbox payment through `POST /payments/{id}/confirm` and waiting for PAID on
 *   `GET /orders/{id}/stream`; checkouts/s and place-to-PAID p50/p95/p99, next to the same
 *   customers making the same HTTP round trips to a raw `node:http` server; and where the CPU went,
 *   in ms per checkout: each service (its process_cpu_seconds_total), this process (the customers,
 *   and kafka-lite when it started the platform) and the whole machine (Postgres and Redis too);
 * - journey-single: the same with one customer, the latency of a checkout that waits for no other.
 *
 * With EMPORIUM_URL (or --url) set to a gateway base URL, e.g. http://127.0.0.1:3000 for `npm start`,
 * it starts nothing and loads that platform: it signs in as its admin (EMPORIUM_ADMIN_EMAIL /
 * EMPORIUM_ADMIN_PASSWORD, `npm start`'s defaults otherwise), creates a merchant, customers and a
 * product of its own with 10,000,000 units, and reads the demo catalog. The gateway's per-user rate
 * limit (1,200 a minute by default) caps what the customers can send; 429s are counted in each
 * line's `rateLimited`, so start the platform with GATEWAY_RATE_LIMIT_DEFAULT raised to measure it.
 * Without it, it starts every service from the build (dist/) with the demo catalog seeded, limits
 * raised, kafka-lite in process, and its own databases, dropped at the end.
 *
 *   npm run bench platform      (or, after a build: node -r @swc-node/register bench/platform/run.ts
 *                                [--seconds 5] [--connections 32] [--customers 16] [--journey-seconds 15]
 *                                [--products 200] [--url <gateway>] [--only journey,…] [--replicas 2],
 *                                with SWC_NODE_PROJECT=tsconfig.json)
 *
 * @emporium-url this scenario can run against a running platform
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  ADDRESS,
  Api,
  DESTINATIONS,
  checkout,
  clearCart,
  machineCpuSeconds,
  percentiles,
  progress,
  seed,
  type Answer,
  type Seeded,
  type Session,
} from './api';
import { readMetrics, runningPlatform, startOwnPlatform, type Target } from './own-platform';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    customers: { type: 'string', default: '16' },
    'journey-seconds': { type: 'string', default: '15' },
    products: { type: 'string', default: '200' },
    url: { type: 'string' },
    // 2: every service, the gateway too, as two processes (customers alternate between gateways).
    replicas: { type: 'string', default: '1' },
    // A comma-separated subset of: reads, journey, journey-single, analytics (for profiling one).
    only: { type: 'string', default: 'reads,journey,journey-single,analytics' },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const CUSTOMERS = Number(args.customers);
const JOURNEY_SECONDS = Number(args['journey-seconds']);
const TARGET = args.url ?? process.env.EMPORIUM_URL;
const REPLICAS = Number(args.replicas);
const PARTS = new Set(args.only.split(',').map((part) => part.trim()));
const report = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: 'platform', ...line })}\n`);

/** One kind of request, varied request by request. */
interface Load {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: (n: number) => string;
  readonly body?: (n: number) => unknown;
  readonly token: (n: number) => string;
}

interface Result {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  rateLimited: number;
}

/** autocannon against `base` (the gateway, or a raw server that ignores the path). */
function cannon(
  base: string,
  load: Load,
  seconds: number,
  connections = CONNECTIONS,
): Promise<Result> {
  let n = 0;
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => {
              const i = n++;
              const body = load.body?.(i);
              return {
                ...req,
                method: load.method,
                path: `/api/v1${load.path(i)}`,
                headers: {
                  ...req.headers,
                  authorization: `Bearer ${load.token(i)}`,
                  ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                },
                body: body === undefined ? undefined : JSON.stringify(body),
              };
            },
          },
        ],
      },
      (error, r) => {
        if (error) return reject(error);
        const rateLimited = Number(
          (r.statusCodeStats as Record<string, { count: number }> | undefined)?.['429']?.count ?? 0,
        );
        resolve({
          requestsPerSecond: r.requests.average,
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          errors: r.errors + r.timeouts + r.non2xx - rateLimited,
          rateLimited,
        });
      },
    ),
  );
}

/** A raw node:http server answering `sample`'s status and bytes to every request. */
async function rawServer(sample: Pick<Answer, 'status' | 'bytes' | 'contentType'>) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res
        .writeHead(sample.status, {
          'content-type': sample.contentType,
          'content-length': sample.bytes.length,
        })
        .end(sample.bytes),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Measures `load` on the gateway after a short warm-up, then the raw baseline with the same load. */
async function measure(
  api: Api,
  scenario: string,
  load: Load,
  extra: Record<string, unknown> = {},
  connections = CONNECTIONS,
  before?: () => Promise<void>,
) {
  progress(`${scenario}: ${SECONDS} s at ${connections} connections, then its baseline`);
  const sample = await api.call(load.method, load.path(0), {
    token: load.token(0),
    body: load.body?.(0),
  });
  if (sample.status >= 300) {
    report({
      scenario,
      error: `answered ${sample.status}`,
      detail: sample.bytes.toString('utf8').slice(0, 200),
    });
    process.exitCode = 1;
    return;
  }
  await cannon(api.base, load, 1, connections);
  await before?.();
  const result = await cannon(api.base, load, SECONDS, connections);
  const raw = await rawServer(sample);
  try {
    const baseline = await cannon(raw.url, load, SECONDS, connections);
    report({
      scenario,
      ...extra,
      connections,
      ...result,
      baseline: {
        name: `raw node:http, the same ${sample.bytes.length} bytes`,
        requestsPerSecond: baseline.requestsPerSecond,
        p50Ms: baseline.p50Ms,
        p99Ms: baseline.p99Ms,
      },
      ratio: Number((result.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
    });
  } finally {
    await raw.close();
  }
}

const SEARCHES = ['手机', 'mate', 'iphone', '跑步鞋', '华为', 'thinkpad', '耳机', 'xiaomi'];

async function catalogAndCart(api: Api, seeded: Seeded) {
  const { customers, slugs, cartSkus } = seeded;
  const token = (n: number) => customers[n % customers.length].currentToken;
  await measure(api, 'product-list', { method: 'GET', path: () => '/products?limit=20', token });
  await measure(
    api,
    'product-detail',
    { method: 'GET', path: (n) => `/products/${slugs[n % slugs.length]}`, token },
    { products: slugs.length },
  );
  await measure(
    api,
    'search',
    {
      method: 'GET',
      path: (n) => `/products?q=${encodeURIComponent(SEARCHES[n % SEARCHES.length])}&limit=20`,
      token,
    },
    { terms: SEARCHES.length },
  );

  // Each customer's cart holds up to CART_SKUS SKUs, at most 99 units each (the cart's limit):
  // request n adds one unit for customer n mod C, SKU ⌊n / C⌋ mod CART_SKUS.
  const perCart = Math.min(10, cartSkus.length);
  const cartSku = (n: number) =>
    cartSkus[
      ((Math.floor(n / customers.length) % perCart) + (n % customers.length)) % cartSkus.length
    ];
  const emptyCarts = async () => {
    for (const customer of customers) await clearCart(customer);
  };
  await measure(
    api,
    'cart-add',
    {
      method: 'POST',
      path: () => '/cart/items',
      body: (n) => ({ sku: cartSku(n), quantity: 1 }),
      token,
    },
    { skusPerCart: perCart },
    CONNECTIONS,
    emptyCarts,
  );
  await measure(
    api,
    'cart-update',
    {
      method: 'PATCH',
      path: (n) => `/cart/items/${cartSku(n)}`,
      body: (n) => ({ quantity: 1 + (n % 5) }),
      token,
    },
    { skusPerCart: perCart },
  );
  await emptyCarts();

  await measure(api, 'shipping-quote', {
    method: 'POST',
    path: () => '/shipping/quote',
    body: (n) => ({
      destination: DESTINATIONS[n % DESTINATIONS.length],
      items: [{ sku: cartSkus[n % cartSkus.length], quantity: 1 + (n % 3) }],
    }),
    token,
  });
  await measure(api, 'ticket-create', {
    method: 'POST',
    path: () => '/tickets',
    body: (n) => ({
      type: 'PRE_SALE',
      channel: 'WEB',
      subject: `压测咨询 ${n}`,
      message: n % 2 ? '请问这款手机什么时候发货？' : 'When will my order ship?',
    }),
    token,
  });
}

async function analytics(api: Api, merchant: Session) {
  const today = new Date();
  const from = new Date(today.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const period = `from=${from}&to=${today.toISOString().slice(0, 10)}`;
  const reports: [string, string][] = [
    ['kpis', `/analytics/kpis?${period}`],
    ['sales', `/analytics/sales?${period}&granularity=day`],
    ['top-products', `/analytics/top-products?${period}&by=revenue&limit=10`],
    ['funnel', `/analytics/funnel?${period}`],
    ['regions', `/analytics/regions?${period}`],
    ['channels', `/analytics/channels?${period}`],
    ['segments', `/analytics/segments?${period}`],
    ['associations', `/analytics/associations?${period}&minSupport=0.01&minConfidence=0.1`],
    ['forecast', `/analytics/forecast?${period}&metric=gmv&horizon=7`],
    ['stats', `/analytics/stats?${period}&metric=order_value`],
  ];
  const token = await merchant.token();
  // Ten connections, as bench/analytics: a few merchants watching dashboards, not a crowd.
  for (const [name, path] of reports)
    await measure(
      api,
      `analytics-${name}`,
      { method: 'GET', path: () => path, token: () => token },
      {},
      10,
    );
}

/** Closed loop: each customer repeats `work` until the deadline; returns per-second and latencies. */
async function closedLoop<T>(
  customers: Session[],
  seconds: number,
  work: (customer: Session, i: number) => Promise<T>,
) {
  const results: T[] = [];
  const started = performance.now();
  const deadline = Date.now() + seconds * 1_000;
  await Promise.all(
    customers.map(async (customer, i) => {
      while (Date.now() < deadline) results.push(await work(customer, i));
    }),
  );
  return { results, elapsedS: (performance.now() - started) / 1_000 };
}

/** CPU seconds used so far by each service (its /metrics), this process, and the whole machine (Linux). */
async function cpuSeconds(target: Target): Promise<Record<string, number>> {
  const services = await readMetrics(target.metrics, ['process_cpu_seconds_total']);
  const own = process.cpuUsage();
  const seconds: Record<string, number> = Object.fromEntries(
    Object.entries(services).map(([name, m]) => [name, m.process_cpu_seconds_total]),
  );
  seconds.bench = (own.user + own.system) / 1e6;
  const machine = machineCpuSeconds();
  if (machine !== undefined) seconds.machine = machine;
  return seconds;
}

/** CPU ms per paid checkout between two `cpuSeconds` readings. */
function cpuPerCheckout(
  before: Record<string, number>,
  after: Record<string, number>,
  paid: number,
) {
  return Object.fromEntries(
    Object.keys(after)
      .filter((name) => name in before)
      .map((name) => [
        name,
        Math.round(((after[name] - before[name]) * 1_000) / Math.max(paid, 1)),
      ]),
  );
}

/** The journey with `customers` in a closed loop, reported as `scenario`. */
async function journey(target: Target, seeded: Seeded, customers: Session[], scenario: string) {
  const { checkoutSkus } = seeded;
  for (const customer of customers) await clearCart(customer);
  progress(`${scenario}: ${customers.length} customers checking out for ${JOURNEY_SECONDS} s`);
  // A few checkouts first, so the measured ones find warm connections and compiled code.
  await Promise.all(
    customers.slice(0, 4).map((c, i) => checkout(c.api, c, checkoutSkus[i % checkoutSkus.length])),
  );
  const cpuBefore = await cpuSeconds(target);
  const run = await closedLoop(customers, JOURNEY_SECONDS, (customer, i) =>
    checkout(customer.api, customer, checkoutSkus[i % checkoutSkus.length]),
  );
  const paid = run.results.flatMap((r) => (r.ok ? [r] : []));
  const cpuMsPerCheckout = cpuPerCheckout(cpuBefore, await cpuSeconds(target), paid.length);
  const failures: Record<string, number> = {};
  for (const r of run.results) if (!r.ok) failures[r.failure] = (failures[r.failure] ?? 0) + 1;

  // The same round trips (add, quote, place, order read, payment lookup, confirm) answered by raw node:http.
  const sample = await customers[0].call(
    'GET',
    `/orders/${paid[0]?.orderId ?? '00000000-0000-0000-0000-000000000000'}`,
  );
  const raw = await rawServer(sample);
  const rawApi = new Api(raw.url);
  try {
    const rawRun = await closedLoop(customers, JOURNEY_SECONDS, async (customer) => {
      const token = customer.currentToken;
      const body = { shippingAddress: ADDRESS, deliveryOption: 'STANDARD' };
      await rawApi.call('POST', '/cart/items', {
        token,
        body: { sku: checkoutSkus[0], quantity: 1 },
      });
      await rawApi.call('POST', '/checkout/quote', { token, body });
      const started = performance.now();
      await rawApi.call('POST', '/orders', {
        token,
        body: { ...body, paymentMethod: 'SANDBOX_CARD' },
        headers: { 'idempotency-key': 'k' },
      });
      await rawApi.call('GET', '/orders/x', { token });
      await rawApi.call('GET', '/payments?orderId=x', { token });
      await rawApi.call('POST', '/payments/x/confirm', {
        token,
        body: { simulate: 'success' },
        headers: { 'idempotency-key': 'k' },
      });
      return performance.now() - started;
    });
    const checkoutsPerSecond = Number((paid.length / run.elapsedS).toFixed(1));
    const rawPerSecond = Number((rawRun.results.length / rawRun.elapsedS).toFixed(1));
    const { p50Ms, p95Ms, p99Ms } = percentiles(paid.map((r) => r.placeToPaidMs));
    report({
      scenario,
      customers: customers.length,
      gateways: new Set(customers.map((customer) => customer.api.base)).size,
      processesPerService: TARGET ? 1 : REPLICAS,
      seconds: JOURNEY_SECONDS,
      paid: paid.length,
      failed: run.results.length - paid.length,
      ...(Object.keys(failures).length ? { failures } : {}),
      checkoutsPerSecond,
      placeToPaid: { p50Ms, p95Ms, p99Ms },
      placeToConfirm: { p50Ms: percentiles(paid.map((r) => r.placeToConfirmMs)).p50Ms },
      cpuMsPerCheckout,
      baseline: {
        name: 'the same customers and round trips against raw node:http',
        journeysPerSecond: rawPerSecond,
        placeToConfirm: percentiles(rawRun.results),
      },
      ratio: Number((checkoutsPerSecond / rawPerSecond).toFixed(4)),
    });
    if (run.results.some((r) => !r.ok && !r.expected)) process.exitCode = 1;
  } finally {
    await raw.close();
  }
}

/** Warns when the gateway's per-user limit, not the platform, would bound the run. */
async function checkRateLimit(api: Api, customer: Session) {
  const answer = await customer.call('GET', '/products?limit=1');
  const limit = Number(answer.headers.get('ratelimit-limit') ?? 'NaN');
  if (limit < 100_000) {
    progress(
      `the gateway allows ${limit} requests a minute per user: ${CUSTOMERS} customers can send at most ` +
        `${Math.round((limit * CUSTOMERS) / 60)} req/s; above that the answers are 429 (counted as rateLimited). ` +
        'Start the platform with GATEWAY_RATE_LIMIT_DEFAULT=100000000 to measure the platform itself.',
    );
  }
}

async function main() {
  const target = TARGET
    ? runningPlatform(TARGET)
    : await startOwnPlatform(Number(args.products), REPLICAS);
  try {
    if (TARGET) progress(`loading the running platform at ${target.api.base}`);
    const seeded = await seed(target.api, {
      admin: target.admin,
      customers: CUSTOMERS,
      gateways: target.gateways,
    });
    await checkRateLimit(target.api, seeded.customers[0]);
    if (PARTS.has('reads')) await catalogAndCart(target.api, seeded);
    if (PARTS.has('journey')) await journey(target, seeded, seeded.customers, 'journey');
    // One customer alone: the latency of a checkout that waits for no other.
    if (PARTS.has('journey-single'))
      await journey(target, seeded, seeded.customers.slice(0, 1), 'journey-single');
    if (PARTS.has('analytics')) await analytics(target.api, seeded.merchant);
  } finally {
    await target.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
