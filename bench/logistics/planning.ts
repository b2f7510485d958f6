/**
 * Stock planning over a year of orders: 1,000,000 order lines (400,000 paid orders to the 31
 * provincial capitals, 1,000 SKUs, 5 warehouses) seeded in SQL, then
 * - the replenishment plan computed and stored (every stock row forecast from 56 days of its
 *   sales; what "uncached" costs), and `GET /replenishment/suggestions` reading the stored plans;
 * - `GET /logistics/coverage` for the whole year, uncached (the orders replayed on the network
 *   and the delivered parcels aggregated) and stored, and `POST /logistics/coverage/simulate`
 *   with 3 sites;
 * each beside a bare scan of the same table in the same database.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { bootService, serviceClient, startTestKafka } from '@emporium/testing';
import { logisticsEntry } from '../../apps/logistics/src/app.module';
import { ReplenishmentService } from '../../apps/logistics/src/application/replenishment.service';
import { PROVINCES } from '../../apps/logistics/src/domain/regions';

const ORDERS = 400_000;
const LINES = 1_000_000;
const SKUS = 1_000;
const WAREHOUSES: [string, string, string, number, number][] = [
  ['SH', '上海市', '上海市', 31.23, 121.47],
  ['GZ', '广东省', '广州市', 23.13, 113.26],
  ['BJ', '北京市', '北京市', 39.9, 116.41],
  ['CD', '四川省', '成都市', 30.57, 104.07],
  ['WH', '湖北省', '武汉市', 30.59, 114.31],
];

/** Milliseconds `work` takes, the median of `runs`. */
async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Number(times[Math.floor(times.length / 2)].toFixed(1));
}

/** Runs the planning scenarios; `report` prints one JSON line each. */
export async function planning(report: (line: Record<string, unknown>) => void): Promise<void> {
  const kafka = await startTestKafka();
  const service = await bootService(logisticsEntry, {
    kafka,
    name: 'bench_planning',
    env: { LOG_LEVEL: 'error', LOGISTICS_REPLENISHMENT_INTERVAL_MS: '86400000' },
  });
  try {
    const db = service.app.get(DataSource);
    // Identities live 60 s and seeding takes longer: each call signs its own.
    const call = async (method: string, path: string, body?: unknown) =>
      serviceClient(service.url).call(method, path, body, {
        [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
          { userId: randomUUID(), roles: ['merchant'] },
          service.config.INTERNAL_AUTH_SECRET,
        ),
      });

    const seeding = Date.now();
    for (const [code, province, city, lat, lon] of WAREHOUSES) {
      await db.query(
        `INSERT INTO warehouses (code, name, kind, address, lat, lon) VALUES ($1, $1, 'WAREHOUSE', $2, $3, $4)`,
        [code, { name: code, phone: '1', province, city, line1: '1' }, lat, lon],
      );
    }
    await db.query(
      `INSERT INTO sku_specs (sku, weight_grams, length_mm, width_mm, height_mm)
       SELECT 'SKU-' || n, 100 + n % 900, 50 + n % 200, 40 + n % 150, 20 + n % 100
         FROM generate_series(1, $1) n`,
      [SKUS],
    );
    await db.query(
      `INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved)
       SELECT w.id, 'SKU-' || n, (n * 7) % 400, 0 FROM generate_series(1, $1) n, warehouses w`,
      [SKUS],
    );
    const capitals = Object.entries(PROVINCES).map(([province, p]) => ({
      province,
      city: p.capital,
    }));
    // Orders of 2 or 3 lines (1,000,000 lines over 400,000 orders), spread over the last 365 days.
    await db.query(
      `WITH o AS (
         SELECT i, gen_random_uuid() AS order_id,
                now() - make_interval(secs => (i::double precision / $1) * 365 * 86400) AS at,
                ($2::jsonb) -> (i % jsonb_array_length($2::jsonb)) AS place,
                CASE WHEN i % 2 = 0 THEN 3 ELSE 2 END AS lines
           FROM generate_series(1, $1) i)
       INSERT INTO reservations (order_id, status, delivery_option, destination, allocations, created_at, updated_at)
       SELECT order_id, 'COMMITTED', CASE WHEN i % 10 = 0 THEN 'EXPRESS' ELSE 'STANDARD' END,
              jsonb_build_object('name', 'x', 'phone', '1', 'line1', '1',
                                 'province', place->>'province', 'city', place->>'city'),
              (SELECT jsonb_agg(jsonb_build_object(
                        'warehouseId', (SELECT id FROM warehouses ORDER BY code OFFSET (i + l) % 5 LIMIT 1),
                        'sku', 'SKU-' || (1 + (i * 31 + l * 17) % $3), 'quantity', 1 + l % 2))
                 FROM generate_series(1, lines) l),
              at, at
         FROM o`,
      [ORDERS, JSON.stringify(capitals), SKUS],
    );
    await db.query(
      `INSERT INTO stock_movements (warehouse_id, sku, direction, reason, quantity, revenue_amount, order_id, occurred_at)
       SELECT (a->>'warehouseId')::uuid, a->>'sku', 'OUTBOUND', 'ORDER', (a->>'quantity')::int, 9900,
              r.order_id, r.created_at
         FROM reservations r CROSS JOIN jsonb_array_elements(r.allocations) a`,
    );
    await db.query(
      `INSERT INTO shipments (order_id, customer_id, kind, status, mode, carrier, tracking_number,
                              warehouse_id, items, cost_amount, reason, events, created_at, updated_at)
       SELECT r.order_id, r.order_id, 'OUTBOUND', 'DELIVERED', 'THIRD_PARTY', 'ZTO Express',
              'BENCH' || r.order_id, (r.allocations->0->>'warehouseId')::uuid, '[]', 1200, 'bench',
              jsonb_build_array(jsonb_build_object('status', 'CREATED', 'at', r.created_at),
                                jsonb_build_object('status', 'DELIVERED',
                                                   'at', r.created_at + make_interval(hours => 20 + (hashtext(r.order_id::text) & 63)))),
              r.created_at, r.created_at
         FROM reservations r`,
    );
    await db.query('ANALYZE');
    const [{ lines }] = (await db.query(`SELECT count(*)::int AS lines FROM stock_movements`)) as {
      lines: number;
    }[];
    if (lines !== LINES) throw new Error(`Seeded ${lines} order lines, not ${LINES}`);
    const seededSeconds = Math.round((Date.now() - seeding) / 1000);

    const replenishment = service.app.get(ReplenishmentService);
    const plan = await median(3, () => replenishment.refresh());
    const suggestions = await median(21, async () => {
      const res = await call('GET', '/replenishment/suggestions');
      if (res.status !== 200) throw new Error(`suggestions: ${res.status}`);
    });
    const scanSales = await median(3, () =>
      db.query(
        `SELECT count(*) FROM stock_movements WHERE reason = 'ORDER' AND occurred_at >= now() - interval '56 days'`,
      ),
    );
    const stockRows = SKUS * WAREHOUSES.length;
    report({
      scenario: 'replenishment-plan',
      orderLines: LINES,
      stockRows,
      planAndStoreMs: plan,
      storedSuggestionsMs: suggestions,
      seededSeconds,
      baseline: { name: 'count of the 56 days of sales it reads', ms: scanSales },
    });

    const from = new Date(Date.now() - 366 * 86_400_000);
    // Each uncached call asks for a period a second longer: a new answer, never a stored one.
    let shift = 0;
    const period = () => ({ from, to: new Date(Date.now() + ++shift * 1_000) });
    const coverageOf = async (p: { from: Date; to: Date }) => {
      const res = await call(
        'GET',
        `/logistics/coverage?from=${p.from.toISOString()}&to=${p.to.toISOString()}`,
      );
      if (res.status !== 200) throw new Error(`coverage: ${res.status}`);
    };
    const coverage = await median(3, () => coverageOf(period()));
    const kept = period();
    await coverageOf(kept);
    const storedCoverage = await median(21, () => coverageOf(kept));
    const simulate = await median(3, async () => {
      const p = period();
      const res = await call('POST', '/logistics/coverage/simulate', {
        from: p.from.toISOString(),
        to: p.to.toISOString(),
        warehouses: WAREHOUSES.slice(0, 3).map(([code, province, city, lat, lon]) => ({
          code,
          province,
          city,
          location: { lat, lon },
        })),
      });
      if (res.status !== 200) throw new Error(`simulate: ${res.status}`);
    });
    const scanOrders = await median(3, () =>
      db.query(
        `SELECT count(*), sum(jsonb_array_length(allocations)) FROM reservations WHERE created_at >= $1`,
        [from],
      ),
    );
    report({
      scenario: 'coverage-year',
      orders: ORDERS,
      orderLines: LINES,
      coverageMs: coverage,
      storedCoverageMs: storedCoverage,
      simulateMs: simulate,
      baseline: { name: "scan of the year's orders and their lines", ms: scanOrders },
    });
  } finally {
    await service.stop();
    await kafka.stop();
  }
}
