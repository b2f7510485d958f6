import {
  resolveDataInfrastructure,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  SERVICE_NAMES,
  type ServiceName,
  type ServiceProcess,
} from '@emporium/testing';
import { seedDemo } from '../../tools/seed/seed';
import { Api, progress, until } from './api';

/** The platform a benchmark loads: its gateway, its admin, and where each service's /metrics is. */
export interface Target {
  readonly api: Api;
  /** Every gateway replica (the first is `api`); customers are spread over them. */
  readonly gateways: readonly Api[];
  readonly admin: { email: string; password: string };
  /** By service name, a second replica's as `<name>-2`. */
  readonly metrics: Readonly<Record<string, string>>;
  /** What the services printed (at LOG_LEVEL error: their errors), when the run started them. */
  readonly logs?: () => Partial<Record<ServiceName, string[]>>;
  stop(): Promise<void>;
}

/**
 * The sums of the named Prometheus series (over all their labels) each service's /metrics shows;
 * a service that does not answer is left out.
 */
export async function readMetrics(
  metrics: Readonly<Record<string, string>>,
  names: readonly string[],
): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  await Promise.all(
    Object.entries(metrics).map(async ([name, url]) => {
      try {
        const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
        if (res.ok) out[name] = sumSeries(await res.text(), names);
      } catch {
        // not reachable: not sampled this time
      }
    }),
  );
  return out;
}

function sumSeries(text: string, names: readonly string[]): Record<string, number> {
  const sums: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match && match[1] in sums) sums[match[1]] += Number(match[2]);
  }
  return sums;
}

/** The ports `npm start` (tools/start.mjs) gives the services. */
const NPM_START_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  catalog: 3001,
  orders: 3002,
  payments: 3003,
  logistics: 3004,
  'customer-service': 3005,
  analytics: 3006,
};

const OWN_ADMIN = { email: 'bench-admin@emporium.local', password: 'bench-admin-password' };
const OWN_MERCHANT = {
  email: 'bench-demo-merchant@emporium.local',
  password: 'bench-demo-merchant-password',
};

/**
 * Every service started from dist/ like `npm start` does, the demo shop seeded through the API as
 * `npm run seed` does (catalog, warehouses, stock and promotions), with kafka-lite in process,
 * databases of its own and the rate limits out of the way; resolves once every demo product is in stock.
 * With `replicas` 2, every service (the gateway too) runs as two processes sharing its database
 * and consumer groups.
 */
export async function startOwnPlatform(products: number, replicas = 1): Promise<Target> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const next of stops) await next();
  };
  try {
    const infrastructure = await resolveDataInfrastructure();
    stops.unshift(() => infrastructure.stop());
    process.env.DATABASE_URL = infrastructure.databaseUrl;
    process.env.REDIS_URL = infrastructure.redisUrl;
    const kafka = await startTestKafka();
    stops.unshift(() => kafka.stop());
    progress('starting every service from dist/ with the demo catalog');
    const started = Date.now();
    const platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      readyTimeoutMs: 300_000,
      env: {
        LOG_LEVEL: 'error',
        EMPORIUM_ADMIN_EMAIL: OWN_ADMIN.email,
        EMPORIUM_ADMIN_PASSWORD: OWN_ADMIN.password,
        // One machine plays every customer: the per-IP and per-user limits would measure themselves.
        GATEWAY_RATE_LIMIT_DEFAULT: String(1e9),
        GATEWAY_RATE_LIMIT_LOGIN: String(1e6),
        GATEWAY_RATE_LIMIT_REGISTER: String(1e6),
        GATEWAY_REDIS_PREFIX: `bench:platform:${uniqueSuffix()}`,
      },
    });
    stops.unshift(() => platform.stop());
    const processes = new Map<string, ServiceProcess>(
      SERVICE_NAMES.map((name) => [name, platform.services[name]]),
    );
    for (let replica = 2; replica <= replicas; replica++) {
      for (const name of SERVICE_NAMES)
        processes.set(`${name}-${replica}`, await platform.replicate(name));
    }
    const api = new Api(platform.services.gateway.url);
    const gateways = [...processes]
      .filter(([, service]) => service.name === 'gateway')
      .map(([, service]) => new Api(service.url));
    await seedDemo({
      url: api.base,
      admin: OWN_ADMIN,
      merchant: OWN_MERCHANT,
      products,
      concurrency: 16,
      log: progress,
    });
    // The catalog learns the stock from logistics' events; wait until every product is in stock.
    await until(
      async () => {
        const all = await api.call('GET', '/products?limit=1');
        const inStock = await api.call('GET', '/products?limit=1&inStock=true');
        return all.body.total > 0 && inStock.body.total === all.body.total ? true : undefined;
      },
      'the demo catalog to be stocked',
      300_000,
      1_000,
    );
    progress(
      `platform ready with ${products} demo products, ${replicas} process(es) of each service, in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    const metrics = Object.fromEntries([...processes].map(([key, service]) => [key, service.url]));
    const logs = () =>
      Object.fromEntries([...processes].map(([key, service]) => [key, service.output]));
    return { api, gateways, admin: OWN_ADMIN, metrics, logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A platform already running at `url` (EMPORIUM_URL): its admin from EMPORIUM_ADMIN_EMAIL /
 * EMPORIUM_ADMIN_PASSWORD (`npm start`'s defaults otherwise). Metrics: `metricsList`
 * (`name=url,…`) when given; else, for a gateway on port 3000, `npm start`'s ports 3000–3006 on
 * the same host; else the gateway's alone.
 */
export function runningPlatform(url: string, metricsList?: string): Target {
  const api = new Api(url);
  const base = new URL(api.base);
  let metrics: Record<string, string>;
  if (metricsList) {
    metrics = Object.fromEntries(
      metricsList
        .split(',')
        .map((pair) => pair.split('=').map((s) => s.trim()) as [string, string]),
    );
  } else if (base.port === '3000') {
    metrics = Object.fromEntries(
      Object.entries(NPM_START_PORTS).map(([name, port]) => [
        name,
        `${base.protocol}//${base.hostname}:${port}`,
      ]),
    );
  } else {
    metrics = { gateway: api.base };
  }
  return {
    api,
    gateways: [api],
    admin: {
      email: process.env.EMPORIUM_ADMIN_EMAIL ?? 'admin@emporium.local',
      password: process.env.EMPORIUM_ADMIN_PASSWORD ?? 'emporium-admin',
    },
    metrics,
    stop: async () => undefined,
  };
}
