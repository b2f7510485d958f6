import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_CURRENCY, type ForecastMetric } from '@emporium/contracts';
import { forecastDaily } from '@emporium/forecasting';
import { mineAssociationRules } from '../domain/associations';
import { addDays, parseRange, type ReportRange } from '../domain/business-time';
import { clusterWithSilhouette, standardize } from '../domain/clustering';
import { scoreRfm, type CustomerActivity } from '../domain/rfm';
import { describe } from '../domain/statistics';
import {
  latestOrderValues,
  paidBaskets,
  paidOrderTotals,
  paymentsByCustomer,
} from '../persistence/insights.queries';
import { InsightSnapshots, type Stored } from './insight-snapshots';
import { ReportsService } from './reports.service';

/** Baskets mined at most (the most recent paid orders of the period). */
export const MAX_BASKETS = 50_000;
const SCATTER_SAMPLE = 500;
const DAY_MS = 86_400_000;

export type { ForecastMetric };

/** A report period as it is stored with a request: instants as ISO strings. */
interface Period {
  readonly from: string;
  readonly to: string;
  readonly fromDay: string;
  readonly toDay: string;
  readonly timeZone: string;
}

/** One insight report with its parameters: what the snapshots are keyed by and recomputed from. */
export type InsightRequest =
  | { readonly kind: 'segments'; readonly period: Period; readonly limit: number }
  | {
      readonly kind: 'associations';
      readonly period: Period;
      readonly minSupport: number;
      readonly minConfidence: number;
      readonly limit: number;
    }
  | {
      readonly kind: 'forecast';
      readonly period: Period;
      readonly metric: ForecastMetric;
      readonly horizon: number;
    }
  | { readonly kind: 'stats'; readonly period: Period };

/** API.md's default periods and parameters of each insight (the controller's defaults). */
export const INSIGHT_DEFAULTS = {
  segments: { days: 365, limit: 100 },
  associations: { days: 90, minSupport: 0.01, minConfidence: 0.1, limit: 50 },
  forecast: { days: 120, horizon: 14 },
  stats: { days: 30 },
} as const;

const periodOf = (range: ReportRange): Period => ({
  from: range.from.toISOString(),
  to: range.to.toISOString(),
  fromDay: range.fromDay,
  toDay: range.toDay,
  timeZone: range.timeZone,
});
const rangeOf = (period: Period): ReportRange => ({
  from: new Date(period.from),
  to: new Date(period.to),
  fromDay: period.fromDay,
  toDay: period.toDay,
  timeZone: period.timeZone,
});

/**
 * Reports computed from facts by statistics and mining. They take seconds over a year of data, so
 * their answers are stored (InsightSnapshots) and kept fresh in the background (InsightsRefresher).
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly snapshots: InsightSnapshots,
  ) {}

  segments(range: ReportRange, limit: number) {
    return this.answer({ kind: 'segments', period: periodOf(range), limit });
  }

  associations(range: ReportRange, minSupport: number, minConfidence: number, limit: number) {
    const period = periodOf(range);
    return this.answer({ kind: 'associations', period, minSupport, minConfidence, limit });
  }

  forecast(range: ReportRange, metric: ForecastMetric, horizon: number) {
    return this.answer({ kind: 'forecast', period: periodOf(range), metric, horizon });
  }

  stats(range: ReportRange) {
    return this.answer({ kind: 'stats', period: periodOf(range) });
  }

  /**
   * The requests a merchant's dashboard opens with today (API.md's defaults, and the dashboard's
   * 30-day view), which the refresher keeps computed so that even the first view is instant.
   */
  defaultRequests(now: Date): InsightRequest[] {
    const period = (days: number) => periodOf(parseRange(undefined, undefined, now, days));
    const { segments, associations: rules, forecast, stats } = INSIGHT_DEFAULTS;
    const { minSupport, minConfidence, limit } = rules;
    return [
      { kind: 'segments', period: period(segments.days), limit: segments.limit },
      { kind: 'segments', period: period(30), limit: 10 },
      { kind: 'associations', period: period(rules.days), minSupport, minConfidence, limit },
      { kind: 'forecast', period: period(forecast.days), metric: 'gmv', horizon: forecast.horizon },
      {
        kind: 'forecast',
        period: period(forecast.days),
        metric: 'orders',
        horizon: forecast.horizon,
      },
      { kind: 'stats', period: period(stats.days) },
    ];
  }

  /** The stored answer to `request`, computed when there is none fresh enough. */
  private answer(request: InsightRequest): Promise<Stored<object>> {
    return this.snapshots.answer(request, () => this.compute(request));
  }

  /** Recomputes a stored answer in the background (unless another replica is at it). */
  refresh(request: InsightRequest): Promise<boolean> {
    return this.snapshots.refresh(request, () => this.compute(request));
  }

  private compute(request: InsightRequest): Promise<object> {
    const range = rangeOf(request.period);
    switch (request.kind) {
      case 'segments':
        return this.computeSegments(range, request.limit);
      case 'associations':
        return this.computeAssociations(
          range,
          request.minSupport,
          request.minConfidence,
          request.limit,
        );
      case 'forecast':
        return this.computeForecast(range, request.metric, request.horizon);
      case 'stats':
        return this.computeStats(range);
    }
  }

  private async computeSegments(range: ReportRange, limit: number) {
    const rows = await paymentsByCustomer(this.db, range);
    const activity: CustomerActivity[] = rows.map((r) => ({
      customerId: r.customer_id,
      recencyDays: Math.floor((range.to.getTime() - r.last_paid_at.getTime()) / DAY_MS),
      frequency: Number(r.frequency),
      monetary: Number(r.monetary),
    }));
    const scores = scoreRfm(activity);
    const features = standardize(
      activity.map((c) => [c.recencyDays, Math.log1p(c.frequency), Math.log1p(c.monetary)]),
    );
    const clustering = clusterWithSilhouette(features);
    const clusters = Array.from({ length: clustering.k }, (_, c) => {
      const members = activity.filter((_, i) => clustering.assignments[i] === c);
      const mean = (f: (a: CustomerActivity) => number) =>
        members.length ? members.reduce((s, a) => s + f(a), 0) / members.length : 0;
      const z = clustering.centroids[c];
      return {
        label: [
          z[0] <= 0 ? 'recent' : 'lapsed',
          z[1] > 0 ? 'frequent' : 'occasional',
          z[2] > 0 ? 'high spend' : 'low spend',
        ].join(', '),
        size: members.length,
        centroid: {
          recencyDays: Number(mean((a) => a.recencyDays).toFixed(2)),
          frequency: Number(mean((a) => a.frequency).toFixed(2)),
          monetary: Math.round(mean((a) => a.monetary)),
        },
      };
    }).sort((a, b) => b.size - a.size || a.label.localeCompare(b.label));
    const ranked = [...scores].sort(
      (a, b) => b.score - a.score || a.customerId.localeCompare(b.customerId),
    );
    return {
      from: range.fromDay,
      to: range.toDay,
      rfm: { customers: ranked.slice(0, limit), total: ranked.length },
      clusters,
      k: clustering.k,
      method:
        'RFM: recency (days since the last paid order before the period end), frequency (paid orders) and ' +
        'monetary (paid totals, fen) scored 1–5 by quintile, score = r + f + m. Clusters: k-means (k-means++ ' +
        'seeding, fixed seed) on z-scored [recency, ln(1 + frequency), ln(1 + monetary)], k from 2 to 6 ' +
        'chosen by the highest mean silhouette (on up to 1,500 customers; centroids fitted on up to 5,000, then ' +
        'every customer joins the nearest); the within-cluster sum of squares ' +
        'per k (the elbow curve) is in `tried`.',
      silhouette: clustering.tried.find((t) => t.k === clustering.k)?.silhouette ?? null,
      tried: clustering.tried,
    };
  }

  private async computeAssociations(
    range: ReportRange,
    minSupport: number,
    minConfidence: number,
    limit: number,
  ) {
    const baskets = await paidBaskets(this.db, range, MAX_BASKETS);
    const items = await mineAssociationRules(baskets, minSupport, minConfidence, limit);
    return {
      from: range.fromDay,
      to: range.toDay,
      baskets: baskets.length,
      minSupport,
      minConfidence,
      method: `FP-growth over the SKU sets of paid orders (at most the ${MAX_BASKETS} most recent); rules ranked by lift`,
      items,
      nextCursor: null,
    };
  }

  private async computeForecast(range: ReportRange, metric: ForecastMetric, horizon: number) {
    const history = await this.reports.dailySeries(range, metric);
    const result = forecastDaily(
      history.map((p) => p.value),
      horizon,
    );
    const round = (x: number) => (metric === 'gmv' ? Math.round(x) : Number(x.toFixed(2)));
    return {
      metric,
      unit: metric === 'gmv' ? 'fen' : 'orders',
      currency: metric === 'gmv' ? DEFAULT_CURRENCY : undefined,
      method: result.method,
      points: result.points.map((p, h) => ({
        at: addDays(range.toDay, h + 1),
        value: round(p.value),
        lower: round(p.lower),
        upper: round(p.upper),
      })),
      backtest: { mape: result.backtest.mape, holdoutDays: result.backtest.holdout },
      history,
    };
  }

  private async computeStats(range: ReportRange) {
    const [values, sample] = await Promise.all([
      paidOrderTotals(this.db, range),
      latestOrderValues(this.db, range, SCATTER_SAMPLE),
    ]);
    return {
      metric: 'order_value',
      unit: 'fen',
      currency: DEFAULT_CURRENCY,
      from: range.fromDay,
      to: range.toDay,
      ...describe(values),
      sample: sample.map((s) => ({ value: Number(s.total_amount), items: s.item_count ?? 0 })),
    };
  }
}
