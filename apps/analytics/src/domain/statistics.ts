import { mean, quantileSorted, sampleStandardDeviation, sampleVariance } from 'simple-statistics';

/** Descriptive statistics of a metric (API.md `GET /analytics/stats`). */
export interface Description {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
  readonly stddev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

/**
 * Count, mean, sample variance and standard deviation (n − 1: the orders are a sample of the
 * process that produces them) and quantiles by simple-statistics' `quantileSorted` (linear
 * interpolation between ranks, R type 7). Empty input
 * gives zeros rather than NaN, which JSON cannot carry.
 */
export function describe(values: readonly number[]): Description {
  const count = values.length;
  if (count === 0) return { count, mean: 0, variance: 0, stddev: 0, p50: 0, p90: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const spread = count > 1;
  return {
    count,
    mean: round(mean(sorted)),
    variance: spread ? round(sampleVariance(sorted)) : 0,
    stddev: spread ? round(sampleStandardDeviation(sorted)) : 0,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
  };
}
