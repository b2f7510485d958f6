import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus registry, with Node's default metrics and the HTTP histogram. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

/** Latency of every HTTP request by route pattern (not raw URL, to keep cardinality bounded). */
export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by method, route and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Creates (or returns the already registered) counter of this process. */
export function counter<L extends string>(name: string, help: string, labelNames: L[] = []) {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [metricsRegistry] });
}

/** Creates (or returns the already registered) gauge of this process. */
export function gauge<L extends string>(name: string, help: string, labelNames: L[] = []) {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Gauge<L>;
  return new Gauge<L>({ name, help, labelNames, registers: [metricsRegistry] });
}

/** A gauge read when Prometheus scrapes: `sample` answers the current value (undefined: leave it). */
export function sampledGauge(
  name: string,
  help: string,
  sample: () => Promise<number | undefined>,
) {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) metricsRegistry.removeSingleMetric(name);
  return new Gauge({
    name,
    help,
    registers: [metricsRegistry],
    async collect() {
      const value = await sample().catch(() => undefined);
      if (value !== undefined) this.set(value);
    },
  });
}
