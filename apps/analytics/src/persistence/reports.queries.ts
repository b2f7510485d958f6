import type { Granularity } from '@emporium/contracts';
import { BUSINESS_TZ, monthCover, type ReportRange } from '../domain/business-time';
import { DIRECT_SOURCE, NO_CAMPAIGN } from '../domain/sessions';
import { queryRows, type Db } from '@emporium/platform-persistence';

// The reports' reads. Sums and counts come back as the driver hands bigint and numeric: strings.

/** An empty day range (`BETWEEN` matches nothing) for the parts of a period that are not there. */
const NO_DAYS = ['2000-01-02', '2000-01-01'] as const;

/** Orders, GMV and refunds of a period. */
export interface SalesTotalsRow {
  orders: string;
  gmv: string;
  refunds: string;
}

/** Sessions of a period and those that converted. */
export interface TrafficTotalsRow {
  sessions: string;
  converted: string;
}

/** Customers who paid in a period, and those who paid more than once. */
export interface BuyerCountsRow {
  buyers: string;
  repeaters: string;
}

/** Customers who first paid, and who registered, in a period. */
export interface NewCustomerCountsRow {
  buyers: string;
  registered: string;
}

/** One point of the sales series: a local period start, zero-filled as nulls. */
export interface SalesPointRow {
  /** Local start, `YYYY-MM-DDTHH:MM`. */
  period: string;
  at: Date;
  orders: string | null;
  gmv: string | null;
  items: string | null;
  refunds: string | null;
}

/** A product's sales of a period, with what the catalog said of it. */
export interface ProductTotalRow {
  product_id: string;
  units: string;
  revenue: string;
  orders: string;
  category_id: string | null;
  name: string | null;
}

/** Sessions of a period per funnel step. */
export interface FunnelTotalsRow {
  sessions: string;
  viewed: string;
  carted: string;
  checkout: string;
  converted: string;
}

/** A province's paid orders of a period. */
export interface ProvinceTotalRow {
  province: string;
  code: string | null;
  map_name: string;
  orders: string;
  gmv: string;
}

/** A channel's (utm source and campaign) sessions and paid orders of a period. */
export interface ChannelTotalRow {
  utm_source: string;
  utm_campaign: string;
  sessions: string;
  converted: string;
  orders: string;
  gmv: string;
}

/** Rows of a report's source with the parameters they need: a rollup, or facts grouped alike. */
interface Source {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Orders, GMV and refunds of a period, from the hourly rollup. */
export async function salesTotals(db: Db, range: ReportRange): Promise<SalesTotalsRow> {
  const [row] = await queryRows<SalesTotalsRow>(
    db,
    `SELECT coalesce(sum(orders), 0) AS orders, coalesce(sum(gmv), 0) AS gmv, coalesce(sum(refunds), 0) AS refunds
     FROM agg_sales_hourly WHERE hour >= date_trunc('hour', $1::timestamptz) AND hour < $2`,
    [range.from, range.to],
  );
  return row;
}

/** Sessions of a period and those that converted, bots left out. */
export function trafficTotals(db: Db, range: ReportRange): Promise<TrafficTotalsRow> {
  return totalsOf<TrafficTotalsRow>(
    db,
    channelRows(range),
    'coalesce(sum(sessions), 0) AS sessions, coalesce(sum(converted), 0) AS converted',
  );
}

/** Customers who paid in a period, and those of them who paid more than once. */
export async function buyerCounts(db: Db, range: ReportRange): Promise<BuyerCountsRow> {
  const [row] = await queryRows<BuyerCountsRow>(
    db,
    `SELECT count(*) AS buyers, count(*) FILTER (WHERE paid > 1) AS repeaters
     FROM (SELECT customer_id, count(*) AS paid FROM fact_orders
           WHERE paid_at >= $1 AND paid_at < $2 AND customer_id IS NOT NULL GROUP BY customer_id) c`,
    [range.from, range.to],
  );
  return row;
}

/** Customers who first paid, and who registered, in a period. */
export async function newCustomerCounts(db: Db, range: ReportRange): Promise<NewCustomerCountsRow> {
  const [row] = await queryRows<NewCustomerCountsRow>(
    db,
    `SELECT (SELECT count(*) FROM dim_customers WHERE first_paid_at >= $1 AND first_paid_at < $2) AS buyers,
            (SELECT count(*) FROM dim_customers WHERE registered_at >= $1 AND registered_at < $2) AS registered`,
    [range.from, range.to],
  );
  return row;
}

/** How many points the sales series of a period has at `granularity`. */
export async function countSalesBuckets(
  db: Db,
  range: ReportRange,
  granularity: Granularity,
): Promise<number> {
  const [{ buckets }] = await queryRows<{ buckets: string }>(
    db,
    `SELECT count(*) AS buckets FROM generate_series(
       date_trunc($1, $2::timestamptz AT TIME ZONE $4), date_trunc($1, ($3::timestamptz - interval '1 microsecond') AT TIME ZONE $4),
       ('1 ' || $1)::interval)`,
    [granularity, range.from, range.to, range.timeZone],
  );
  return Number(buckets);
}

/** The sales series of a period, a point per `granularity` of the range's time zone. */
export function salesSeries(
  db: Db,
  range: ReportRange,
  granularity: Granularity,
): Promise<SalesPointRow[]> {
  return queryRows<SalesPointRow>(
    db,
    `WITH buckets AS (
       SELECT generate_series(
         date_trunc($1, $2::timestamptz AT TIME ZONE $4),
         date_trunc($1, ($3::timestamptz - interval '1 microsecond') AT TIME ZONE $4),
         ('1 ' || $1)::interval) AS local
     ), data AS (
       SELECT date_trunc($1, hour AT TIME ZONE $4) AS local, sum(orders) AS orders, sum(gmv) AS gmv,
              sum(items) AS items, sum(refunds) AS refunds
       FROM agg_sales_hourly WHERE hour >= date_trunc('hour', $2::timestamptz) AND hour < $3 GROUP BY 1
     )
     SELECT to_char(b.local, 'YYYY-MM-DD"T"HH24:MI') AS period, b.local AT TIME ZONE $4 AS at,
            d.orders, d.gmv, d.items, d.refunds
     FROM buckets b LEFT JOIN data d USING (local) ORDER BY b.local`,
    [granularity, range.from, range.to, range.timeZone],
  );
}

/** Every product sold in a period, unordered. */
export function productTotals(db: Db, range: ReportRange): Promise<ProductTotalRow[]> {
  const source = productRows(range);
  return queryRows<ProductTotalRow>(
    db,
    `SELECT a.product_id, a.units, a.revenue, a.orders, p.category_id, p.name
     FROM (${source.sql}) a LEFT JOIN dim_products p USING (product_id)`,
    source.params,
  );
}

/** A name the order lines gave each of `productIds`, for products the catalog has not named. */
export async function orderLineNames(
  db: Db,
  productIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await queryRows<{ product_id: string; name: string }>(
    db,
    `SELECT DISTINCT ON (product_id) product_id, name FROM fact_order_lines WHERE product_id = ANY($1)`,
    [productIds],
  );
  return new Map(rows.map((r) => [r.product_id, r.name]));
}

/** Sessions of a period per funnel step, bots left out. */
export function funnelTotals(db: Db, range: ReportRange): Promise<FunnelTotalsRow> {
  return totalsOf<FunnelTotalsRow>(
    db,
    channelRows(range),
    `coalesce(sum(sessions), 0) AS sessions, coalesce(sum(viewed), 0) AS viewed,
     coalesce(sum(carted), 0) AS carted, coalesce(sum(checkout), 0) AS checkout,
     coalesce(sum(converted), 0) AS converted`,
  );
}

/** Sessions rated bot-like that started in a period. */
export async function countBotSessionsStarted(db: Db, range: ReportRange): Promise<number> {
  const [{ bots }] = await queryRows<{ bots: string }>(
    db,
    `SELECT count(*) AS bots FROM fact_sessions WHERE is_bot AND first_at >= $1 AND first_at < $2`,
    [range.from, range.to],
  );
  return Number(bots);
}

/** Provinces with paid orders in a period, highest GMV first. */
export function provinceTotals(db: Db, range: ReportRange): Promise<ProvinceTotalRow[]> {
  const source = provinceRows(range);
  return queryRows<ProvinceTotalRow>(
    db,
    `SELECT a.province, p.code, coalesce(p.map_name, a.province) AS map_name, a.orders, a.gmv
     FROM (SELECT province, sum(orders) AS orders, sum(gmv) AS gmv FROM (${source.sql}) r
           GROUP BY province) a
     LEFT JOIN dim_provinces p ON p.name = a.province
     ORDER BY a.gmv DESC, a.province`,
    source.params,
  );
}

/** Channels with sessions or paid orders in a period, highest GMV first. */
export function channelTotals(db: Db, range: ReportRange): Promise<ChannelTotalRow[]> {
  const source = channelRows(range);
  return queryRows<ChannelTotalRow>(
    db,
    `SELECT utm_source, utm_campaign, sum(sessions) AS sessions, sum(converted) AS converted,
            sum(orders) AS orders, sum(gmv) AS gmv
     FROM (${source.sql}) c
     GROUP BY utm_source, utm_campaign HAVING sum(sessions) > 0 OR sum(orders) > 0
     ORDER BY gmv DESC, sessions DESC, utm_source, utm_campaign`,
    source.params,
  );
}

/** Daily values of a metric over a period in its time zone, zero-filled; `at` is the day. */
export async function dailySales(
  db: Db,
  range: ReportRange,
  metric: 'gmv' | 'orders',
): Promise<{ at: string; value: number }[]> {
  const rows = await queryRows<{ day: string; value: string }>(
    db,
    `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
          data AS (SELECT (hour AT TIME ZONE $5)::date AS day, sum(${metric}) AS value
                   FROM agg_sales_hourly WHERE hour >= $3 AND hour < $4 GROUP BY 1)
     SELECT days.day::text AS day, coalesce(data.value, 0) AS value FROM days LEFT JOIN data USING (day) ORDER BY days.day`,
    [range.fromDay, range.toDay, range.from, range.to, range.timeZone],
  );
  return rows.map((r) => ({ at: r.day, value: Number(r.value) }));
}

/** One row of totals over a source. */
async function totalsOf<T>(db: Db, source: Source, columns: string): Promise<T> {
  const [row] = await queryRows<T>(db, `SELECT ${columns} FROM (${source.sql}) r`, source.params);
  return row;
}

/** Sessions per utm source and campaign: funnel steps, conversions, orders, GMV. */
function channelRows(range: ReportRange): Source {
  if (range.timeZone === BUSINESS_TZ) {
    return {
      sql: `SELECT utm_source, utm_campaign, sessions, viewed, carted, checkout, converted, orders, gmv
            FROM agg_channel_daily WHERE day BETWEEN $1 AND $2`,
      params: [range.fromDay, range.toDay],
    };
  }
  // As domain/sessions.ts contributionOf: a later step implies the earlier ones; bots left out.
  return {
    sql: `SELECT coalesce(utm_source, '${DIRECT_SOURCE}') AS utm_source,
                 coalesce(utm_campaign, '${NO_CAMPAIGN}') AS utm_campaign, count(*) AS sessions,
                 count(*) FILTER (WHERE viewed OR carted OR checkout OR paid_orders > 0) AS viewed,
                 count(*) FILTER (WHERE carted OR checkout OR paid_orders > 0) AS carted,
                 count(*) FILTER (WHERE checkout OR paid_orders > 0) AS checkout,
                 count(*) FILTER (WHERE paid_orders > 0) AS converted,
                 sum(paid_orders) AS orders, sum(paid_amount) AS gmv
          FROM fact_sessions WHERE NOT is_bot AND first_at >= $1 AND first_at < $2
          GROUP BY 1, 2`,
    params: [range.from, range.to],
  };
}

/** Units, revenue and orders per product of the period's paid orders. */
function productRows(range: ReportRange): Source {
  if (range.timeZone === BUSINESS_TZ) {
    // Whole months from the monthly rollup, the days around them from the daily one.
    const cover = monthCover(range.fromDay, range.toDay);
    const [before, after] = [cover.days[0] ?? NO_DAYS, cover.days[1] ?? NO_DAYS];
    return {
      sql: `SELECT product_id, sum(units) AS units, sum(revenue) AS revenue, sum(orders) AS orders
            FROM (SELECT product_id, units, revenue, orders FROM agg_product_monthly WHERE month BETWEEN $1 AND $2
                  UNION ALL
                  SELECT product_id, units, revenue, orders FROM agg_product_daily
                  WHERE day BETWEEN $3 AND $4 OR day BETWEEN $5 AND $6) u
            GROUP BY product_id`,
      params: [...(cover.months ?? NO_DAYS), ...before, ...after],
    };
  }
  return {
    sql: `SELECT l.product_id, sum(l.quantity) AS units, sum(l.line_total_amount) AS revenue,
                 count(DISTINCT l.order_id) AS orders
          FROM fact_orders o JOIN fact_order_lines l USING (order_id)
          WHERE o.paid_at >= $1 AND o.paid_at < $2 GROUP BY l.product_id`,
    params: [range.from, range.to],
  };
}

/** Orders and GMV per province of the period's paid orders. */
function provinceRows(range: ReportRange): Source {
  if (range.timeZone === BUSINESS_TZ) {
    return {
      sql: 'SELECT province, orders, gmv FROM agg_province_daily WHERE day BETWEEN $1 AND $2',
      params: [range.fromDay, range.toDay],
    };
  }
  return {
    sql: `SELECT province, 1 AS orders, total_amount AS gmv FROM fact_orders
          WHERE paid_at >= $1 AND paid_at < $2 AND counted_region`,
    params: [range.from, range.to],
  };
}
