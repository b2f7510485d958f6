/**
 * Checkout benchmark: the order journey end to end, services as processes from the build (orders,
 * payments, catalog, logistics on kafka-lite). Prints one JSON line per scenario with a baseline
 * from the same run:
 * - `journey`: a closed loop of N virtual customers, each adding to the cart, quoting, placing the
 *   order, waiting for its payment, confirming it and waiting for PAID (both learnt from the events
 *   on Kafka, so waiting puts no load on the services). Reports completed
 *   checkouts/s and p50/p95/p99 of place-to-PAID, next to the same customers reading their cart
 *   (the cheapest authenticated orders request) and one Kafka hop (produce → consume) on the broker.
 * - `flash-sale`: 1,000 customers with the flash-sale SKU in their cart place their orders at once
 *   for 100 units, each expecting the flash-price total it was quoted (the rest are refused). Reports the time to sell out, p99 of `POST /orders` and the oversell count
 *   (must be 0), next to the same burst of `GET /cart`.
 *
 *   npm run bench checkout      (or, after a build: node -r @swc-node/register bench/checkout/run.ts
 *                                [--seconds 10] [--customers 16] [--burst 1000] [--units 100])
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Agent, fetch, setGlobalDispatcher } from 'undici';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  resolveDataInfrastructure,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
} from '@emporium/testing';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    customers: { type: 'string', default: '16' },
    burst: { type: 'string', default: '1000' },
    units: { type: 'string', default: '100' },
  },
});
const SECONDS = Number(args.seconds);
const CUSTOMERS = Number(args.customers);
const BURST = Number(args.burst);
const UNITS = Number(args.units);
const SECRET = 'emporium-bench-internal-auth-secret-0123456789';
const address = {
  name: '王五',
  phone: '13700137000',
  province: '上海市',
  city: '上海市',
  line1: '南京东路 1 号',
};
const money = (amount: number) => ({ amount, currency: 'CNY' });
const report = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: 'checkout', ...line })}\n`);

// A burst of a thousand requests needs a thousand sockets; the default pool would queue them.
setGlobalDispatcher(new Agent({ connections: 2_048, pipelining: 1 }));

interface Caller {
  readonly headers: Record<string, string>;
}

async function caller(roles: ('customer' | 'merchant')[]): Promise<Caller> {
  const token = await signInternalIdentity(
    { userId: randomUUID(), roles, memberTier: 'REGULAR' },
    SECRET,
    3_600,
  );
  return { headers: { [INTERNAL_IDENTITY_HEADER]: token } };
}

async function call(
  url: string,
  method: string,
  as: Caller,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, {
    method,
    headers: {
      ...as.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the scenario reads a few known fields
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
}

async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

/** A product with one SKU and plenty of stock, known to the catalog. */
async function stockedSku(
  platform: PlatformProcesses,
  merchant: Caller,
  price: number,
  onHand: number,
): Promise<string> {
  const { catalog, logistics } = platform.services;
  const suffix = uniqueSuffix();
  const category = await call(`${catalog.url}/categories`, 'POST', merchant, {
    name: `压测 ${suffix}`,
    slug: `bench-${suffix}`,
  });
  const sku = `BENCH-${suffix}`;
  await call(`${catalog.url}/products`, 'POST', merchant, {
    name: `压测商品 ${suffix}`,
    description: '压测',
    categoryId: category.body.id,
    variants: [
      {
        sku,
        name: '标准',
        price: money(price),
        weightGrams: 400,
        dimensionsMm: { length: 100, width: 100, height: 100 },
        attributes: {},
      },
    ],
  });
  const warehouse = await call(`${logistics.url}/warehouses`, 'POST', merchant, {
    code: `B-${suffix}`.toUpperCase(),
    name: '压测仓',
    kind: 'WAREHOUSE',
    address,
    location: { lat: 31.23, lon: 121.47 },
  });
  await call(`${logistics.url}/warehouses/${warehouse.body.id}/stock/${sku}`, 'PUT', merchant, {
    onHand,
  });
  await until(async () => {
    const res = await call(`${catalog.url}/internal/variants?skus=${sku}`, 'GET', merchant);
    return res.body.items[0]?.available === onHand ? true : undefined;
  }, 'the catalog to learn the stock');
  return sku;
}

async function closedLoop(
  customers: Caller[],
  work: (customer: Caller) => Promise<number | undefined>,
) {
  const samples: number[] = [];
  let completed = 0;
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    customers.map(async (customer) => {
      while (Date.now() < deadline) {
        const sample = await work(customer);
        completed += 1;
        if (sample !== undefined) samples.push(sample);
      }
    }),
  );
  return { perSecond: Number((completed / SECONDS).toFixed(1)), ...percentiles(samples) };
}

async function kafkaHop(brokers: string) {
  const kafka = createKafka({ brokers, clientId: 'bench-hop' });
  const topic = `bench-hop-${uniqueSuffix()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: partitioner });
  const consumer = kafka.consumer({ groupId: topic, maxWaitTimeInMs: 1_000 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const samples: number[] = [];
  let resolveNext: (() => void) | undefined;
  await consumer.run({
    eachMessage: async ({ message }) => {
      samples.push(Date.now() - Number(message.value!.toString()));
      resolveNext?.();
    },
  });
  for (let i = 0; i < 200; i++) {
    const received = new Promise<void>((r) => (resolveNext = r));
    await producer.send({ topic, messages: [{ value: String(Date.now()) }] });
    await received;
  }
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return percentiles(samples.slice(20));
}

/** Resolves waits on journey events as they are published (no polling load on the services). */
async function watchJourney(brokers: string) {
  const kafka = createKafka({ brokers, clientId: 'bench-watch' });
  const consumer = kafka.consumer({
    groupId: `bench-watch-${uniqueSuffix()}`,
    maxWaitTimeInMs: 100,
  });
  const waiting = new Map<string, (data: Record<string, unknown>) => void>();
  const seen = new Map<string, Record<string, unknown>>();
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders.order', 'payments.payment'], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString()) as {
        type: string;
        subject: string;
        data: Record<string, unknown>;
      };
      const key = `${event.type} ${event.subject}`;
      seen.set(key, event.data);
      waiting.get(key)?.(event.data);
    },
  });
  // The consumer must own its partitions before the first order, or it would miss events.
  await new Promise((r) => setTimeout(r, 3_000));
  return {
    /** The data of `type` for `orderId`, once it is published. */
    next(type: string, orderId: string): Promise<Record<string, unknown>> {
      const key = `${type} ${orderId}`;
      const known = seen.get(key);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) =>
        waiting.set(key, (data) => (waiting.delete(key), resolve(data))),
      );
    },
    stop: () => consumer.disconnect(),
  };
}

async function journey(
  platform: PlatformProcesses,
  brokers: string,
  merchant: Caller,
): Promise<void> {
  const { orders, payments } = platform.services;
  const sku = await stockedSku(platform, merchant, 12_900, 10_000_000);
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, () => caller(['customer'])),
  );
  const journeyEvents = await watchJourney(brokers);
  const placeToPaid = await closedLoop(customers, async (customer) => {
    await call(`${orders.url}/cart/items`, 'POST', customer, { sku, quantity: 1 });
    await call(`${orders.url}/checkout/quote`, 'POST', customer, {
      shippingAddress: address,
      deliveryOption: 'STANDARD',
    });
    const started = performance.now();
    const placed = await call(
      `${orders.url}/orders`,
      'POST',
      customer,
      { shippingAddress: address, deliveryOption: 'STANDARD', paymentMethod: 'SANDBOX_CARD' },
      { 'idempotency-key': randomUUID() },
    );
    if (placed.status !== 201)
      throw new Error(`POST /orders answered ${placed.status}: ${JSON.stringify(placed.body)}`);
    const { paymentId } = await journeyEvents.next('payment.created', placed.body.id);
    const confirmed = await call(
      `${payments.url}/payments/${paymentId}/confirm`,
      'POST',
      customer,
      { simulate: 'success' },
      { 'idempotency-key': randomUUID() },
    );
    if (confirmed.body.status !== 'CAPTURED')
      throw new Error(`confirm answered ${JSON.stringify(confirmed.body)}`);
    await journeyEvents.next('order.paid', placed.body.id);
    return performance.now() - started;
  });
  await journeyEvents.stop();
  const cartReads = await closedLoop(customers, async (customer) => {
    const started = performance.now();
    await call(`${orders.url}/cart`, 'GET', customer);
    return performance.now() - started;
  });
  report({
    scenario: 'journey',
    customers: CUSTOMERS,
    checkoutsPerSecond: placeToPaid.perSecond,
    placeToPaid: { p50Ms: placeToPaid.p50Ms, p95Ms: placeToPaid.p95Ms, p99Ms: placeToPaid.p99Ms },
    baseline: {
      name: 'GET /cart by the same customers; one Kafka hop',
      cartReadsPerSecond: cartReads.perSecond,
      cartP99Ms: cartReads.p99Ms,
      kafkaHop: await kafkaHop(brokers),
    },
  });
}

async function flashSale(platform: PlatformProcesses, merchant: Caller): Promise<void> {
  const { orders } = platform.services;
  const sku = await stockedSku(platform, merchant, 99_900, 10_000_000);
  const now = Date.now();
  const sale = await call(`${orders.url}/promotions`, 'POST', merchant, {
    name: '秒杀压测',
    kind: 'FLASH_SALE',
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    target: { skus: [sku] },
    stackable: false,
    rules: { sku, price: money(9_900), quantity: UNITS, perCustomerLimit: 1 },
  });
  if (sale.status !== 201) throw new Error(`promotion: ${JSON.stringify(sale.body)}`);
  const customers = await Promise.all(Array.from({ length: BURST }, () => caller(['customer'])));
  for (let i = 0; i < customers.length; i += 50) {
    await Promise.all(
      customers
        .slice(i, i + 50)
        .map((c) => call(`${orders.url}/cart/items`, 'POST', c, { sku, quantity: 1 })),
    );
  }
  // Every cart is the same, so one quote gives the total each customer was shown (the flash price).
  const shown = (
    await call(`${orders.url}/checkout/quote`, 'POST', customers[0], {
      shippingAddress: address,
      deliveryOption: 'STANDARD',
    })
  ).body.total;
  const burst = async (
    request: (
      c: Caller,
    ) => Promise<{ status: number; body: { lines?: { unitPrice: { amount: number } }[] } }>,
  ) => {
    const started = performance.now();
    let soldOutAt = 0;
    const latencies: number[] = [];
    const results = await Promise.all(
      customers.map(async (c) => {
        const sent = performance.now();
        const res = await request(c);
        latencies.push(performance.now() - sent);
        if (res.status === 201 && res.body.lines?.[0]?.unitPrice.amount === 9_900)
          soldOutAt = Math.max(soldOutAt, performance.now() - started);
        return res;
      }),
    );
    return { results, soldOutMs: Number(soldOutAt.toFixed(1)), ...percentiles(latencies) };
  };
  const placed = await burst((c) =>
    call(
      `${orders.url}/orders`,
      'POST',
      c,
      {
        shippingAddress: address,
        deliveryOption: 'STANDARD',
        paymentMethod: 'ALIPAY_SANDBOX',
        expectedTotal: shown,
      },
      { 'idempotency-key': randomUUID() },
    ),
  );
  const atFlashPrice = placed.results.filter(
    (r) => r.status === 201 && r.body.lines?.[0]?.unitPrice.amount === 9_900,
  ).length;
  const reads = await burst((c) => call(`${orders.url}/cart`, 'GET', c));
  report({
    scenario: 'flash-sale',
    customers: BURST,
    units: UNITS,
    soldAtFlashPrice: atFlashPrice,
    oversold: Math.max(0, atFlashPrice - UNITS),
    refused: placed.results.filter((r) => r.status === 409).length,
    timeToSellOutMs: placed.soldOutMs,
    postOrders: { p50Ms: placed.p50Ms, p99Ms: placed.p99Ms },
    baseline: { name: `${BURST} concurrent GET /cart`, p50Ms: reads.p50Ms, p99Ms: reads.p99Ms },
  });
  if (atFlashPrice > UNITS) process.exitCode = 1;
}

async function main() {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.env.REDIS_URL = infrastructure.redisUrl;
  const kafka = await startTestKafka();
  const platform = await startPlatformProcesses({
    brokers: kafka.brokers,
    names: ['catalog', 'logistics', 'payments', 'orders'],
    env: {
      LOG_LEVEL: 'error',
      INTERNAL_AUTH_SECRET: SECRET,
      DB_POOL_SIZE: '20',
      DB_POOL_TIMEOUT_MS: '60000',
    },
  });
  try {
    const merchant = await caller(['merchant']);
    await journey(platform, kafka.brokers, merchant);
    await flashSale(platform, merchant);
  } finally {
    await platform.stop();
    await kafka.stop();
    await infrastructure.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
