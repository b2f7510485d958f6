/**
 * Logistics benchmark. Prints one JSON line per scenario, each with a baseline from the same run:
 * - reservations/s for single-SKU orders on one hot SKU and spread over 1,000 SKUs (closed loop of
 *   concurrent callers of the reservation use case, each a transaction that locks, allocates,
 *   updates and writes the outbox), next to the same callers running one bare
 *   `UPDATE stock_levels SET reserved = reserved + 1` per transaction;
 * - `POST /shipping/quote` req/s and p50/p99 through HTTP (autocannon, 50 connections) against the
 *   logistics process, next to a raw `node:http` server answering the same bytes;
 * - stock planning over a year of 1,000,000 order lines (`planning.ts`): the replenishment plan
 *   computed and stored, suggestions read from it, coverage and its simulation for the year.
 *   `--only planning` runs that alone.
 *
 *   npm run bench logistics      (or, after a build: node -r @swc-node/register bench/logistics/run.ts
 *                                 [--seconds 5] [--concurrency 16], with SWC_NODE_PROJECT=tsconfig.json)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  publishEvents,
  resolveDataInfrastructure,
  startPlatformProcesses,
  startTestKafka,
} from '@emporium/testing';
import { logisticsEntry } from '../../apps/logistics/src/app.module';
import { ReservationsService } from '../../apps/logistics/src/application/reservations.service';
import { WarehousesService } from '../../apps/logistics/src/application/warehouses.service';
import { planning } from './planning';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    only: { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const address = {
  name: '李四',
  phone: '13900139000',
  province: '广东省',
  city: '深圳市',
  line1: '科技园 1 号',
};
const report = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: 'logistics', ...line })}\n`);

/** Runs `work` from CONCURRENCY callers for SECONDS; returns completed calls per second and latencies. */
async function closedLoop(work: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  let counter = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const started = process.hrtime.bigint();
        await work(counter++);
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2));
  return { perSecond: Math.round(latencies.length / SECONDS), p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function reservations(): Promise<void> {
  const kafka = await startTestKafka();
  const service = await bootService(logisticsEntry, {
    kafka,
    name: 'bench_logistics',
    env: { LOG_LEVEL: 'error' },
  });
  try {
    const warehouses = service.app.get(WarehousesService);
    const db = service.app.get(DataSource);
    const gz = await warehouses.create({
      code: 'GZ',
      name: '广州仓',
      kind: 'WAREHOUSE',
      address: { ...address, city: '广州市' },
      location: { lat: 23.13, lon: 113.26 },
    });
    const sh = await warehouses.create({
      code: 'SH',
      name: '上海仓',
      kind: 'WAREHOUSE',
      address: { ...address, province: '上海市', city: '上海市' },
      location: { lat: 31.23, lon: 121.47 },
    });
    await warehouses.setOnHand(gz.id, 'HOT', 10_000_000);
    await warehouses.setOnHand(sh.id, 'HOT', 10_000_000);
    await db.query(
      `INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved)
       SELECT w.id, 'SKU-' || n, 1000000, 0 FROM generate_series(1, 1000) n, warehouses w`,
    );
    const use = service.app.get(ReservationsService);
    for (const [scenario, skuOf] of [
      ['reserve-hot-sku', () => 'HOT'],
      ['reserve-1000-skus', (i: number) => `SKU-${(i % 1000) + 1}`],
    ] as const) {
      const result = await closedLoop((i) =>
        use.reserve({
          orderId: randomUUID(),
          lines: [{ sku: skuOf(i), quantity: 1 }],
          shippingAddress: address,
          deliveryOption: 'STANDARD',
        }),
      );
      const baseline = await closedLoop((i) =>
        db.transaction((tx) =>
          tx.query(
            'UPDATE stock_levels SET reserved = reserved + 1 WHERE warehouse_id = $1 AND sku = $2',
            [gz.id, skuOf(i)],
          ),
        ),
      );
      report({
        scenario,
        concurrency: CONCURRENCY,
        reservationsPerSecond: result.perSecond,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        baseline: {
          name: 'single UPDATE per transaction',
          perSecond: baseline.perSecond,
          p99Ms: baseline.p99Ms,
        },
        ratio: Number((result.perSecond / baseline.perSecond).toFixed(3)),
      });
    }
  } finally {
    await service.stop();
    await kafka.stop();
  }
}

function cannon(url: string, body: string) {
  return new Promise<{ requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number }>(
    (resolve, reject) =>
      autocannon(
        {
          url,
          method: 'POST',
          connections: 50,
          duration: SECONDS,
          body,
          headers: { 'content-type': 'application/json' },
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

async function quotes(): Promise<void> {
  const kafka = await startTestKafka();
  const platform = await startPlatformProcesses({
    brokers: kafka.brokers,
    names: ['logistics'],
    env: { LOG_LEVEL: 'error' },
  });
  const raw = createServer();
  try {
    const url = platform.services.logistics.url;
    const secret = logisticsEntry.loadConfig({ NODE_ENV: 'test' }).INTERNAL_AUTH_SECRET;
    const merchant = {
      'content-type': 'application/json',
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['merchant'] },
        secret,
        600,
      ),
    };
    const created = await fetch(`${url}/warehouses`, {
      method: 'POST',
      headers: merchant,
      body: JSON.stringify({
        code: 'SZ',
        name: '深圳仓',
        kind: 'WAREHOUSE',
        address,
        location: { lat: 22.54, lon: 114.06 },
      }),
    });
    const { id } = (await created.json()) as { id: string };
    await fetch(`${url}/warehouses/${id}/stock/PHONE`, {
      method: 'PUT',
      headers: merchant,
      body: JSON.stringify({ onHand: 1000 }),
    });
    const producer = createKafka({ brokers: kafka.brokers, clientId: 'bench' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    const productId = randomUUID();
    const data = {
      productId,
      variants: [
        { sku: 'PHONE', weightGrams: 600, dimensionsMm: { length: 200, width: 120, height: 80 } },
      ],
    };
    await publishEvents(producer, anEnvelope('product.created', productId, data));
    await producer.disconnect();
    const body = JSON.stringify({
      destination: { ...address, province: '北京市', city: '北京市' },
      items: [{ sku: 'PHONE', quantity: 2 }],
    });
    let answer = '';
    for (let i = 0; i < 100 && !answer.includes('options":[{'); i++) {
      answer = await (
        await fetch(`${url}/shipping/quote`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      ).text();
      await new Promise((r) => setTimeout(r, 100));
    }
    raw.on('request', (req, res) => {
      req.resume();
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(answer),
      );
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    const service = await cannon(`${url}/shipping/quote`, body);
    const baseline = await cannon(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`, body);
    report({
      scenario: 'shipping-quote',
      connections: 50,
      ...service,
      baseline: { name: 'raw node:http, same bytes', ...baseline },
      ratio: Number((service.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
    });
  } finally {
    raw.close();
    await platform.stop();
    await kafka.stop();
  }
}

async function main() {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.env.REDIS_URL = infrastructure.redisUrl;
  try {
    if (args.only !== 'planning') {
      await reservations();
      await quotes();
    }
    await planning(report);
  } finally {
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
