/**
 * Soak: mixed closed-loop traffic through the public API for a long time (30 minutes by default),
 * watching each service for memory growth and event lag.
 *
 * Virtual users (8 by default, each pausing 100 ms between actions so two cores are not saturated)
 * pick an action at random: browse 80 % (product list, detail or search), cart 15 % (add a unit,
 * view the cart; a cart over 5 SKUs drops its oldest), checkout 5 % (the whole journey to PAID, as
 * bench/platform: order, sandbox confirmation, PAID on the order's stream). Each user browses and
 * shops as one customer and checks out as another, on a product of the run's own with 10,000,000
 * units, so the soak never empties the demo stock.
 *
 * It reads each service's /metrics every 10 s and, every minute (--sample-seconds), records per
 * service: RSS (process_resident_memory_bytes, last reading), heap used
 * (nodejs_heap_size_used_bytes, the minute's lowest reading: the live heap after collections),
 * consumer lag (sum of emporium_consumer_lag_messages) and outbox backlog
 * (emporium_outbox_pending_events), both the minute's highest, with the minute's requests, errors
 * and p50/p99 per traffic class. Errors are answers other than 2xx and
 * network failures; a 409 (out of stock, sold out) is expected and counted apart.
 *
 * At the end, after the traffic stops: every order placed is PAID or later (or cancelled as out of
 * stock), lag and outbox are back to 0 within 2 minutes, and, over the second half of the samples
 * (at least 5 of them, so runs of 10 minutes or more), no service's heap used grows faster than
 * --heap-limit MB/min (1) nor its RSS faster than --rss-limit MB/min (2), by least-squares slope.
 * The report goes to stdout and bench/results/soak-<date>.md (soak-<date>-<N>min.md for other
 * lengths); it exits non-zero on any error, unexpected order state, undrained lag or growth trend.
 *
 *   npm run soak [-- --minutes 30] [--users 8] [--think-ms 100] [--sample-seconds 60] [--products 200]
 *                [--metrics gateway=http://…,catalog=http://…]
 *
 * Without EMPORIUM_URL it starts every service from the build, as bench/platform does. With it,
 * it loads that gateway and samples the services whose /metrics it can reach: --metrics, else
 * `npm start`'s ports 3000–3006 when the gateway is on 3000, else the gateway alone.
 *
 * @emporium-url this scenario can run against a running platform
 * @manual 30 minutes long: run by name (`npm run soak`), not by a plain `npm run bench`
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ServiceName } from '@emporium/testing';
import {
  PAID_OR_LATER,
  checkout,
  percentiles,
  progress,
  seed,
  type Api,
  type Session,
} from '../platform/api';
import { readMetrics, runningPlatform, startOwnPlatform } from '../platform/own-platform';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    users: { type: 'string', default: '8' },
    'think-ms': { type: 'string', default: '100' },
    'sample-seconds': { type: 'string', default: '60' },
    products: { type: 'string', default: '200' },
    metrics: { type: 'string' },
    'heap-limit': { type: 'string', default: '1' },
    'rss-limit': { type: 'string', default: '2' },
    url: { type: 'string' },
  },
});
const MINUTES = Number(args.minutes);
const USERS = Number(args.users);
const THINK_MS = Number(args['think-ms']);
const SAMPLE_MS = Number(args['sample-seconds']) * 1_000;
const HEAP_LIMIT = Number(args['heap-limit']);
const RSS_LIMIT = Number(args['rss-limit']);
const TARGET = args.url ?? process.env.EMPORIUM_URL;
const MIN_TREND_SAMPLES = 5;
const POLL_MS = 10_000;
const CLASSES = ['browse', 'cart', 'checkout'] as const;
type TrafficClass = (typeof CLASSES)[number];
const SEARCHES = [
  '手机',
  'mate',
  'iphone',
  '跑步鞋',
  '华为',
  'thinkpad',
  '耳机',
  'xiaomi',
  '咖啡',
  'nike',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));

/** Request counts and latencies of one traffic class over a window. */
class Tally {
  requests = 0;
  ok = 0;
  expected = 0;
  errors = new Map<string, number>();
  latencies: number[] = [];

  get errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

const windowTally = () =>
  Object.fromEntries(CLASSES.map((c) => [c, new Tally()])) as Record<TrafficClass, Tally>;
let minute = windowTally();
const total = windowTally();
const current = new AsyncLocalStorage<TrafficClass>();

/** Counts every request under the class of the action that sent it. */
function observe(api: Api): void {
  api.observer = (method, path, outcome, ms) => {
    const cls = current.getStore();
    if (!cls) return;
    for (const tally of [minute[cls], total[cls]]) {
      tally.requests += 1;
      if (typeof outcome === 'number' && outcome < 300) tally.ok += 1;
      else if (outcome === 409) tally.expected += 1;
      else
        tally.error(
          `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id').replace(/[?](q=)?.*$/, (_, q?: string) => (q ? '?q=…' : ''))} ${outcome}`,
        );
      // Checkout latency is place-to-PAID (recorded per checkout), not per request.
      if (cls !== 'checkout') tally.latencies.push(ms);
    }
  };
}

/** Sums each metric's series in a Prometheus text exposition. */
interface ServiceSample {
  rssMb: number;
  /** Heap used; in a minute's sample, the lowest reading of the minute. */
  heapMb: number;
  lag: number;
  outbox: number;
}

interface Sample {
  readonly minute: number;
  readonly services: Partial<Record<ServiceName, ServiceSample>>;
  readonly traffic: Record<
    TrafficClass,
    { requests: number; expected: number; errors: number; p50Ms: number; p99Ms: number }
  >;
}

const METRICS = [
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'emporium_consumer_lag_messages',
  'emporium_outbox_pending_events',
];

async function sampleServices(
  metrics: Partial<Record<ServiceName, string>>,
): Promise<Partial<Record<ServiceName, ServiceSample>>> {
  const read = await readMetrics(metrics, METRICS);
  return Object.fromEntries(
    Object.entries(read).map(([name, m]) => [
      name,
      {
        rssMb: mb(m.process_resident_memory_bytes),
        heapMb: mb(m.nodejs_heap_size_used_bytes),
        lag: m.emporium_consumer_lag_messages,
        outbox: m.emporium_outbox_pending_events,
      },
    ]),
  );
}

/** Least-squares slope of `ys` over `xs`. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

interface PlacedOrder {
  readonly id: string;
  readonly buyer: Session;
  readonly confirmed: boolean;
}

async function main() {
  const target = TARGET
    ? runningPlatform(TARGET, args.metrics)
    : await startOwnPlatform(Number(args.products));
  const { api } = target;
  let exitCode = 0;
  try {
    const seeded = await seed(api, { admin: target.admin, customers: USERS * 2 });
    const shoppers = seeded.customers.slice(0, USERS);
    const buyers = seeded.customers.slice(USERS);
    observe(api);
    const placed: PlacedOrder[] = [];
    const checkoutFailures = new Map<string, number>();
    const samples: Sample[] = [];
    const startedAt = Date.now();
    const endAt = startedAt + MINUTES * 60_000;
    const loadAtStart = loadavg()[0];

    const browse = async (shopper: Session) => {
      const r = Math.random();
      if (r < 0.4)
        await shopper.call(
          'GET',
          `/products?limit=20${Math.random() < 0.5 ? '' : '&sort=price_asc'}`,
        );
      else if (r < 0.75)
        await shopper.call(
          'GET',
          `/products/${seeded.slugs[Math.floor(Math.random() * seeded.slugs.length)]}`,
        );
      else
        await shopper.call(
          'GET',
          `/products?q=${encodeURIComponent(SEARCHES[Math.floor(Math.random() * SEARCHES.length)])}&limit=20`,
        );
    };
    const cart = async (shopper: Session) => {
      await shopper.call('POST', '/cart/items', {
        body: {
          sku: seeded.cartSkus[Math.floor(Math.random() * seeded.cartSkus.length)],
          quantity: 1,
        },
      });
      const view = await shopper.call('GET', '/cart');
      const items = (view.body?.items ?? []) as { sku: string }[];
      if (items.length > 5)
        await shopper.call('DELETE', `/cart/items/${encodeURIComponent(items[0].sku)}`);
    };
    const buy = async (buyer: Session, user: number) => {
      const outcome = await checkout(
        api,
        buyer,
        seeded.checkoutSkus[user % seeded.checkoutSkus.length],
      );
      if (outcome.orderId) placed.push({ id: outcome.orderId, buyer, confirmed: outcome.ok });
      for (const tally of [minute.checkout, total.checkout]) {
        if (outcome.ok) tally.latencies.push(outcome.placeToPaidMs);
        else if (!outcome.expected) tally.error(`checkout ${outcome.failure}`);
      }
      if (!outcome.ok)
        checkoutFailures.set(outcome.failure, (checkoutFailures.get(outcome.failure) ?? 0) + 1);
    };

    const user = async (i: number) => {
      while (Date.now() < endAt) {
        const r = Math.random();
        const cls: TrafficClass = r < 0.8 ? 'browse' : r < 0.95 ? 'cart' : 'checkout';
        try {
          await current.run(cls, () =>
            cls === 'browse'
              ? browse(shoppers[i])
              : cls === 'cart'
                ? cart(shoppers[i])
                : buy(buyers[i], i),
          );
        } catch {
          // already counted by the observer (no answer); carry on like a user retrying later
        }
        await sleep(THINK_MS * (0.5 + Math.random()));
      }
    };

    // /metrics is read every few seconds; a minute's sample keeps the lowest heap used (the live
    // heap after the minute's collections, so garbage waiting for a GC does not read as growth),
    // the last RSS and the highest lag and outbox backlog.
    let memory: Partial<Record<ServiceName, ServiceSample>> = {};
    const poll = async () => {
      for (const [name, now] of Object.entries(await sampleServices(target.metrics)) as [
        ServiceName,
        ServiceSample,
      ][]) {
        const seen = memory[name];
        memory[name] = seen
          ? {
              heapMb: Math.min(seen.heapMb, now.heapMb),
              rssMb: now.rssMb,
              lag: Math.max(seen.lag, now.lag),
              outbox: Math.max(seen.outbox, now.outbox),
            }
          : now;
      }
    };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        await sleep(Math.min(POLL_MS, SAMPLE_MS));
        if (polling) await poll();
      }
    })();

    const takeSample = async (at: number) => {
      const window = minute;
      minute = windowTally();
      await poll();
      const services = memory;
      memory = {};
      const traffic = Object.fromEntries(
        CLASSES.map((c) => {
          const { p50Ms, p99Ms } = percentiles(window[c].latencies);
          return [
            c,
            {
              requests: window[c].requests,
              expected: window[c].expected,
              errors: window[c].errorCount,
              p50Ms,
              p99Ms,
            },
          ];
        }),
      ) as Sample['traffic'];
      const sample = { minute: Number(((at - startedAt) / 60_000).toFixed(2)), services, traffic };
      samples.push(sample);
      const heap = (Object.keys(target.metrics) as ServiceName[])
        .flatMap((name) =>
          services[name] ? [`${name} ${services[name].heapMb}/${services[name].rssMb}`] : [],
        )
        .join(', ');
      const lag = Object.values(services).reduce((a, s) => a + s.lag + s.outbox, 0);
      progress(
        `soak ${sample.minute.toFixed(1)}/${MINUTES} min: ${CLASSES.map((c) => `${c} ${traffic[c].requests} req, ${traffic[c].errors} err, p99 ${traffic[c].p99Ms} ms`).join('; ')}; ` +
          `lag+outbox ${lag}; heap/RSS MB ${heap}`,
      );
      process.stdout.write(`${JSON.stringify({ bench: 'soak', sample })}\n`);
    };

    progress(
      `soak: ${USERS} users for ${MINUTES} min (browse 80 %, cart 15 %, checkout 5 %), sampling every ${SAMPLE_MS / 1000} s`,
    );
    await takeSample(Date.now());
    const users = Array.from({ length: USERS }, (_, i) => user(i));
    let nextSample = startedAt + SAMPLE_MS;
    while (nextSample <= endAt) {
      await sleep(nextSample - Date.now());
      await takeSample(nextSample);
      nextSample += SAMPLE_MS;
    }
    await Promise.all(users);
    polling = false;
    await poller;
    const loadAtEnd = loadavg()[0];

    // The traffic has stopped: every consumer and relay must catch up.
    progress('traffic stopped: waiting for consumer lag and outboxes to reach 0');
    const drainStarted = Date.now();
    const drainDeadline = drainStarted + 120_000;
    let drained = await sampleServices(target.metrics);
    const backlog = () => Object.values(drained).reduce((a, s) => a + s.lag + s.outbox, 0);
    while (backlog() > 0 && Date.now() < drainDeadline) {
      await sleep(2_000);
      drained = await sampleServices(target.metrics);
    }
    const drainedMs = Date.now() - drainStarted;

    progress(`checking the ${placed.length} orders placed`);
    const states = new Map<string, number>();
    let unexpected = 0;
    for (const order of placed) {
      const answer = await order.buyer.call('GET', `/orders/${order.id}`);
      const status: string = answer.status === 200 ? answer.body.status : `HTTP ${answer.status}`;
      const reason: string | undefined = answer.body?.statusHistory?.at(-1)?.reason;
      const key = reason ? `${status} (${reason})` : status;
      states.set(key, (states.get(key) ?? 0) + 1);
      const fine =
        PAID_OR_LATER.includes(status) ||
        (status === 'CANCELLED' && reason === 'OUT_OF_STOCK' && !order.confirmed);
      if (!fine) unexpected += 1;
    }

    // Memory trend over the second half of the samples taken under traffic.
    const half = samples.slice(Math.floor(samples.length / 2));
    const conclusive = half.length >= MIN_TREND_SAMPLES;
    const services = Object.keys(target.metrics) as ServiceName[];
    const verdicts = services.map((name) => {
      const seen = samples.filter((s) => s.services[name]);
      const late = half.filter((s) => s.services[name]);
      const heapSlope =
        late.length >= 2
          ? slope(
              late.map((s) => s.minute),
              late.map((s) => s.services[name]!.heapMb),
            )
          : NaN;
      const rssSlope =
        late.length >= 2
          ? slope(
              late.map((s) => s.minute),
              late.map((s) => s.services[name]!.rssMb),
            )
          : NaN;
      const growing =
        conclusive &&
        late.length >= MIN_TREND_SAMPLES &&
        (heapSlope > HEAP_LIMIT || rssSlope > RSS_LIMIT);
      return {
        name,
        sampled: seen.length,
        heapFirst: seen[0]?.services[name]!.heapMb,
        heapLast: seen.at(-1)?.services[name]!.heapMb,
        heapSlope: Number(heapSlope.toFixed(3)),
        rssFirst: seen[0]?.services[name]!.rssMb,
        rssLast: seen.at(-1)?.services[name]!.rssMb,
        rssSlope: Number(rssSlope.toFixed(3)),
        maxLag: Math.max(0, ...seen.map((s) => s.services[name]!.lag)),
        maxOutbox: Math.max(0, ...seen.map((s) => s.services[name]!.outbox)),
        finalLag: drained[name]?.lag,
        finalOutbox: drained[name]?.outbox,
        verdict:
          seen.length === 0
            ? 'not sampled'
            : !conclusive
              ? 'too short for a trend'
              : growing
                ? 'GROWING'
                : 'flat',
      };
    });

    const errors = CLASSES.reduce((a, c) => a + total[c].errorCount, 0);
    const undrained = backlog() > 0;
    const growth = verdicts.some((v) => v.verdict === 'GROWING');
    const pass = errors === 0 && unexpected === 0 && !undrained && !growth;
    exitCode = pass ? 0 : 1;

    const date = new Date().toISOString().slice(0, 10);
    const markdown = [
      `# Soak, ${date}: ${pass ? 'PASS' : 'FAIL'}`,
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
        `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end (the machine is shared).`,
      `Platform: ${TARGET ? `the one running at ${api.base} (EMPORIUM_URL)` : 'every service started from dist/ by the soak, demo catalog of ' + args.products + ' products'}.`,
      `Traffic: ${MINUTES} min, ${USERS} closed-loop users pausing ${THINK_MS / 2}–${(THINK_MS * 3) / 2} ms between actions; browse 80 %, cart 15 %, checkout 5 %. ` +
        `Samples every ${SAMPLE_MS / 1000} s.`,
      `Verdict rule: no error (non-2xx other than 409, or no answer), every order PAID or later, consumer lag and outbox back to 0 within 2 min of the end, ` +
        `and over the second half of the samples (≥ ${MIN_TREND_SAMPLES}) a least-squares slope of the per-minute lowest heap used ≤ ${HEAP_LIMIT} MB/min and of RSS ≤ ${RSS_LIMIT} MB/min per service.`,
      '',
      '## Traffic',
      '',
      '| class | requests | 2xx | 409 (expected) | errors | p50 ms | p99 ms |',
      '|---|---|---|---|---|---|---|',
      ...CLASSES.map((c) => {
        const t = total[c];
        const { p50Ms, p99Ms } = percentiles(t.latencies);
        return `| ${c}${c === 'checkout' ? ` (${t.latencies.length} paid; latency place-to-PAID)` : ''} | ${t.requests} | ${t.ok} | ${t.expected} | ${t.errorCount} | ${p50Ms} | ${p99Ms} |`;
      }),
      '',
      ...(errors
        ? [
            'Errors: ' +
              CLASSES.flatMap((c) => [...total[c].errors].map(([k, n]) => `${k} × ${n}`)).join(
                '; ',
              ),
            '',
          ]
        : []),
      ...(checkoutFailures.size
        ? [
            'Checkouts not paid: ' +
              [...checkoutFailures].map(([k, n]) => `${k} × ${n}`).join('; '),
            '',
          ]
        : []),
      `Orders placed: ${placed.length}; final states: ${[...states].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; unexpected: ${unexpected}.`,
      `Lag and outbox after the traffic: ${undrained ? `NOT drained within 2 min (${backlog()} left)` : `0 everywhere after ${(drainedMs / 1000).toFixed(0)} s`}.`,
      '',
      '## Services',
      '',
      '| service | samples | lowest heap used MB first → last | heap slope MB/min (2nd half) | RSS MB first → last | RSS slope MB/min (2nd half) | max lag | max outbox | lag / outbox at the end | verdict |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...verdicts.map(
        (v) =>
          `| ${v.name} | ${v.sampled} | ${v.heapFirst ?? '–'} → ${v.heapLast ?? '–'} | ${v.heapSlope} | ${v.rssFirst ?? '–'} → ${v.rssLast ?? '–'} | ${v.rssSlope} | ${v.maxLag} | ${v.maxOutbox} | ${v.finalLag ?? '–'} / ${v.finalOutbox ?? '–'} | ${v.verdict} |`,
      ),
      '',
      '## Per sample',
      '',
      `| minute | browse req / err / p50 / p99 | cart req / err / p50 / p99 | checkout req / err / place-to-PAID p50 / p99 | max lag + outbox | lowest heap used MB (${services.join(', ')}) |`,
      '|---|---|---|---|---|---|',
      ...samples.map((s) => {
        const t = (c: TrafficClass) =>
          `${s.traffic[c].requests} / ${s.traffic[c].errors} / ${s.traffic[c].p50Ms} / ${s.traffic[c].p99Ms}`;
        const backlogNow = Object.values(s.services).reduce((a, x) => a + x.lag + x.outbox, 0);
        return `| ${s.minute} | ${t('browse')} | ${t('cart')} | ${t('checkout')} | ${backlogNow} | ${services.map((n) => s.services[n]?.heapMb ?? '–').join(', ')} |`;
      }),
      '',
    ].join('\n');
    mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
    const file = join(
      'bench',
      'results',
      `soak-${date}${MINUTES === 30 ? '' : `-${MINUTES}min`}.md`,
    );
    writeFileSync(join(__dirname, '..', '..', file), markdown);
    process.stdout.write(
      `${JSON.stringify({ bench: 'soak', summary: { pass, minutes: MINUTES, users: USERS, errors, ordersPlaced: placed.length, unexpected, undrained, growth, verdicts } })}\n`,
    );
    process.stderr.write(`\n${markdown}\nReport: ${file}\n`);
    if (!pass && target.logs) {
      for (const [name, lines] of Object.entries(target.logs())) {
        const tail = lines.join('').trim().split('\n').slice(-20).join('\n');
        if (tail) process.stderr.write(`\n${name} logged (last 20 lines):\n${tail}\n`);
      }
    }
  } finally {
    await target.stop();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
