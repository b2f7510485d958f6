import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  BadRequestError,
  DEFAULT_CURRENCY,
  money,
  type Granularity,
  type TopProductsBy,
} from '@emporium/contracts';
import { BUSINESS_TZ, monthCover, type ReportRange } from '../domain/business-time';
import { averageAmount, funnelOf, rate } from '../domain/report-math';
import { DIRECT_SOURCE, NO_CAMPAIGN } from '../domain/sessions';

export type { Granularity };

export type { TopProductsBy };

const MAX_POINTS = 10_000;
/** An empty day range (`BETWEEN` matches nothing) for the parts of a period that are not there. */
const NO_DAYS = ['2000-01-02', '2000-01-01'] as const;
const n = (v: unknown) => Number(v ?? 0);
const cny = (amount: unknown) => money(n(amount), DEFAULT_CURRENCY);

/** Rows of a report's source with the parameters they need: a rollup, or facts grouped alike. */
interface Source {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The rollup-backed reports: each reads a few hundred rows of a daily or hourly rollup however
 * many facts are behind them, so they answer in milliseconds over a year. The daily rollups are
 * kept per Asia/Shanghai day; a report asked in another time zone (`tz=`) groups the facts of
 * its period the same way instead (slower, exact).
 */
@Injectable()
export class ReportsService {
  constructor(private readonly db: DataSource) {}

  async kpis(range: ReportRange) {
    const [[sales], [traffic], [buyers], [fresh]] = await Promise.all([
      this.db.query(
        `SELECT coalesce(sum(orders), 0) AS orders, coalesce(sum(gmv), 0) AS gmv, coalesce(sum(refunds), 0) AS refunds
         FROM agg_sales_hourly WHERE hour >= date_trunc('hour', $1::timestamptz) AND hour < $2`,
        [range.from, range.to],
      ),
      this.fromSource(
        this.channelRows(range),
        'coalesce(sum(sessions), 0) AS sessions, coalesce(sum(converted), 0) AS converted',
      ),
      this.db.query(
        `SELECT count(*) AS buyers, count(*) FILTER (WHERE paid > 1) AS repeaters
         FROM (SELECT customer_id, count(*) AS paid FROM fact_orders
               WHERE paid_at >= $1 AND paid_at < $2 AND customer_id IS NOT NULL GROUP BY customer_id) c`,
        [range.from, range.to],
      ),
      this.db.query(
        `SELECT (SELECT count(*) FROM dim_customers WHERE first_paid_at >= $1 AND first_paid_at < $2) AS buyers,
                (SELECT count(*) FROM dim_customers WHERE registered_at >= $1 AND registered_at < $2) AS registered`,
        [range.from, range.to],
      ),
    ]);
    const gmv = n(sales.gmv);
    const refunds = n(sales.refunds);
    const orders = n(sales.orders);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      gmv: cny(gmv),
      orders,
      averageOrderValue: cny(averageAmount(gmv, orders)),
      conversionRate: rate(n(traffic.converted), n(traffic.sessions)),
      repeatPurchaseRate: rate(n(buyers.repeaters), n(buyers.buyers)),
      refundRate: rate(refunds, gmv),
      newCustomers: n(fresh.buyers),
      refunds: cny(refunds),
      netRevenue: cny(gmv - refunds),
      sessions: n(traffic.sessions),
      buyers: n(buyers.buyers),
      registrations: n(fresh.registered),
    };
  }

  async sales(range: ReportRange, granularity: Granularity) {
    const { timeZone } = range;
    const [{ buckets }] = (await this.db.query(
      `SELECT count(*) AS buckets FROM generate_series(
         date_trunc($1, $2::timestamptz AT TIME ZONE $4), date_trunc($1, ($3::timestamptz - interval '1 microsecond') AT TIME ZONE $4),
         ('1 ' || $1)::interval)`,
      [granularity, range.from, range.to, timeZone],
    )) as { buckets: string }[];
    if (n(buckets) > MAX_POINTS) {
      throw new BadRequestError(
        'too-many-points',
        `At most ${MAX_POINTS} points; choose a coarser granularity`,
      );
    }
    const rows = (await this.db.query(
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
      [granularity, range.from, range.to, timeZone],
    )) as {
      period: string;
      at: Date;
      orders: string;
      gmv: string;
      items: string;
      refunds: string;
    }[];
    return {
      granularity,
      timeZone,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      points: rows.map((r) => ({
        at: r.at.toISOString(),
        period: granularity === 'hour' ? r.period : r.period.slice(0, 10),
        orders: n(r.orders),
        gmv: cny(r.gmv),
        items: n(r.items),
        refunds: cny(r.refunds),
      })),
    };
  }

  async topProducts(range: ReportRange, by: TopProductsBy, limit: number) {
    // Products are few (thousands): ranking and the category totals for the pie are done here.
    const source = this.productRows(range);
    const rows = (await this.db.query(
      `SELECT a.product_id, a.units, a.revenue, a.orders, p.category_id, p.name
       FROM (${source.sql}) a LEFT JOIN dim_products p USING (product_id)`,
      [...source.params],
    )) as Record<string, string | null>[];
    const products = rows.map((r) => ({
      productId: r.product_id!,
      name: r.name,
      categoryId: r.category_id,
      units: n(r.units),
      revenue: n(r.revenue),
      orders: n(r.orders),
    }));
    const key = by === 'units' ? (['units', 'revenue'] as const) : (['revenue', 'units'] as const);
    products.sort(
      (a, b) =>
        b[key[0]] - a[key[0]] || b[key[1]] - a[key[1]] || (a.productId < b.productId ? -1 : 1),
    );
    const top = products.slice(0, limit);
    const unnamed = top.filter((p) => p.name === null).map((p) => p.productId);
    const names = unnamed.length
      ? new Map(
          (
            (await this.db.query(
              `SELECT DISTINCT ON (product_id) product_id, name FROM fact_order_lines WHERE product_id = ANY($1)`,
              [unnamed],
            )) as { product_id: string; name: string }[]
          ).map((r) => [r.product_id, r.name]),
        )
      : new Map<string, string>();
    const categories = new Map<string, { units: number; revenue: number }>();
    for (const p of products) {
      const c = categories.get(p.categoryId ?? '(unknown)') ?? { units: 0, revenue: 0 };
      categories.set(p.categoryId ?? '(unknown)', {
        units: c.units + p.units,
        revenue: c.revenue + p.revenue,
      });
    }
    return {
      by,
      items: top.map((p, i) => ({
        rank: i + 1,
        productId: p.productId,
        name: p.name ?? names.get(p.productId) ?? null,
        categoryId: p.categoryId,
        units: p.units,
        revenue: cny(p.revenue),
        orders: p.orders,
      })),
      categories: [...categories]
        .sort((a, b) => b[1].revenue - a[1].revenue || (a[0] < b[0] ? -1 : 1))
        .map(([categoryId, c]) => ({ categoryId, units: c.units, revenue: cny(c.revenue) })),
      nextCursor: null,
    };
  }

  async funnel(range: ReportRange) {
    const [[row], [bots]] = await Promise.all([
      this.fromSource(
        this.channelRows(range),
        `coalesce(sum(sessions), 0) AS sessions, coalesce(sum(viewed), 0) AS viewed,
         coalesce(sum(carted), 0) AS carted, coalesce(sum(checkout), 0) AS checkout,
         coalesce(sum(converted), 0) AS converted`,
      ),
      this.db.query(
        `SELECT count(*) AS bots FROM fact_sessions WHERE is_bot AND first_at >= $1 AND first_at < $2`,
        [range.from, range.to],
      ),
    ]);
    const steps = funnelOf(
      [row.sessions, row.viewed, row.carted, row.checkout, row.converted].map(n),
    );
    return {
      from: range.fromDay,
      to: range.toDay,
      steps,
      conversionRate: steps[4].overallRate,
      excludedBotSessions: n(bots.bots),
    };
  }

  async regions(range: ReportRange) {
    const source = this.provinceRows(range);
    const rows = (await this.db.query(
      `SELECT a.province, p.code, coalesce(p.map_name, a.province) AS map_name, a.orders, a.gmv
       FROM (SELECT province, sum(orders) AS orders, sum(gmv) AS gmv FROM (${source.sql}) r
             GROUP BY province) a
       LEFT JOIN dim_provinces p ON p.name = a.province
       ORDER BY a.gmv DESC, a.province`,
      [...source.params],
    )) as Record<string, string | null>[];
    const total = rows.reduce((s, r) => s + n(r.gmv), 0);
    return {
      from: range.fromDay,
      to: range.toDay,
      items: rows.map((r) => ({
        province: r.province,
        code: r.code,
        mapName: r.map_name,
        orders: n(r.orders),
        gmv: cny(r.gmv),
        share: rate(n(r.gmv), total),
      })),
      nextCursor: null,
    };
  }

  async channels(range: ReportRange) {
    const source = this.channelRows(range);
    const rows = (await this.db.query(
      `SELECT utm_source, utm_campaign, sum(sessions) AS sessions, sum(converted) AS converted,
              sum(orders) AS orders, sum(gmv) AS gmv
       FROM (${source.sql}) c
       GROUP BY utm_source, utm_campaign HAVING sum(sessions) > 0 OR sum(orders) > 0
       ORDER BY gmv DESC, sessions DESC, utm_source, utm_campaign`,
      [...source.params],
    )) as Record<string, string>[];
    return {
      from: range.fromDay,
      to: range.toDay,
      items: rows.map((r) => ({
        source: r.utm_source,
        campaign: r.utm_campaign,
        sessions: n(r.sessions),
        orders: n(r.orders),
        gmv: cny(r.gmv),
        conversionRate: rate(n(r.converted), n(r.sessions)),
      })),
      nextCursor: null,
    };
  }

  /** Daily values of a metric over a period, zero-filled, for the forecast. */
  async dailySeries(
    range: ReportRange,
    metric: 'gmv' | 'orders',
  ): Promise<{ at: string; value: number }[]> {
    const rows = (await this.db.query(
      `WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
            data AS (SELECT (hour AT TIME ZONE $5)::date AS day, sum(${metric}) AS value
                     FROM agg_sales_hourly WHERE hour >= $3 AND hour < $4 GROUP BY 1)
       SELECT days.day::text AS day, coalesce(data.value, 0) AS value FROM days LEFT JOIN data USING (day) ORDER BY days.day`,
      [range.fromDay, range.toDay, range.from, range.to, range.timeZone],
    )) as { day: string; value: string }[];
    return rows.map((r) => ({ at: r.day, value: n(r.value) }));
  }

  private async fromSource(source: Source, columns: string): Promise<Record<string, string>[]> {
    return (await this.db.query(`SELECT ${columns} FROM (${source.sql}) r`, [
      ...source.params,
    ])) as Record<string, string>[];
  }

  /** Sessions per utm source and campaign: funnel steps, conversions, orders, GMV. */
  private channelRows(range: ReportRange): Source {
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
  private productRows(range: ReportRange): Source {
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
  private provinceRows(range: ReportRange): Source {
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
}
