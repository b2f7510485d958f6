import type { EntityManager } from 'typeorm';
import { execute } from '@emporium/platform-persistence';

// The sales rollups a paid order or a refund moves. Each addition is made once per order: the
// caller holds the order row's lock and checks its guards (`paid_at`, `counted_*`).

/** Adds a paid order to the hour it was paid in. */
export async function addPaidOrderToHourlySales(
  tx: EntityManager,
  paidAt: string,
  totalAmount: number,
  items: number,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO agg_sales_hourly AS a (hour, orders, gmv, items) VALUES (date_trunc('hour', $1::timestamptz), 1, $2, $3)
     ON CONFLICT (hour) DO UPDATE SET orders = a.orders + 1, gmv = a.gmv + excluded.gmv, items = a.items + excluded.items`,
    [paidAt, totalAmount, items],
  );
}

/** Adds a refund to the hour it was issued in. */
export async function addRefundToHourlySales(
  tx: EntityManager,
  refundedAt: string,
  amount: number,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO agg_sales_hourly AS a (hour, refunds, refund_count) VALUES (date_trunc('hour', $1::timestamptz), $2, 1)
     ON CONFLICT (hour) DO UPDATE SET refunds = a.refunds + excluded.refunds, refund_count = a.refund_count + 1`,
    [refundedAt, amount],
  );
}

/** Adds the recorded lines of a paid order to its products' business day. */
export async function addOrderToProductDaily(
  tx: EntityManager,
  orderId: string,
  day: string,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO agg_product_daily AS a (day, product_id, units, revenue, orders)
     SELECT $2::date, product_id, sum(quantity), sum(line_total_amount), 1
     FROM fact_order_lines WHERE order_id = $1 GROUP BY product_id ORDER BY product_id
     ON CONFLICT (day, product_id) DO UPDATE SET units = a.units + excluded.units,
       revenue = a.revenue + excluded.revenue, orders = a.orders + 1`,
    [orderId, day],
  );
}

/** Adds the recorded lines of a paid order to its products' month (of the business day). */
export async function addOrderToProductMonthly(
  tx: EntityManager,
  orderId: string,
  day: string,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO agg_product_monthly AS a (month, product_id, units, revenue, orders)
     SELECT date_trunc('month', $2::date)::date, product_id, sum(quantity), sum(line_total_amount), 1
     FROM fact_order_lines WHERE order_id = $1 GROUP BY product_id ORDER BY product_id
     ON CONFLICT (month, product_id) DO UPDATE SET units = a.units + excluded.units,
       revenue = a.revenue + excluded.revenue, orders = a.orders + 1`,
    [orderId, day],
  );
}

/** Counts a paid order for every ordered pair of its products, unless it has more than `maxProducts`. */
export async function addOrderToProductPairs(
  tx: EntityManager,
  orderId: string,
  maxProducts: number,
): Promise<void> {
  await execute(
    tx,
    `WITH p AS (SELECT DISTINCT product_id FROM fact_order_lines WHERE order_id = $1)
     INSERT INTO agg_product_pairs AS a (product_id, other_product_id, orders)
     SELECT x.product_id, y.product_id, 1 FROM p x, p y
     WHERE x.product_id <> y.product_id AND (SELECT count(*) FROM p) <= $2
     ORDER BY 1, 2
     ON CONFLICT (product_id, other_product_id) DO UPDATE SET orders = a.orders + 1`,
    [orderId, maxProducts],
  );
}

/** Adds a paid order to its province's business day. */
export async function addOrderToProvinceDaily(
  tx: EntityManager,
  day: string,
  province: string,
  totalAmount: number,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO agg_province_daily AS a (day, province, orders, gmv) VALUES ($1, $2, 1, $3)
     ON CONFLICT (day, province) DO UPDATE SET orders = a.orders + 1, gmv = a.gmv + excluded.gmv`,
    [day, province, totalAmount],
  );
}
