import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { EventType } from '@emporium/contracts';
import { signInternalIdentity, INTERNAL_IDENTITY_HEADER } from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  publishEvents,
  readEvent,
  serviceClient,
  startTestKafka,
  uniqueSuffix,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { logisticsEntry } from '../src/app.module';
import {
  PLAN_CHUNK_ROWS,
  PLAN_LOCK_KEY,
  ReplenishmentService,
} from '../src/application/replenishment.service';
import { ReservationsService } from '../src/application/reservations.service';
import type { LogisticsConfig } from '../src/config';

const address = (province: string, city: string) => ({
  name: '李四',
  phone: '13800138000',
  province,
  city,
  line1: '中山路 8 号',
});

describe('logistics: stock planning', () => {
  let kafka: TestKafka;
  let producer: Producer;
  let service: TestService<LogisticsConfig>;
  let merchant: Record<string, string>;
  const run = uniqueSuffix().toUpperCase();
  const skus = {
    hot: `HOT-${run}`,
    warm: `WARM-${run}`,
    cold: `COLD-${run}`,
    idle: `IDLE-${run}`,
    plan: `PLAN-${run}`,
    buy: `BUY-${run}`,
    move: `MOVE-${run}`,
    race: `RACE-${run}`,
    box: `BOX-${run}`,
  };
  const warehouses: Record<string, string> = {};

  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = merchant,
  ) =>
    serviceClient(service.url)
      .call(method, path, body, headers)
      .then(({ status, body }) => ({ status, body }));

  /** A POST that needs an Idempotency-Key, a new one unless given. */
  const keyed = (path: string, body: unknown, key: string = randomUUID()) =>
    call('POST', path, body, { ...merchant, 'Idempotency-Key': key });

  const query = (sql: string, params: unknown[] = []) =>
    service.app.get(DataSource).query(sql, params) as Promise<Record<string, unknown>[]>;

  const publish = (type: EventType, subject: string, data: unknown) =>
    publishEvents(producer, anEnvelope(type, subject, data));

  /** An order placed through order.placed, once logistics has reserved it. */
  const placed = async (orderId: string, lines: { sku: string; quantity: number }[]) => {
    await publish('order.placed', orderId, {
      orderId,
      lines,
      shippingAddress: address('上海市', '上海市'),
      deliveryOption: 'STANDARD',
    });
    await eventually(
      async () =>
        (await query('SELECT status FROM reservations WHERE order_id = $1', [orderId]))[0]
          ?.status === 'RESERVED',
      { what: 'the reservation' },
    );
  };

  /** A paid order through the saga's own steps: reserved, then committed with its line totals. */
  const sell = async (lines: { sku: string; quantity: number; lineTotal: number }[]) => {
    const reservations = service.app.get(ReservationsService);
    const orderId = randomUUID();
    const reservation = await reservations.reserve({
      orderId,
      lines,
      shippingAddress: address('上海市', '上海市'),
      deliveryOption: 'STANDARD',
    });
    expect(reservation.status).toBe('RESERVED');
    await reservations.commit(orderId, undefined, lines);
    return orderId;
  };

  /** Plans now, once any plan holding the planning lock (the one at start) is done. */
  const replan = () =>
    eventually(() => service.app.get(ReplenishmentService).refresh(), { what: 'a plan' });

  const setStock = async (warehouse: string, sku: string, onHand: number, location?: string) => {
    const res = await call('PUT', `/warehouses/${warehouses[warehouse]}/stock/${sku}`, {
      onHand,
      ...(location ? { location } : {}),
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    producer = createKafka({ brokers: kafka.brokers, clientId: 'planning-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    service = await bootService(logisticsEntry, {
      kafka,
      name: 'logistics',
      env: {
        DB_POOL_TIMEOUT_MS: '60000',
        LOGISTICS_REPLENISHMENT_HISTORY_DAYS: '28',
        // Plans only when a test asks.
        LOGISTICS_REPLENISHMENT_INTERVAL_MS: '3600000',
      },
    });
    merchant = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['merchant'] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    };
    for (const [code, province, city, lat, lon] of [
      [`SH-${run}`, '上海市', '上海市', 31.23, 121.47],
      [`CD-${run}`, '四川省', '成都市', 30.57, 104.07],
    ] as const) {
      const res = await call('POST', '/warehouses', {
        code,
        name: `${city}仓`,
        kind: 'WAREHOUSE',
        address: address(province, city),
        location: { lat, lon },
      });
      expect(res.status).toBe(201);
      warehouses[code.slice(0, 2)] = res.body.id;
    }
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.disconnect();
    await kafka?.stop();
  });

  describe('ABC classes and slotting', () => {
    it('keeps a bin location on a stock row and refuses a malformed one, changing nothing', async () => {
      expect(await setStock('SH', skus.hot, 500, 'C-09-1')).toMatchObject({
        onHand: 500,
        location: 'C-09-1',
      });
      const bad = await call('PUT', `/warehouses/${warehouses.SH}/stock/${skus.hot}`, {
        onHand: 1,
        location: 'a 1',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['location']);
      const [row] = await query(
        'SELECT on_hand, location FROM stock_levels WHERE warehouse_id = $1 AND sku = $2',
        [warehouses.SH, skus.hot],
      );
      expect(row).toEqual({ on_hand: 500, location: 'C-09-1' });
      // Leaving the location out keeps it.
      expect(await setStock('SH', skus.hot, 400)).toMatchObject({ location: 'C-09-1' });
    });

    it('records a paid order in the movement ledger with its revenue, from order.paid', async () => {
      await setStock('SH', skus.warm, 300, 'B-01-1');
      const orderId = randomUUID();
      await placed(orderId, [{ sku: skus.warm, quantity: 2 }]);
      await publish('order.paid', orderId, {
        orderId,
        customerId: randomUUID(),
        lines: [
          {
            sku: skus.warm,
            quantity: 2,
            lineTotal: { amount: 5_998, currency: 'CNY' },
          },
        ],
      });
      const movements = await eventually(
        async () => {
          const rows = await query(
            'SELECT warehouse_id, sku, direction, reason, quantity, revenue_amount FROM stock_movements WHERE order_id = $1',
            [orderId],
          );
          return rows.length > 0 && rows;
        },
        { what: 'the sale in the ledger' },
      );
      expect(movements).toEqual([
        {
          warehouse_id: warehouses.SH,
          sku: skus.warm,
          direction: 'OUTBOUND',
          reason: 'ORDER',
          quantity: 2,
          revenue_amount: '5998',
        },
      ]);
    });

    it('classes SKUs by picks, suggests their zone and marks the misplaced ones', async () => {
      await setStock('SH', skus.cold, 300, 'C-02-1');
      await setStock('SH', skus.idle, 50, 'A-01-1');
      for (let i = 0; i < 16; i++) await sell([{ sku: skus.hot, quantity: 1, lineTotal: 100 }]);
      for (let i = 0; i < 2; i++) await sell([{ sku: skus.warm, quantity: 3, lineTotal: 9_000 }]);
      await sell([{ sku: skus.cold, quantity: 1, lineTotal: 50 }]);
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const res = await call(
        'GET',
        `/warehouses/${warehouses.SH}/slotting?from=${today}&to=${today}`,
      );
      expect(res.status).toBe(200);
      const byClass = Object.fromEntries(
        res.body.items.map((i: { sku: string }) => [i.sku, i]),
      ) as Record<string, Record<string, unknown>>;
      // 20 picks: HOT 16 (A), WARM 3 (80 % before it: B), COLD 1 (95 % before it: C), IDLE 0.
      expect(res.body).toMatchObject({ by: 'picks', cut: { a: 0.8, b: 0.15 }, total: 4 });
      expect(byClass[skus.hot]).toMatchObject({
        abcClass: 'A',
        picks: 16,
        units: 16,
        revenue: { amount: 1_600, currency: 'CNY' },
        share: 0.8,
        velocity: 16,
        suggestedZone: 'A',
        location: 'C-09-1',
        currentZone: 'C',
        misplaced: true,
      });
      expect(byClass[skus.warm]).toMatchObject({ abcClass: 'B', picks: 3, misplaced: false });
      expect(byClass[skus.cold]).toMatchObject({ abcClass: 'C', misplaced: false });
      expect(byClass[skus.idle]).toMatchObject({
        abcClass: 'C',
        picks: 0,
        velocity: 0,
        currentZone: 'A',
        misplaced: true,
      });

      const byRevenue = await call(
        'GET',
        `/warehouses/${warehouses.SH}/slotting?from=${today}&to=${today}&by=revenue&a=0.9&b=0.05`,
      );
      expect(byRevenue.status).toBe(200);
      expect(byRevenue.body.items[0]).toMatchObject({ sku: skus.warm, abcClass: 'A' });
    });

    it('answers 422 to a cut leaving nothing for C, 400 to bad input, 404 and 403 as usual', async () => {
      const path = `/warehouses/${warehouses.SH}/slotting?from=2026-01-01&to=2026-01-31`;
      const cut = await call('GET', `${path}&a=0.9&b=0.2`);
      expect(cut.status).toBe(422);
      expect(cut.body.type).toBe('urn:emporium:problem:invalid-abc-cut');
      expect((await call('GET', `${path}&by=margin`)).status).toBe(400);
      expect((await call('GET', `/warehouses/${warehouses.SH}/slotting?from=x&to=y`)).status).toBe(
        400,
      );
      expect(
        (await call('GET', `/warehouses/${randomUUID()}/slotting?from=2026-01-01&to=2026-01-31`))
          .status,
      ).toBe(404);
      const customer = {
        [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
          { userId: randomUUID(), roles: ['customer'] },
          service.config.INTERNAL_AUTH_SECRET,
        ),
      };
      expect((await call('GET', path, undefined, customer)).status).toBe(403);
    });
  });

  /** `perDay` units sold on each of the last `days` business days, today included. */
  const history = async (warehouse: string, sku: string, perDay: number, days: number) => {
    await query(
      `INSERT INTO stock_movements (warehouse_id, sku, direction, reason, quantity, occurred_at)
       SELECT $1, $2, 'OUTBOUND', 'ORDER', $3,
              date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
                - make_interval(days => d) + interval '1 hour'
         FROM generate_series(0, $4 - 1) AS d`,
      [warehouses[warehouse], sku, perDay, days],
    );
  };

  describe('replenishment', () => {
    const lowEvents = async () =>
      (
        await query(
          `SELECT envelope->'data' AS data FROM outbox WHERE event_type = 'stock.low' AND message_key = $1 ORDER BY id`,
          [skus.plan],
        )
      ).map((r) => r.data);

    it('suggests what to order from the forecast of each warehouse’s own sales', async () => {
      await setStock('SH', skus.plan, 60);
      await setStock('CD', skus.plan, 500);
      await history('SH', skus.plan, 10, 28);
      await history('CD', skus.plan, 1, 28);
      // Suggestions read the stored plans; planning runs hourly, here at once.
      await replan();
      const res = await call('GET', `/replenishment/suggestions?sku=${skus.plan}`);
      expect(res.status).toBe(200);
      // 10 a day over 7 days is 70, steady so no safety stock; 70 + 14 × 10 = 210 is the target.
      expect(res.body).toMatchObject({ total: 1, nextCursor: null });
      expect(res.body.items[0]).toMatchObject({
        warehouseId: warehouses.SH,
        sku: skus.plan,
        onHand: 60,
        available: 60,
        onOrder: 0,
        leadTimeDays: 7,
        reorderPoint: 70,
        suggestedQuantity: 150,
      });
      expect(res.body.items[0].dailyDemand).toBeCloseTo(10, 6);
      expect(res.body.items[0].method).toContain('Holt-Winters');
      expect(Date.parse(res.body.items[0].plannedAt)).toBeLessThanOrEqual(Date.now());
      const cd = await call(
        'GET',
        `/replenishment/suggestions?sku=${skus.plan}&warehouseId=${warehouses.CD}`,
      );
      expect(cd.body.items).toEqual([]);
    });

    it('refuses bad filters with 400 and callers who are not merchants with 403', async () => {
      expect((await call('GET', '/replenishment/suggestions?warehouseId=nope')).status).toBe(400);
      const agent = {
        [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
          { userId: randomUUID(), roles: ['agent'] },
          service.config.INTERNAL_AUTH_SECRET,
        ),
      };
      expect((await call('GET', '/replenishment/suggestions', undefined, agent)).status).toBe(403);
    });

    it('pages the suggestions in their order with a cursor', async () => {
      // Three more SKUs to order, with shortfalls 70, 69 and 69 (a tie broken by SKU).
      for (const [onHand, sku] of [
        [0, `PAGE-A-${run}`],
        [1, `PAGE-C-${run}`],
        [1, `PAGE-B-${run}`],
      ] as const) {
        await setStock('SH', sku, onHand);
        await history('SH', sku, 10, 28);
      }
      await replan();
      const all = await call('GET', '/replenishment/suggestions');
      expect(all.body.nextCursor).toBeNull();
      expect(all.body.items.length).toBeGreaterThanOrEqual(4);
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(
          'GET',
          `/replenishment/suggestions?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        expect(res.body.total).toBe(all.body.total);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items);
      const mine = all.body.items
        .map((s: { sku: string }) => s.sku)
        .filter((sku: string) => sku.startsWith('PAGE-'));
      expect(mine).toEqual([`PAGE-A-${run}`, `PAGE-B-${run}`, `PAGE-C-${run}`]);
      const bad = await call('GET', '/replenishment/suggestions?cursor=WyJ4Il0');
      expect(bad.status).toBe(400);
    });

    it('stores reorder points and announces stock.low once per fall to the point', async () => {
      // An empty row of a SKU that does not sell there has nothing to reorder: never low.
      await setStock('CD', skus.idle, 0);
      await replan();
      const idle = await query(
        `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'stock.low' AND message_key = $1`,
        [skus.idle],
      );
      expect(idle).toEqual([{ n: 0 }]);
      const [row] = await query(
        'SELECT reorder_point, low_since IS NOT NULL AS low FROM stock_levels WHERE warehouse_id = $1 AND sku = $2',
        [warehouses.SH, skus.plan],
      );
      expect(row).toEqual({ reorder_point: 70, low: true });
      const low = await readEvent(kafka.brokers, 'stock.low', skus.plan);
      expect(low.data).toEqual({
        level: {
          sku: skus.plan,
          warehouseId: warehouses.SH,
          onHand: 60,
          reserved: 0,
          available: 60,
          totalAvailable: 560,
        },
        reorderPoint: 70,
      });
      // Still low: planning again or another change below the point says nothing new.
      await replan();
      await setStock('SH', skus.plan, 65);
      expect(await lowEvents()).toHaveLength(1);
      // Back above it, then an order takes it down again: a second announcement.
      await setStock('SH', skus.plan, 200);
      expect(await lowEvents()).toHaveLength(1);
      const reservation = await service.app.get(ReservationsService).reserve({
        orderId: randomUUID(),
        lines: [{ sku: skus.plan, quantity: 140 }],
        shippingAddress: address('上海市', '上海市'),
        deliveryOption: 'STANDARD',
      });
      expect(reservation.status).toBe('RESERVED');
      const events = await lowEvents();
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({
        level: { warehouseId: warehouses.SH, available: 60, reserved: 140 },
        reorderPoint: 70,
      });
    });
    it('plans without holding the stock rows: orders go through while a chunk waits', async () => {
      const replenishment = service.app.get(ReplenishmentService);
      const db = service.app.get(DataSource);
      // More rows than one chunk; the first and the last are in different chunks.
      const bulk = `0BULK-${run}-`;
      const rows = PLAN_CHUNK_ROWS + 100;
      await query(
        `INSERT INTO stock_levels (warehouse_id, sku, on_hand, reserved)
         SELECT $1, $2 || lpad(g::text, 5, '0'), 5, 0 FROM generate_series(0, $3 - 1) g`,
        [warehouses.SH, bulk, rows],
      );
      await replan();
      const last = `${bulk}${String(rows - 1).padStart(5, '0')}`;
      // Another session holds the last row's plan: storing its chunk waits for it.
      const blocker = db.createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      await blocker.query('SELECT 1 FROM replenishment_plans WHERE sku = $1 FOR UPDATE', [last]);
      const planning = replenishment.refresh();
      try {
        await eventually(
          async () =>
            ((
              await query(
                `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                  WHERE NOT l.granted AND a.datname = current_database()`,
              )
            )[0].n as number) > 0,
          { what: 'the plan waiting for the held row' },
        );
        const reserved = service.app.get(ReservationsService).reserve({
          orderId: randomUUID(),
          lines: [{ sku: `${bulk}00000`, quantity: 1 }],
          shippingAddress: address('上海市', '上海市'),
          deliveryOption: 'STANDARD',
        });
        const outcome = await Promise.race([
          reserved.then((r) => r.status),
          new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
        ]);
        expect(outcome).toBe('RESERVED');
      } finally {
        await blocker.rollbackTransaction();
        await blocker.release();
      }
      expect(await planning).toBe(true);
      // The plan row still low was announced once, however many plans ran.
      expect(await lowEvents()).toHaveLength(2);
    });

    it('plans on one replica at a time', async () => {
      const replenishment = service.app.get(ReplenishmentService);
      const other = service.app.get(DataSource).createQueryRunner();
      await other.connect();
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [PLAN_LOCK_KEY]);
      const [before] = await query('SELECT max(planned_at) AS at FROM replenishment_plans');
      try {
        expect(await replenishment.refresh()).toBe(false);
        expect(await query('SELECT max(planned_at) AS at FROM replenishment_plans')).toEqual([
          before,
        ]);
      } finally {
        await other.query('SELECT pg_advisory_unlock(hashtext($1))', [PLAN_LOCK_KEY]);
        await other.release();
      }
      expect(await replenishment.refresh()).toBe(true);
    });
  });

  describe('suppliers and purchase orders', () => {
    let supplierId = '';
    let orderId = '';
    const onHand = async (sku: string) =>
      (
        await query('SELECT on_hand FROM stock_levels WHERE warehouse_id = $1 AND sku = $2', [
          warehouses.SH,
          sku,
        ])
      )[0]?.on_hand;

    it('plans with the lead time and minimum order of the supplier that sells the SKU', async () => {
      const created = await call('POST', '/suppliers', {
        name: '义乌供应商',
        leadTimeDays: 5,
        minOrderQuantity: 100,
        skus: [skus.buy],
      });
      expect(created.status).toBe(201);
      supplierId = created.body.id;
      expect((await call('GET', '/suppliers')).body.items).toContainEqual(created.body);
      await setStock('SH', skus.buy, 20);
      await history('SH', skus.buy, 10, 28);
      await replan();
      const res = await call('GET', `/replenishment/suggestions?sku=${skus.buy}`);
      // 5 days × 10 = 50 is the reorder point; up to 50 + 14 × 10 = 190 from 20 is 170.
      expect(res.body.items).toEqual([
        expect.objectContaining({
          warehouseId: warehouses.SH,
          leadTimeDays: 5,
          reorderPoint: 50,
          suggestedQuantity: 170,
          supplierId,
        }),
      ]);
    });

    it('drafts a purchase order from the suggestions, which then count it as on order', async () => {
      const res = await call('POST', '/purchase-orders', {
        supplierId,
        warehouseId: warehouses.SH,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        supplierId,
        warehouseId: warehouses.SH,
        status: 'DRAFT',
        lines: [{ sku: skus.buy, quantity: 170, receivedQuantity: 0 }],
      });
      orderId = res.body.id;
      const after = await call('GET', `/replenishment/suggestions?sku=${skus.buy}`);
      expect(after.body.items).toEqual([]);
    });

    it('receives nothing before the order is sent, and sends it once', async () => {
      const early = await keyed(`/purchase-orders/${orderId}/receipts`, {
        lines: [{ sku: skus.buy, quantity: 10 }],
      });
      expect(early.status).toBe(409);
      expect(early.body.type).toBe('urn:emporium:problem:purchase-order-not-receivable');
      const sent = await call('POST', `/purchase-orders/${orderId}/send`);
      expect(sent).toMatchObject({ status: 200, body: { status: 'SENT' } });
      expect((await call('POST', `/purchase-orders/${orderId}/send`)).status).toBe(409);
    });

    it('puts a partial receipt on hand with stock.adjusted, and refuses more than is due', async () => {
      const receipt = { lines: [{ sku: skus.buy, quantity: 100 }] };
      const key = randomUUID();
      const part = await keyed(`/purchase-orders/${orderId}/receipts`, receipt, key);
      expect(part.body).toMatchObject({
        status: 'PARTIALLY_RECEIVED',
        lines: [{ sku: skus.buy, quantity: 170, receivedQuantity: 100 }],
      });
      expect(await onHand(skus.buy)).toBe(120);
      // A retry with the same key answers the same and puts nothing more on hand.
      expect(await keyed(`/purchase-orders/${orderId}/receipts`, receipt, key)).toEqual(part);
      expect(await onHand(skus.buy)).toBe(120);
      expect((await call('POST', `/purchase-orders/${orderId}/receipts`, receipt)).body.type).toBe(
        'urn:emporium:problem:idempotency-key-required',
      );
      const adjusted = await query(
        `SELECT envelope->'data' AS data FROM outbox
          WHERE event_type = 'stock.adjusted' AND message_key = $1 ORDER BY id DESC LIMIT 1`,
        [skus.buy],
      );
      expect(adjusted[0].data).toMatchObject({
        reason: `received on purchase order ${orderId}`,
        levels: [{ warehouseId: warehouses.SH, sku: skus.buy, onHand: 120 }],
      });
      const [movement] = await query(
        'SELECT direction, reason, quantity FROM stock_movements WHERE purchase_order_id = $1',
        [orderId],
      );
      expect(movement).toEqual({ direction: 'INBOUND', reason: 'PURCHASE_ORDER', quantity: 100 });

      const over = await keyed(`/purchase-orders/${orderId}/receipts`, {
        lines: [{ sku: skus.buy, quantity: 71 }],
      });
      expect(over.status).toBe(422);
      expect(over.body.type).toBe('urn:emporium:problem:receipt-exceeds-ordered');
      const stranger = await keyed(`/purchase-orders/${orderId}/receipts`, {
        lines: [{ sku: skus.hot, quantity: 1 }],
      });
      expect(stranger.status).toBe(422);
      expect(await onHand(skus.buy)).toBe(120);
    });

    it('is RECEIVED when the rest arrives, and then cannot be cancelled', async () => {
      const rest = await keyed(`/purchase-orders/${orderId}/receipts`, {
        lines: [{ sku: skus.buy, quantity: 70 }],
      });
      expect(rest.body.status).toBe('RECEIVED');
      expect(await onHand(skus.buy)).toBe(190);
      expect((await call('POST', `/purchase-orders/${orderId}/cancel`)).status).toBe(409);
      const received = await call('GET', '/purchase-orders?status=RECEIVED');
      expect(received.body.items.map((o: { id: string }) => o.id)).toContain(orderId);
      expect((await call('GET', `/purchase-orders/${orderId}`)).body.status).toBe('RECEIVED');
    });

    it('cancels a draft; refuses a line under the minimum (422), an unknown supplier (404) and bad input (400)', async () => {
      const draft = await call('POST', '/purchase-orders', {
        supplierId,
        warehouseId: warehouses.SH,
        lines: [{ sku: skus.buy, quantity: 100 }],
      });
      expect((await call('POST', `/purchase-orders/${draft.body.id}/cancel`)).body.status).toBe(
        'CANCELLED',
      );
      const small = await call('POST', '/purchase-orders', {
        supplierId,
        warehouseId: warehouses.SH,
        lines: [{ sku: skus.buy, quantity: 99 }],
      });
      expect(small.status).toBe(422);
      expect(small.body.type).toBe('urn:emporium:problem:below-minimum-order');
      const unknown = await call('POST', '/purchase-orders', {
        supplierId: randomUUID(),
        warehouseId: warehouses.SH,
      });
      expect(unknown.status).toBe(404);
      const bad = await call('POST', '/suppliers', { name: '', leadTimeDays: 0, skus: [] });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['name', 'leadTimeDays', 'minOrderQuantity', 'skus']),
      );
      expect((await call('GET', '/purchase-orders?status=LOST')).status).toBe(400);
    });

    it('pages suppliers and purchase orders with a cursor, each once, in their order', async () => {
      for (const name of ['甲', '乙', '丙']) {
        const res = await call('POST', '/suppliers', {
          name: `${name}-${run}`,
          leadTimeDays: 3,
          minOrderQuantity: 1,
          skus: [skus.buy],
        });
        expect(res.status).toBe(201);
        const po = await call('POST', '/purchase-orders', {
          supplierId: res.body.id,
          warehouseId: warehouses.SH,
          lines: [{ sku: skus.buy, quantity: 1 }],
        });
        expect(po.status).toBe(201);
      }
      const everything = async (path: string, limit: number) => {
        const seen: { id: string }[] = [];
        let cursor: string | null = null;
        let total = 0;
        do {
          const res = await call(
            'GET',
            `${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.status).toBe(200);
          expect(res.body.items.length).toBeLessThanOrEqual(limit);
          seen.push(...res.body.items);
          ({ nextCursor: cursor, total } = res.body);
        } while (cursor);
        expect(seen).toHaveLength(total);
        expect(new Set(seen.map((s) => s.id)).size).toBe(total);
        return seen;
      };
      const [suppliers] = await query('SELECT count(*)::int AS n FROM suppliers');
      const pagedSuppliers = await everything('/suppliers', 2);
      expect(pagedSuppliers).toHaveLength(suppliers.n as number);
      const [orders] = await query('SELECT count(*)::int AS n FROM purchase_orders');
      const pagedOrders = (await everything('/purchase-orders', 2)) as unknown as {
        createdAt: string;
      }[];
      expect(pagedOrders).toHaveLength(orders.n as number);
      const times = pagedOrders.map((o) => o.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect((await call('GET', '/suppliers?limit=1')).body.items).toHaveLength(1);
      const bad = await call('GET', '/purchase-orders?cursor=bm90LWEtY3Vyc29y');
      expect(bad.status).toBe(400);
      expect(bad.body.type).toBe('urn:emporium:problem:cursor-invalid');
      expect((await call('GET', '/suppliers?limit=0')).status).toBe(400);
    });
  });

  describe('transfers', () => {
    const levelOf = async (warehouse: string, sku: string) =>
      (
        await query(
          'SELECT on_hand, reserved FROM stock_levels WHERE warehouse_id = $1 AND sku = $2',
          [warehouses[warehouse], sku],
        )
      )[0] as { on_hand: number; reserved: number };

    it('suggests moving the excess of an overstocked warehouse to a short one', async () => {
      // Both sell 10 a day: SH holds 20 (below 70), CD holds 400 (above 70 + 140).
      await setStock('SH', skus.move, 20);
      await setStock('CD', skus.move, 400);
      await history('SH', skus.move, 10, 28);
      await history('CD', skus.move, 10, 28);
      await replan();
      const res = await call('GET', `/transfers/suggestions?sku=${skus.move}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          sku: skus.move,
          fromWarehouseId: warehouses.CD,
          toWarehouseId: warehouses.SH,
          quantity: 50,
        },
      ]);
    });

    it('moves the stock as an OUTBOUND/INBOUND pair with one stock.adjusted', async () => {
      const res = await keyed('/transfers', {
        sku: skus.move,
        fromWarehouseId: warehouses.CD,
        toWarehouseId: warehouses.SH,
        quantity: 50,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ sku: skus.move, quantity: 50 });
      expect(res.body.levels).toHaveLength(2);
      expect(res.body.levels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ warehouseId: warehouses.CD, onHand: 350, available: 350 }),
          expect.objectContaining({ warehouseId: warehouses.SH, onHand: 70, available: 70 }),
        ]),
      );
      const movements = await query(
        'SELECT warehouse_id, direction, reason, quantity FROM stock_movements WHERE transfer_id = $1 ORDER BY direction DESC',
        [res.body.id],
      );
      expect(movements).toEqual([
        { warehouse_id: warehouses.CD, direction: 'OUTBOUND', reason: 'TRANSFER', quantity: 50 },
        { warehouse_id: warehouses.SH, direction: 'INBOUND', reason: 'TRANSFER', quantity: 50 },
      ]);
      const [adjusted] = await query(
        `SELECT envelope->'data' AS data FROM outbox
          WHERE event_type = 'stock.adjusted' AND message_key = $1 ORDER BY id DESC LIMIT 1`,
        [skus.move],
      );
      expect(adjusted.data).toMatchObject({ reason: `transfer ${res.body.id}` });
      expect((await call('GET', `/transfers/suggestions?sku=${skus.move}`)).body.items).toEqual([]);
    });

    it('refuses to move more than is free (409), to the same warehouse (422), bad input (400), changing nothing', async () => {
      const body = { sku: skus.move, fromWarehouseId: warehouses.SH, toWarehouseId: warehouses.CD };
      const short = await keyed('/transfers', { ...body, quantity: 71 });
      expect(short.status).toBe(409);
      expect(short.body.type).toBe('urn:emporium:problem:insufficient-stock');
      const same = await keyed('/transfers', {
        ...body,
        toWarehouseId: warehouses.SH,
        quantity: 1,
      });
      expect(same.status).toBe(422);
      expect((await keyed('/transfers', { ...body, quantity: 0 })).status).toBe(400);
      expect(
        (await keyed('/transfers', { ...body, toWarehouseId: randomUUID(), quantity: 1 })).status,
      ).toBe(404);
      expect(await levelOf('SH', skus.move)).toEqual({ on_hand: 70, reserved: 0 });
      expect(await levelOf('CD', skus.move)).toEqual({ on_hand: 350, reserved: 0 });
    });

    it('moves once per Idempotency-Key: a retry replays the answer, another body is a 409', async () => {
      const body = {
        sku: skus.move,
        fromWarehouseId: warehouses.CD,
        toWarehouseId: warehouses.SH,
        quantity: 5,
      };
      const key = randomUUID();
      const first = await keyed('/transfers', body, key);
      expect(first.status).toBe(201);
      expect(await keyed('/transfers', body, key)).toEqual(first);
      expect((await keyed('/transfers', { ...body, quantity: 6 }, key)).status).toBe(409);
      expect((await call('POST', '/transfers', body)).status).toBe(400);
      expect(await levelOf('SH', skus.move)).toEqual({ on_hand: 75, reserved: 0 });
      expect(await levelOf('CD', skus.move)).toEqual({ on_hand: 345, reserved: 0 });
      const movements = await query(
        'SELECT count(*)::int AS n FROM stock_movements WHERE sku = $1 AND reason = $2',
        [skus.move, 'TRANSFER'],
      );
      // The first transfer of this SKU's pair and this one's: four, not six.
      expect(movements).toEqual([{ n: 4 }]);
    });

    it('never oversells while transfers and orders take the same units at once', async () => {
      await setStock('SH', skus.race, 20);
      await setStock('CD', skus.race, 0);
      const reservations = service.app.get(ReservationsService);
      const order = () =>
        reservations.reserve({
          orderId: randomUUID(),
          lines: [{ sku: skus.race, quantity: 1 }],
          shippingAddress: address('上海市', '上海市'),
          deliveryOption: 'STANDARD',
        });
      const move = () =>
        keyed('/transfers', {
          sku: skus.race,
          fromWarehouseId: warehouses.SH,
          toWarehouseId: warehouses.CD,
          quantity: 4,
        });
      // 12 orders of 1 and 4 transfers of 4 want 28 of the 20 units, all started together.
      const orders = Array.from({ length: 12 }, order);
      const moves: ReturnType<typeof move>[] = [];
      for (let i = 0; i < 4; i++) {
        moves.push(move());
        orders.push(order(), order(), order());
      }
      const [placed, moved] = await Promise.all([Promise.all(orders), Promise.all(moves)]);
      const reserved = placed.filter((r) => r.status === 'RESERVED').length;
      const transferred = moved.filter((m) => m.status === 201).length * 4;
      expect(moved.every((m) => m.status === 201 || m.status === 409)).toBe(true);
      // 20 units in all: every unit went to one order or one transfer, never to two.
      const sh = await levelOf('SH', skus.race);
      const cd = await levelOf('CD', skus.race);
      expect(sh.on_hand + cd.on_hand).toBe(20);
      expect(sh.on_hand).toBe(20 - transferred);
      expect(sh.reserved).toBeLessThanOrEqual(sh.on_hand);
      expect(cd.reserved).toBeLessThanOrEqual(cd.on_hand);
      expect(sh.reserved + cd.reserved).toBe(reserved);
      // Orders could also take what reached CD: together they never exceed the 20 units.
      expect(reserved).toBeLessThanOrEqual(20);
      expect(reserved + (cd.on_hand - cd.reserved) + (sh.on_hand - sh.reserved)).toBe(20);
      expect(placed.filter((r) => r.status === 'FAILED')).toHaveLength(24 - reserved);
    });
  });

  describe('packaging', () => {
    it('packs a parcel in the cheapest carton that holds it and reports what that saved', async () => {
      // 10 × 10 × 5 cm, 200 g: three fit 邮政 9号 (19.5 × 10.5 × 13.5 cm, 50 fen) at the least.
      await query(
        `INSERT INTO sku_specs (sku, weight_grams, length_mm, width_mm, height_mm) VALUES ($1, 200, 100, 100, 50)`,
        [skus.box],
      );
      await setStock('SH', skus.box, 10);
      const orderId = randomUUID();
      await placed(orderId, [{ sku: skus.box, quantity: 3 }]);
      await publish('order.paid', orderId, { orderId, customerId: randomUUID() });
      const [shipment] = await eventually(
        async () => {
          const res = await call('GET', `/shipments?orderId=${orderId}`);
          return res.body.items?.length === 1 && res.body.items;
        },
        { what: 'the shipment' },
      );
      // Same city by the own fleet: 5 yuan for the first kilogram. The 600 g carton is one
      // parcel; three 216 g cartons (11号, each alone) would have been three.
      expect(shipment).toMatchObject({ carton: 'POST-9', cost: { amount: 500, currency: 'CNY' } });
      const [row] = await query(
        'SELECT carton, cost_amount, unpacked_cost_amount FROM shipments WHERE order_id = $1',
        [orderId],
      );
      expect(row).toEqual({ carton: 'POST-9', cost_amount: '500', unpacked_cost_amount: '1500' });

      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const report = await call('GET', `/logistics/costs?from=${today}&to=${today}`);
      const [all] = await query(
        `SELECT count(carton)::int AS packed, sum(unpacked_cost_amount - cost_amount)::int AS saving
           FROM shipments WHERE kind = 'OUTBOUND' AND status <> 'CANCELLED'`,
      );
      expect(report.body.packaging).toEqual({
        packedShipments: all.packed,
        freightSaving: { amount: all.saving, currency: 'CNY' },
      });
      expect(all.saving).toBeGreaterThanOrEqual(1_000);
    });
  });

  describe('network coverage', () => {
    const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    it('answers every province: its warehouse, promised days, delivery shares and freight', async () => {
      const res = await call('GET', `/logistics/coverage?from=${today()}&to=${today()}`);
      expect(res.status).toBe(200);
      expect(res.body.network).toBe('current');
      expect(res.body.provinces).toHaveLength(31);
      const by = Object.fromEntries(
        res.body.provinces.map((p: { province: string }) => [p.province, p]),
      );
      // Every paid order of this suite went to Shanghai, from the Shanghai warehouse.
      const [paid] = await query(
        `SELECT count(*)::int AS n FROM reservations WHERE status = 'COMMITTED'`,
      );
      expect(by['上海市']).toMatchObject({
        warehouse: `SH-${run}`,
        promisedDays: { STANDARD: 0, EXPRESS: 0, SAME_DAY: 0 },
        orders: paid.n,
        promised: { within1Day: 1, within2Days: 1, within3Days: 1 },
        unserved: 0,
      });
      expect(by['上海市'].freightPerOrder.amount).toBeGreaterThanOrEqual(500);
      // Two orders left with parcels (the others were committed without them); none delivered.
      const [shipped] = await query(
        `SELECT count(DISTINCT order_id)::int AS n, sum(cost_amount)::int AS cost FROM shipments
          WHERE kind = 'OUTBOUND' AND status <> 'CANCELLED'`,
      );
      expect(by['上海市'].actual).toEqual({
        orders: shipped.n,
        within1Day: 0,
        within2Days: 0,
        within3Days: 0,
        freightPerOrder: {
          amount: Math.round(Number(shipped.cost) / Number(shipped.n)),
          currency: 'CNY',
        },
      });
      expect(by['四川省']).toMatchObject({ warehouse: `CD-${run}`, orders: 0 });
    });

    it('keeps an answer for its max age: asked again, it is the stored one', async () => {
      const path = `/logistics/coverage?from=${today()}&to=${today()}`;
      const first = await call('GET', path);
      // A new paid order to Chengdu: the stored answer does not see it yet.
      await setStock('CD', skus.box, 5);
      const reservations = service.app.get(ReservationsService);
      const orderId = randomUUID();
      const lines = [{ sku: skus.box, quantity: 1, lineTotal: 1_000 }];
      await reservations.reserve({
        orderId,
        lines,
        shippingAddress: address('四川省', '成都市'),
        deliveryOption: 'STANDARD',
      });
      await reservations.commit(orderId, undefined, lines);
      const again = await call('GET', path);
      expect(again.body).toEqual(first.body);
      expect(
        again.body.provinces.find((p: { province: string }) => p.province === '四川省').orders,
      ).toBe(0);
      expect(Date.parse(first.body.computedAt)).toBeLessThanOrEqual(Date.now());
      const [row] = await query('SELECT count(*)::int AS n FROM coverage_snapshots');
      expect(row.n).toBeGreaterThanOrEqual(1);
    });

    it('replays the same orders on a proposed network', async () => {
      const res = await call('POST', '/logistics/coverage/simulate', {
        from: today(),
        to: today(),
        warehouses: [
          {
            code: 'XJ-1',
            province: '新疆维吾尔自治区',
            city: '乌鲁木齐市',
            location: { lat: 43.83, lon: 87.62 },
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.network).toBe('proposed');
      const shanghai = res.body.provinces.find(
        (p: { province: string }) => p.province === '上海市',
      );
      // From Urumqi Shanghai is far: ZTO in 3 days, SF express in 2, nothing the same day.
      expect(shanghai).toMatchObject({
        warehouse: 'XJ-1',
        promisedDays: { STANDARD: 3, EXPRESS: 2, SAME_DAY: null },
        promised: { within1Day: 0, within2Days: 0, within3Days: 1 },
      });
      expect(shanghai.actual).toBeUndefined();
    });

    it('refuses an unknown province (422) and bad input (400)', async () => {
      const warehouse = {
        code: 'X-1',
        province: '火星',
        city: '火星',
        location: { lat: 1, lon: 1 },
      };
      const body = { from: today(), to: today(), warehouses: [warehouse] };
      const unknown = await call('POST', '/logistics/coverage/simulate', body);
      expect(unknown.status).toBe(422);
      expect(unknown.body.type).toBe('urn:emporium:problem:unknown-province');
      expect(
        (await call('POST', '/logistics/coverage/simulate', { ...body, warehouses: [] })).status,
      ).toBe(400);
      expect((await call('GET', '/logistics/coverage?from=2026-01-01')).status).toBe(400);
      // More than 366 days, or a day the calendar does not have: 400, nothing computed or kept.
      const kept = await query('SELECT count(*)::int AS n FROM coverage_snapshots');
      const long = await call('GET', '/logistics/coverage?from=2024-01-01&to=2025-01-01');
      expect(long.status).toBe(400);
      expect(long.body.type).toBe('urn:emporium:problem:invalid-period');
      const shanghai = { ...warehouse, province: '上海市', city: '上海市' };
      const simulated = { from: '2024-01-01', to: '2025-01-01', warehouses: [shanghai] };
      expect((await call('POST', '/logistics/coverage/simulate', simulated)).status).toBe(400);
      const impossible = await call('GET', '/logistics/coverage?from=2026-02-31&to=2026-03-05');
      expect(impossible.status).toBe(400);
      expect(impossible.body.type).toBe('urn:emporium:problem:invalid-period');
      expect(await query('SELECT count(*)::int AS n FROM coverage_snapshots')).toEqual(kept);
    });
  });
});
