import type { IsoDateTime, Uuid } from './api-formats';
import type { Money } from './money';
import type { ForecastMetric, RecommendationReason } from './api-values';

/** `GET /analytics/kpis`: the headline figures of a period. */
export interface KpisView {
  readonly from: string;
  readonly to: string;
  readonly gmv: Money;
  readonly refunds: Money;
  readonly netRevenue: Money;
  readonly orders: number;
  readonly averageOrderValue: Money;
  readonly conversionRate: number;
  readonly repeatPurchaseRate: number;
  readonly refundRate: number;
  readonly newCustomers: number;
  readonly sessions: number;
  readonly buyers: number;
  readonly registrations: number;
}

/** A report of `/analytics` whose rows the dashboard reads by name (sales, top products, funnel, regions, channels). */
export type AnalyticsReport = Readonly<Record<string, unknown>>;

/** `GET /analytics/segments`: RFM scores and the clusters found among the customers. */
export interface SegmentsView {
  readonly rfm: {
    readonly customers: readonly {
      readonly customerId: Uuid;
      readonly r: number;
      readonly f: number;
      readonly m: number;
      readonly score: number;
    }[];
  };
  readonly clusters: readonly {
    readonly label: string;
    readonly size: number;
    readonly centroid: readonly number[];
  }[];
  readonly k: number;
  readonly method: string;
  /** When the insight was computed; it is kept until the next refresh. */
  readonly computedAt: IsoDateTime;
}

/** `GET /analytics/associations`: rules "bought these → also bought those". */
export interface AssociationsView {
  readonly items: readonly {
    readonly antecedent: readonly string[];
    readonly consequent: readonly string[];
    readonly support: number;
    readonly confidence: number;
    readonly lift: number;
  }[];
  /** When the insight was computed; it is kept until the next refresh. */
  readonly computedAt: IsoDateTime;
}

/** `GET /analytics/forecast`: a metric's forecast with its 95 % interval and backtest. */
export interface ForecastView {
  readonly metric: ForecastMetric;
  readonly method: string;
  readonly points: readonly {
    readonly at: IsoDateTime;
    readonly value: number;
    readonly lower: number;
    readonly upper: number;
  }[];
  readonly backtest: { readonly mape: number | null };
  /** When the insight was computed; it is kept until the next refresh. */
  readonly computedAt: IsoDateTime;
}

/** `GET /analytics/stats`: descriptive statistics of a metric. */
export interface StatsView {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
  readonly stddev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** When the insight was computed; it is kept until the next refresh. */
  readonly computedAt: IsoDateTime;
}

/** One recommendation (`/products/{id}/recommendations`, `/me/recommendations`). */
export interface RecommendationView {
  readonly productId: Uuid;
  readonly name: string | null;
  readonly score: number;
  readonly reason: RecommendationReason;
}
