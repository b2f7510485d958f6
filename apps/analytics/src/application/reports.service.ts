import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  BadRequestError,
  DEFAULT_CURRENCY,
  money,
  type Granularity,
  type TopProductsBy,
} from '@emporium/contracts';
import type { ReportRange } from '../domain/business-time';
import { averageAmount, funnelOf, rate } from '../domain/report-math';
import {
  buyerCounts,
  channelTotals,
  countBotSessionsStarted,
  countSalesBuckets,
  dailySales,
  funnelTotals,
  newCustomerCounts,
  orderLineNames,
  productTotals,
  provinceTotals,
  salesSeries,
  salesTotals,
  trafficTotals,
} from '../persistence/reports.queries';

export type { Granularity };

export type { TopProductsBy };

const MAX_POINTS = 10_000;
const n = (v: unknown) => Number(v ?? 0);
const cny = (amount: unknown) => money(n(amount), DEFAULT_CURRENCY);

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
    const [sales, traffic, buyers, fresh] = await Promise.all([
      salesTotals(this.db, range),
      trafficTotals(this.db, range),
      buyerCounts(this.db, range),
      newCustomerCounts(this.db, range),
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
    if ((await countSalesBuckets(this.db, range, granularity)) > MAX_POINTS) {
      throw new BadRequestError(
        'too-many-points',
        `At most ${MAX_POINTS} points; choose a coarser granularity`,
      );
    }
    const rows = await salesSeries(this.db, range, granularity);
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
    const rows = await productTotals(this.db, range);
    const products = rows.map((r) => ({
      productId: r.product_id,
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
      ? await orderLineNames(this.db, unnamed)
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
    const [row, bots] = await Promise.all([
      funnelTotals(this.db, range),
      countBotSessionsStarted(this.db, range),
    ]);
    const steps = funnelOf(
      [row.sessions, row.viewed, row.carted, row.checkout, row.converted].map(n),
    );
    return {
      from: range.fromDay,
      to: range.toDay,
      steps,
      conversionRate: steps[4].overallRate,
      excludedBotSessions: bots,
    };
  }

  async regions(range: ReportRange) {
    const rows = await provinceTotals(this.db, range);
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
    const rows = await channelTotals(this.db, range);
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
  dailySeries(
    range: ReportRange,
    metric: 'gmv' | 'orders',
  ): Promise<{ at: string; value: number }[]> {
    return dailySales(this.db, range, metric);
  }
}
