import { forecastDaily, forecastHoltWinters, holtWinters, mape } from './forecast';

const pattern = [3, -1, 0, 2, -4, 1, -1];
const seasonal = (t: number) => 100 + 2 * t + pattern[t % 7];

describe('Holt-Winters forecast', () => {
  it('continues an exact trend + weekly season exactly, whatever the parameters', () => {
    const series = Array.from({ length: 28 }, (_, t) => seasonal(t));
    const fit = holtWinters(series, 7, { alpha: 0.3, beta: 0.1, gamma: 0.2 });
    expect(fit.sse).toBeCloseTo(0, 9);
    const points = forecastHoltWinters(fit, 7);
    points.forEach((p, h) => expect(p.value).toBeCloseTo(seasonal(28 + h), 9));
  });

  it('has a zero backtest error on that series', () => {
    const series = Array.from({ length: 35 }, (_, t) => seasonal(t));
    const result = forecastDaily(series, 7);
    expect(result.backtest).toEqual({ mape: 0, holdout: 7 });
    expect(result.points[0].value).toBeCloseTo(seasonal(35), 6);
  });

  it('updates level, trend and season by the textbook recursions', () => {
    // Period 2, series 1,3,2,4,3: initial level 2.5 at t=1, trend 0.5, season [-0.75, 0.75] … see below.
    const fit = holtWinters([1, 3, 2, 4, 3], 2, { alpha: 0.5, beta: 0.5, gamma: 0.5 });
    // first = 2, trend0 = (3 - 2) / 2 = 0.5, season0 = [1 - (2 - 0.25), 3 - (2 + 0.25)] = [-0.75, 0.75],
    // level0 = 2.25. t=2: ŷ=2.25+0.5-0.75=2 (error 0) … so the level stays on the line: 2.75, 3.25, 3.75.
    expect(fit.level).toBeCloseTo(3.75, 9);
    expect(fit.trend).toBeCloseTo(0.5, 9);
    expect(fit.sse).toBeCloseTo(0, 9);
  });

  it('widens the interval with the horizon and never goes below zero', () => {
    const noisy = Array.from({ length: 56 }, (_, t) => seasonal(t) + (t % 3 === 0 ? 5 : -3));
    const { points } = forecastDaily(noisy, 14);
    const widths = points.map((p) => p.upper - p.lower);
    for (let h = 1; h < widths.length; h++)
      expect(widths[h]).toBeGreaterThanOrEqual(widths[h - 1] - 1e-9);
    expect(points.every((p) => p.lower >= 0 && p.lower <= p.value && p.value <= p.upper)).toBe(
      true,
    );
  });

  it('falls back to the mean with less than two weeks of history', () => {
    const result = forecastDaily([10, 20, 30], 2);
    expect(result.method).toMatch(/^mean/);
    expect(result.points[0].value).toBe(20);
  });

  it('computes MAPE over the non-zero actuals', () => {
    expect(mape([100, 0, 200], [110, 5, 180])).toBeCloseTo(0.1, 9);
    expect(mape([0], [1])).toBeNull();
  });
});

describe('forecastDaily without its backtest', () => {
  it('forecasts the same points and scores nothing', () => {
    const series = Array.from({ length: 35 }, (_, t) => 50 + (t % 7) * 3 + (t % 5));
    const scored = forecastDaily(series, 7);
    const unscored = forecastDaily(series, 7, 7, false);
    expect(unscored.points).toEqual(scored.points);
    expect(unscored.backtest).toEqual({ mape: null, holdout: 0 });
    expect(scored.backtest.holdout).toBe(7);
  });
});
