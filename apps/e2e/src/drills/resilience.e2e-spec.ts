/**
 * Resilience drills (issue #13): customers keep checking out while a service is killed, the broker
 * restarts, Postgres "restarts" and Redis goes away; afterwards the platform must settle with every
 * invariant intact, analytics' GMV included (analytics is eventually consistent, so it is polled).
 * Postgres and Redis are shared with other suites, so their failures are simulated by TCP proxies
 * between the services and the real servers.
 *
 * DRILL_SECONDS: how long checkouts go on after each recovery (3 in `npm test`, more in `npm run test:drills`).
 */
import { randomUUID } from 'node:crypto';
import {
  eventually,
  identityHeaders,
  messagesOn,
  readTopic,
  startCheckoutStream,
  startKafkaProcess,
  startPlatformProcesses,
  startTcpProxy,
  uniqueSuffix,
  type CheckoutStream,
  type KafkaProcess,
  type PlatformProcesses,
  type ServiceName,
  type TcpProxy,
} from '@emporium/testing';
import {
  analyticsGap,
  analyticsKpis,
  paidOrders,
  unsettled,
  type AnalyticsContext,
  type Problems,
} from './settled';

const DRILL_SECONDS = Number(process.env.DRILL_SECONDS ?? 3);
const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 4);
const PAYMENT_WINDOW_SECONDS = 15;
const RECOVERY_BOUND_MS = 60_000;
const SETTLE_BOUND_MS = PAYMENT_WINDOW_SECONDS * 1_000 + 45_000;
const INITIAL_STOCK = 1_000_000;
const SECRET = 'resilience-drill-internal-secret-0123456789';
// Analytics is not on the checkout path, but it must count every paid order however it was disturbed.
const SERVICES: ServiceName[] = ['catalog', 'orders', 'payments', 'logistics', 'analytics'];
const address = {
  name: '钱七',
  phone: '13500135000',
  province: '上海市',
  city: '上海市',
  line1: '人民广场 1 号',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const businessDay = (at: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);

jest.setTimeout(15 * 60_000);

describe('resilience drills: checkouts through crashes and outages', () => {
  let postgres: TcpProxy;
  let redis: TcpProxy;
  let kafka: KafkaProcess;
  let platform: PlatformProcesses;
  let merchant: Record<string, string>;
  const startedAt = Date.now();

  const url = (name: ServiceName) => platform.services[name].url;
  const report = (line: Record<string, unknown>) =>
    console.log(JSON.stringify({ drill: true, ...line }));
  const days = () => [...new Set([businessDay(startedAt), businessDay(Date.now())])];
  const analytics = (): AnalyticsContext => ({
    ordersDatabaseUrl: platform.services.orders.databaseUrl,
    analyticsUrl: url('analytics'),
    merchant,
    days: days(),
  });

  async function send(method: string, target: string, body?: unknown) {
    const res = await fetch(target, {
      method,
      headers: { ...merchant, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${target} answered ${res.status}: ${text}`);
    return JSON.parse(text) as { id: string };
  }

  beforeAll(async () => {
    const pg = new URL(process.env.DATABASE_URL!);
    const rd = new URL(process.env.REDIS_URL!);
    postgres = await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
    redis = await startTcpProxy({ host: rd.hostname, port: Number(rd.port || 6379) });
    kafka = await startKafkaProcess();
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: SERVICES,
      env: {
        INTERNAL_AUTH_SECRET: SECRET,
        DATABASE_URL: postgres.urlFor(process.env.DATABASE_URL!),
        REDIS_URL: redis.urlFor(process.env.REDIS_URL!),
        ORDERS_PAYMENT_WINDOW_SECONDS: String(PAYMENT_WINDOW_SECONDS),
        ORDERS_SWEEP_INTERVAL_MS: '500',
        PAYMENTS_DISPATCH_INTERVAL_MS: '500',
        // A killed replica's partitions move to its restart after this long (30 s by default).
        KAFKA_SESSION_TIMEOUT_MS: '8000',
        LOG_LEVEL: 'error',
      },
    });
  });

  /** A product of its own for one drill, stocked with INITIAL_STOCK units. */
  async function stockedSku(): Promise<string> {
    const suffix = uniqueSuffix();
    const category = await send('POST', `${url('catalog')}/categories`, {
      name: `演练 ${suffix}`,
      slug: `drill-${suffix}`,
    });
    const sku = `DRILL-${suffix}`.toUpperCase();
    await send('POST', `${url('catalog')}/products`, {
      name: `演练商品 ${suffix}`,
      description: '韧性演练',
      categoryId: category.id,
      variants: [
        {
          sku,
          name: '标准',
          price: { amount: 2_990, currency: 'CNY' },
          weightGrams: 500,
          dimensionsMm: { length: 100, width: 100, height: 100 },
          attributes: {},
        },
      ],
    });
    const warehouse = await send('POST', `${url('logistics')}/warehouses`, {
      code: `DR-${suffix}`.toUpperCase(),
      name: '演练仓',
      kind: 'WAREHOUSE',
      address,
      location: { lat: 31.23, lon: 121.47 },
    });
    await send('PUT', `${url('logistics')}/warehouses/${warehouse.id}/stock/${sku}`, {
      onHand: INITIAL_STOCK,
    });
    // Orders caches what the catalog says for 30 s: asking before the catalog knows the stock would
    // keep the SKU "sold out" for that long.
    await eventually(
      async () => {
        const res = await fetch(`${url('catalog')}/internal/variants?skus=${sku}`, {
          headers: merchant,
        });
        const body = (await res.json()) as { items?: { available?: number }[] };
        return body.items?.[0]?.available === INITIAL_STOCK;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the catalog to learn the stock' },
    );
    return sku;
  }

  afterAll(async () => {
    await platform?.stop();
    await kafka?.destroy();
    await postgres?.close();
    await redis?.close();
  });

  /** Messages each service's consumer group has dead-lettered so far. */
  const deadLettered = async () =>
    Object.fromEntries(
      await Promise.all(
        SERVICES.map(
          async (s) =>
            [
              s,
              await messagesOn(kafka.brokers, `${platform.services[s].env.KAFKA_GROUP_ID}.dlq`),
            ] as const,
        ),
      ),
    );

  /** Checkouts flow; `fault` runs while they do; then the stream stops and the platform must settle. */
  async function drill(name: string, fault: (stream: CheckoutStream) => Promise<void>) {
    // Signed identities expire after 10 minutes, which the long form outlasts.
    merchant = await identityHeaders({ userId: randomUUID(), roles: ['merchant'] }, SECRET);
    const dlqBefore = await deadLettered();
    const sku = await stockedSku();
    const stream = await startCheckoutStream({
      ordersUrl: url('orders'),
      paymentsUrl: url('payments'),
      sku,
      customers: CUSTOMERS,
      secret: SECRET,
    });
    let problems: Problems = [];
    try {
      // The stream must work before the fault, or recovery would mean nothing.
      await stream.recoveredAfter(Date.now(), 60_000);
      await sleep(1_000);
      await fault(stream);
      await sleep(DRILL_SECONDS * 1_000);
    } finally {
      await stream.stop();
    }
    const stopped = Date.now();
    let last: Awaited<ReturnType<typeof unsettled>> | undefined;
    // When analytics last came to agree with the orders database (undefined while it does not).
    let analyticsAgreedAt: number | undefined;
    let gmv: Awaited<ReturnType<typeof analyticsGap>> | undefined;
    while (Date.now() - stopped < SETTLE_BOUND_MS) {
      // Analytics first, so that its time is not padded by the other checks.
      gmv = await analyticsGap(analytics());
      if (gmv.problem) analyticsAgreedAt = undefined;
      else analyticsAgreedAt ??= Date.now();
      last = await unsettled({
        databaseUrl: (service) => platform.services[service as ServiceName].databaseUrl,
        services: SERVICES,
        logisticsUrl: url('logistics'),
        paymentsUrl: url('payments'),
        merchant,
        sku,
        initialStock: INITIAL_STOCK,
        accepted: stream.accepted.keys(),
        days: days(),
      });
      const dlq = await deadLettered();
      // A drill's faults are transient: no event should end in a dead-letter topic because of one.
      const lost = await Promise.all(
        SERVICES.filter((s) => dlq[s] > dlqBefore[s]).map(async (s) => {
          const topic = `${platform.services[s].env.KAFKA_GROUP_ID}.dlq`;
          const messages = await readTopic(kafka.brokers, topic, (m) => m.length >= dlq[s]);
          const events = messages.slice(dlqBefore[s]).map((m) => {
            const { type, subject } = JSON.parse(m.value.toString()) as {
              type?: string;
              subject?: string;
            };
            return `${type} ${subject} (${m.headers['dlq-error']})`;
          });
          return `${s} dead-lettered ${dlq[s] - dlqBefore[s]} events to ${topic}: ${events.join('; ')}`;
        }),
      );
      problems = [...last.problems, ...lost, ...(gmv.problem ? [gmv.problem] : [])];
      if (!problems.length) break;
      // Faster when only analytics is behind, so its catch-up time is measured finely.
      await sleep(problems.length === 1 && gmv.problem ? 200 : 1_000);
    }
    report({
      name,
      phase: 'settled',
      settleMs: Date.now() - stopped,
      analyticsMs: analyticsAgreedAt === undefined ? undefined : analyticsAgreedAt - stopped,
      ordersAccepted: stream.accepted.size,
      checkoutsPaid: stream.completed.length,
      ordersInDatabase: last?.orders,
      paidSinceStart: gmv?.paid,
      failures: Object.fromEntries(stream.failures),
      problems: problems.slice(0, 20),
    });
    expect(stream.completed.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(SERVICES.filter((s) => platform.services[s].running)).toEqual(SERVICES);
  }

  /** Milliseconds from `since` until analytics counts `orders` paid orders (it is off the checkout path). */
  async function analyticsCaughtUp(orders: number, since: number): Promise<number> {
    await eventually(
      async () => {
        const counted = await analyticsKpis(analytics()).catch(() => undefined);
        return counted !== undefined && counted.orders >= orders;
      },
      {
        timeoutMs: RECOVERY_BOUND_MS,
        intervalMs: 100,
        what: `analytics to count the ${orders} orders paid before its restart`,
      },
    );
    return Date.now() - since;
  }

  /** Logs the recovery of one fault: from its end until a checkout started after it was paid. */
  async function recovery(
    stream: CheckoutStream,
    name: string,
    faultMs: number,
    endedAt: number,
    extra: Record<string, unknown> = {},
  ) {
    const recovered = await stream.recoveredAfter(endedAt, RECOVERY_BOUND_MS);
    report({ name, phase: 'recovered', faultMs, recoveryMs: recovered - endedAt, ...extra });
    expect(recovered - endedAt).toBeLessThan(RECOVERY_BOUND_MS);
  }

  it(`(a) kill -9 of ${SERVICES.join(', ')} in turn, each started again`, async () => {
    await drill('kill-9', async (stream) => {
      // Analytics last, so what it must catch up on after its restart is the whole stream so far.
      for (const service of SERVICES) {
        const paidBefore =
          service === 'analytics'
            ? await paidOrders(platform.services.orders.databaseUrl)
            : undefined;
        const killedAt = Date.now();
        await platform.services[service].kill('SIGKILL');
        await sleep(1_000);
        const restartedAt = Date.now();
        await platform.services[service].start();
        const bootMs = Date.now() - restartedAt;
        const caughtUpMs = paidBefore && (await analyticsCaughtUp(paidBefore.orders, restartedAt));
        await recovery(stream, `kill-9 ${service}`, restartedAt - killedAt, restartedAt, {
          bootMs,
          caughtUpMs,
        });
        await sleep(DRILL_SECONDS * 500);
      }
    });
  });

  it('(b) the Kafka broker stops and starts again on the same port and data', async () => {
    await drill('kafka-restart', async (stream) => {
      const stoppedAt = Date.now();
      await kafka.stop('SIGTERM');
      await sleep(3_000);
      await kafka.start();
      const endedAt = Date.now();
      await recovery(stream, 'kafka-restart', endedAt - stoppedAt, endedAt);
    });
  });

  it('(c) Postgres "restarts": every connection dropped and new ones refused for 5 s', async () => {
    await drill('postgres-restart', async (stream) => {
      const startedFault = Date.now();
      await postgres.fault('refuse', 5_000);
      const endedAt = Date.now();
      await recovery(stream, 'postgres-restart', endedAt - startedFault, endedAt);
    });
  });

  it('(d) Redis is unreachable for 10 s (connections black-holed, then dropped)', async () => {
    await drill('redis-outage', async (stream) => {
      const startedFault = Date.now();
      await redis.fault('blackhole', 10_000);
      const endedAt = Date.now();
      await recovery(stream, 'redis-outage', endedAt - startedFault, endedAt);
    });
  });
});
