// Daily forecasting, pure, shared by analytics' insights and logistics' replenishment.
/** Smoothing parameters of additive Holt-Winters. */
export interface HoltWintersParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

/** A fitted model: final level, trend and seasonal indices, and the one-step errors. */
export interface HoltWintersFit extends HoltWintersParams {
  readonly level: number;
  readonly trend: number;
  /** The last `period` seasonal indices, oldest first. */
  readonly season: readonly number[];
  readonly period: number;
  readonly sse: number;
  readonly sigma: number;
}

/** A forecast point with its 95 % prediction interval. */
export interface ForecastPoint {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

const GRID = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const Z95 = 1.959964;

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

interface InitialState {
  readonly level: number;
  readonly trend: number;
  readonly season: readonly number[];
}

/**
 * Initial state from the first two seasons: the trend is the difference of their means per step,
 * and the seasonal indices are the first season's deviations from that trend line, so a series
 * that is exactly trend + season is fitted exactly.
 */
function initialState(series: readonly number[], period: number): InitialState {
  if (series.length < 2 * period) throw new RangeError(`Holt-Winters needs ${2 * period} points`);
  const first = meanOf(series.slice(0, period));
  const trend = (meanOf(series.slice(period, 2 * period)) - first) / period;
  const centre = (period - 1) / 2;
  return {
    level: first + trend * (period - 1 - centre),
    trend,
    season: series.slice(0, period).map((y, i) => y - (first + trend * (i - centre))),
  };
}

/** Additive Holt-Winters with given parameters, from the initial state above. */
export function holtWinters(
  series: readonly number[],
  period: number,
  p: HoltWintersParams,
  init: InitialState = initialState(series, period),
): HoltWintersFit {
  const season = new Float64Array(series.length);
  season.set(init.season);
  let { level, trend } = init;
  let sse = 0;
  for (let t = period; t < series.length; t++) {
    const s = season[t - period];
    const error = series[t] - (level + trend + s);
    sse += error * error;
    const nextLevel = p.alpha * (series[t] - s) + (1 - p.alpha) * (level + trend);
    trend = p.beta * (nextLevel - level) + (1 - p.beta) * trend;
    season[t] = p.gamma * (series[t] - nextLevel) + (1 - p.gamma) * s;
    level = nextLevel;
  }
  return {
    ...p,
    level,
    trend,
    season: Array.from(season.subarray(series.length - period)),
    period,
    sse,
    sigma: Math.sqrt(sse / (series.length - period)),
  };
}

/** The parameters on a 0.05–0.9 grid with the smallest one-step squared error. */
export function fitHoltWinters(series: readonly number[], period: number): HoltWintersFit {
  const init = initialState(series, period);
  let best: HoltWintersFit | undefined;
  for (const alpha of GRID) {
    for (const beta of GRID) {
      for (const gamma of GRID) {
        const fit = holtWinters(series, period, { alpha, beta, gamma }, init);
        if (!best || fit.sse < best.sse - 1e-9) best = fit;
      }
    }
  }
  return best!;
}

/**
 * h-step forecasts with 95 % intervals: var(h) = σ²·(1 + Σ_{j<h} (α(1 + jβ) + γ·[j mod m = 0])²)
 * (Hyndman et al., "Forecasting with Exponential Smoothing", class 1). `floor` clamps at a bound
 * the metric cannot cross (sales are never negative).
 */
export function forecastHoltWinters(
  fit: HoltWintersFit,
  horizon: number,
  floor = -Infinity,
): ForecastPoint[] {
  const points: ForecastPoint[] = [];
  let sum = 0;
  for (let h = 1; h <= horizon; h++) {
    if (h > 1) {
      const j = h - 1;
      const c = fit.alpha * (1 + j * fit.beta) + (j % fit.period === 0 ? fit.gamma : 0);
      sum += c * c;
    }
    const value = fit.level + h * fit.trend + fit.season[(h - 1) % fit.period];
    const half = Z95 * fit.sigma * Math.sqrt(1 + sum);
    points.push({
      value: Math.max(floor, value),
      lower: Math.max(floor, value - half),
      upper: Math.max(floor, value + half),
    });
  }
  return points;
}

/** Mean absolute percentage error over the points whose actual value is not zero (a fraction). */
export function mape(actual: readonly number[], predicted: readonly number[]): number | null {
  const terms = actual.flatMap((a, i) => (a === 0 ? [] : [Math.abs((a - predicted[i]) / a)]));
  return terms.length === 0 ? null : terms.reduce((x, y) => x + y, 0) / terms.length;
}

/** The outcome of forecasting a daily series. */
export interface SeriesForecast {
  readonly method: string;
  readonly points: readonly ForecastPoint[];
  readonly backtest: { readonly mape: number | null; readonly holdout: number };
  readonly params?: HoltWintersParams;
}

/**
 * Forecasts a daily series with weekly seasonality. The backtest refits on all but the last
 * `holdout` days and scores the forecast of those days (MAPE); a caller that does not report the
 * score skips it with `backtest = false` (it is a second fit). With fewer than two weeks of
 * history there is no season to learn, and the forecast is the mean with a normal interval.
 */
export function forecastDaily(
  series: readonly number[],
  horizon: number,
  period = 7,
  backtest = true,
): SeriesForecast {
  if (series.length < 2 * period) {
    const mu = series.length ? meanOf(series) : 0;
    const sd =
      series.length > 1
        ? Math.sqrt(series.reduce((a, y) => a + (y - mu) ** 2, 0) / (series.length - 1))
        : 0;
    const point = { value: mu, lower: Math.max(0, mu - Z95 * sd), upper: mu + Z95 * sd };
    return {
      method: `mean of ${series.length} days (Holt-Winters needs at least ${2 * period} days of history)`,
      points: Array.from({ length: horizon }, () => point),
      backtest: { mape: null, holdout: 0 },
    };
  }
  const fit = fitHoltWinters(series, period);
  const holdout = backtest ? Math.min(horizon, series.length - 2 * period) : 0;
  let score: number | null = null;
  if (holdout > 0) {
    const train = fitHoltWinters(series.slice(0, -holdout), period);
    const predicted = forecastHoltWinters(train, holdout, 0).map((p) => p.value);
    const error = mape(series.slice(-holdout), predicted);
    score = error === null ? null : Number(error.toFixed(4));
  }
  return {
    method:
      `Holt-Winters additive, weekly seasonality (m=${period}), α=${fit.alpha} β=${fit.beta} γ=${fit.gamma} ` +
      `chosen on a grid by least one-step squared error; 95 % prediction intervals`,
    points: forecastHoltWinters(fit, horizon, 0),
    backtest: { mape: score, holdout },
    params: { alpha: fit.alpha, beta: fit.beta, gamma: fit.gamma },
  };
}
