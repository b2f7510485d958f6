import { Client } from 'pg';

/** What a drill checks once the stream has stopped: each entry is one broken invariant. */
export type Problems = string[];

/** Runs `sql` on a service database (on the real server, not through the drill's proxy). */
export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface SettleContext {
  /** A service's database on the real server, by service name (`orders`, `payments`, …). */
  readonly databaseUrl: (name: string) => string;
  readonly services: readonly string[];
  readonly logisticsUrl: string;
  readonly paymentsUrl: string;
  readonly merchant: Record<string, string>;
  readonly sku: string;
  readonly initialStock: number;
  /** Ids the orders service answered 201 for. */
  readonly accepted: Iterable<string>;
  /** Business days (Asia/Shanghai) the drills ran on. */
  readonly days: readonly string[];
}

/** The states an order may rest in once nobody acts on it any more (no return or shipment in drills). */
const SETTLED = new Set(['PAID', 'FULFILLING', 'CANCELLED']);
const SOLD = new Set(['PAID', 'FULFILLING']);

/** Every broken invariant of the platform after a drill; empty when it has settled correctly. */
export async function unsettled(
  ctx: SettleContext,
): Promise<{ problems: Problems; orders: number }> {
  const problems: Problems = [];
  // Each drill sells its own SKU, so what one drill broke is not counted against the next.
  const orders = await query<{ id: string; status: string; total: string }>(
    ctx.databaseUrl('orders'),
    `SELECT o.id, o.status, o.total_amount AS total FROM orders o
      WHERE EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.sku = $1)`,
    [ctx.sku],
  );
  const byId = new Map(orders.map((o) => [o.id, o]));
  const everyOrder = new Set(
    (await query<{ id: string }>(ctx.databaseUrl('orders'), 'SELECT id FROM orders')).map(
      (o) => o.id,
    ),
  );
  for (const id of ctx.accepted)
    if (!byId.has(id)) problems.push(`order ${id} answered 201 is not in the orders database`);
  for (const o of orders) if (!SETTLED.has(o.status)) problems.push(`order ${o.id} is ${o.status}`);

  const sold = await query<{ quantity: string }>(
    ctx.databaseUrl('orders'),
    `SELECT coalesce(sum(l.quantity), 0) AS quantity FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE l.sku = $1 AND o.status = ANY($2)`,
    [ctx.sku, [...SOLD]],
  );
  const soldUnits = Number(sold[0].quantity);

  const payments = await query<{
    order_id: string;
    status: string;
    captured: string;
    refunded: string;
  }>(
    ctx.databaseUrl('payments'),
    'SELECT order_id, status, captured_amount AS captured, refunded_amount AS refunded FROM payments',
  );
  const paymentOf = new Map(payments.map((p) => [p.order_id, p]));
  for (const p of payments)
    if (!everyOrder.has(p.order_id)) problems.push(`payment of unknown order ${p.order_id}`);
  for (const o of orders) {
    const p = paymentOf.get(o.id);
    if (SOLD.has(o.status)) {
      if (!p || p.status !== 'CAPTURED' || p.captured !== o.total || p.refunded !== '0') {
        problems.push(
          `order ${o.id} ${o.status} (${o.total}) has payment ${JSON.stringify(p ?? null)}`,
        );
      }
    } else if (
      o.status === 'CANCELLED' &&
      p &&
      (Number(p.captured) !== Number(p.refunded) ||
        !['VOIDED', 'FAILED', 'REFUNDED'].includes(p.status))
    ) {
      problems.push(`cancelled order ${o.id} has payment ${JSON.stringify(p)}`);
    }
  }
  const twice = await query<{ order_id: string; captures: string }>(
    ctx.databaseUrl('payments'),
    `SELECT order_id, count(*) AS captures FROM ledger_entries WHERE kind = 'CAPTURE' GROUP BY order_id HAVING count(*) > 1`,
  );
  for (const t of twice) problems.push(`order ${t.order_id} captured ${t.captures} times`);

  for (const day of ctx.days) {
    const res = await fetch(`${ctx.paymentsUrl}/payments/reconciliation?date=${day}`, {
      headers: ctx.merchant,
    });
    if (res.status !== 200) {
      problems.push(`reconciliation ${day} answered ${res.status}`);
      await res.body?.cancel();
      continue;
    }
    const r = (await res.json()) as {
      ledger: { balance: { amount: number }; balanced: boolean };
      mismatches: Record<string, unknown[]>;
    };
    if (r.ledger.balance.amount !== 0 || !r.ledger.balanced)
      problems.push(`ledger of ${day} does not balance: ${JSON.stringify(r.ledger)}`);
    for (const [kind, list] of Object.entries(r.mismatches)) {
      if (list.length)
        problems.push(`reconciliation ${day} ${kind}: ${JSON.stringify(list).slice(0, 500)}`);
    }
  }

  const inventory = await fetch(`${ctx.logisticsUrl}/inventory/${ctx.sku}`, {
    headers: ctx.merchant,
  });
  const stock = (await inventory.json()) as { warehouses: { onHand: number; reserved: number }[] };
  const onHand = stock.warehouses.reduce((s, w) => s + w.onHand, 0);
  const reserved = stock.warehouses.reduce((s, w) => s + w.reserved, 0);
  if (reserved !== 0 || onHand !== ctx.initialStock - soldUnits) {
    problems.push(
      `stock: onHand ${onHand} reserved ${reserved}, expected onHand ${ctx.initialStock - soldUnits} (${ctx.initialStock} - ${soldUnits} sold) and 0 reserved`,
    );
    // Which orders hold the difference, and what each side believes about them.
    const held = await query<{ order_id: string; allocations: unknown; updated_at: Date }>(
      ctx.databaseUrl('logistics'),
      `SELECT order_id, allocations, updated_at FROM reservations WHERE status = 'RESERVED'`,
    );
    for (const r of held.filter((h) => byId.has(h.order_id))) {
      const o = byId.get(r.order_id);
      const [history] = await query<{ status_history: unknown }>(
        ctx.databaseUrl('orders'),
        'SELECT status_history FROM orders WHERE id = $1',
        [r.order_id],
      );
      problems.push(
        `reservation of order ${r.order_id} still RESERVED (${JSON.stringify(r.allocations)}); order is ${o?.status}, payment ${JSON.stringify(paymentOf.get(r.order_id) ?? null)}, history ${JSON.stringify(history?.status_history)}`,
      );
    }
  }

  for (const name of ctx.services) {
    const [{ unsent }] = await query<{ unsent: string }>(
      ctx.databaseUrl(name),
      'SELECT count(*) AS unsent FROM outbox WHERE sent_at IS NULL',
    );
    if (unsent !== '0') problems.push(`${name} outbox holds ${unsent} unsent events`);
  }
  return { problems, orders: orders.length };
}

/** Paid orders and their totals in fen. */
export interface PaidTotals {
  readonly orders: number;
  readonly gmv: number;
}

/**
 * The GMV of docs/analytics.md from the orders database: totals (shipping included) of the orders
 * that were paid, refunds not deducted, so an order counts once it reached PAID whatever it became.
 */
export async function paidOrders(ordersDatabaseUrl: string): Promise<PaidTotals> {
  const [paid] = await query<{ orders: string; gmv: string }>(
    ordersDatabaseUrl,
    `SELECT count(*) AS orders, coalesce(sum(total_amount), 0) AS gmv FROM orders
      WHERE status_history @> '[{"status":"PAID"}]'`,
  );
  return { orders: Number(paid.orders), gmv: Number(paid.gmv) };
}

export interface AnalyticsContext {
  readonly ordersDatabaseUrl: string;
  readonly analyticsUrl: string;
  readonly merchant: Record<string, string>;
  /** Business days (Asia/Shanghai) the drills ran on, first to last. */
  readonly days: readonly string[];
}

/** Analytics' paid orders and GMV over the drills' days (`GET /analytics/kpis`). */
export async function analyticsKpis(ctx: AnalyticsContext): Promise<PaidTotals> {
  const range = `from=${ctx.days[0]}&to=${ctx.days[ctx.days.length - 1]}`;
  const res = await fetch(`${ctx.analyticsUrl}/analytics/kpis?${range}`, { headers: ctx.merchant });
  if (res.status !== 200)
    throw new Error(`analytics kpis answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const kpis = (await res.json()) as { gmv: { amount: number }; orders: number };
  return { orders: kpis.orders, gmv: kpis.gmv.amount };
}

/** Analytics against the orders database over the whole run; `problem` when they disagree. */
export async function analyticsGap(
  ctx: AnalyticsContext,
): Promise<{ paid: PaidTotals; problem?: string }> {
  const paid = await paidOrders(ctx.ordersDatabaseUrl);
  const counted = await analyticsKpis(ctx).catch((error: Error) => error);
  if (counted instanceof Error) return { paid, problem: counted.message };
  if (counted.gmv === paid.gmv && counted.orders === paid.orders) return { paid };
  return {
    paid,
    problem: `analytics GMV ${counted.gmv} over ${counted.orders} orders, paid orders total ${paid.gmv} over ${paid.orders}`,
  };
}
