// `npm start`: installs what is missing, builds, starts kafka-lite (unless KAFKA_BROKERS is set)
// and every service with prefixed logs, waits until all are ready, seeds the demo shop through the
// API (`npm run seed`), and prints the URLs.
// Ctrl-C stops everything within 10 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './lib/ensure-installed.mjs';
import { answers, ensureDataServices } from './lib/machine-ready.mjs';
import { ensureSupportedNode } from './lib/supported-node.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await ensureSupportedNode(root);
ensureInstalled(root);

const SERVICES = [
  ['gateway', 3000],
  ['catalog', 3001],
  ['orders', 3002],
  ['payments', 3003],
  ['logistics', 3004],
  ['customer-service', 3005],
  ['analytics', 3006],
];
const COLORS = [36, 32, 33, 35, 34, 96, 92, 93];
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const children = [];
/** The stop under way, once one began: every caller awaits the same one, which ends the process. */
let stopping;
let dataServices = { env: {}, stop: async () => {} };

/** Prints a child's JSON log lines as "[name] LEVEL message", other lines as they are. */
function prefixLines(stream, name, color) {
  const tag = `\x1b[${color}m${name.padEnd(16)}\x1b[0m`;
  createInterface({ input: stream }).on('line', (line) => {
    let text = line;
    try {
      const entry = JSON.parse(line);
      const extra = entry.req
        ? ` ${entry.req.method} ${entry.req.url} → ${entry.res?.statusCode ?? ''}`
        : '';
      text = `${LEVELS[entry.level] ?? entry.level} ${entry.msg ?? ''}${extra}`;
    } catch {
      // not JSON: print as is
    }
    console.log(`${tag} ${text}`);
  });
}

function launch(name, command, args, env, color) {
  // Own process group: Ctrl-C reaches only this script, which stops services before the broker.
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixLines(child.stdout, name, color);
  prefixLines(child.stderr, name, color);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping everything.`);
      void stopAll(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitReady(name, port, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s`);
}

function terminate(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Stops every child (services before the broker), then the data services it started, then exits. */
function stopAll(code) {
  stopping ??= stopEverything(code);
  return stopping;
}

async function stopEverything(code) {
  console.log('\nStopping…');
  const force = setTimeout(() => children.forEach(({ child }) => child.kill('SIGKILL')), 9_000);
  // Services first, so they commit offsets and flush their outboxes while the broker still runs.
  await Promise.all(
    children.filter(({ name }) => name !== 'kafka-lite').map(({ child }) => terminate(child)),
  );
  await Promise.all(children.map(({ child }) => terminate(child)));
  clearTimeout(force);
  await dataServices.stop();
  process.exit(code);
}

process.on('exit', () =>
  children.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL')),
);

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// PostgreSQL from DATABASE_URL, 5432, or embedded from npm; Redis from REDIS_URL or 6379.
dataServices = await ensureDataServices(root);
const databaseUrl =
  dataServices.env.DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

console.log('Building…');
// Not spawnSync: the embedded PostgreSQL's log pipe is read by this process's event loop.
const build = spawn('node', ['tools/build.mjs'], { cwd: root, stdio: 'inherit' });
if ((await new Promise((resolve) => build.on('exit', resolve))) !== 0) await stopAll(1);

let brokers = process.env.KAFKA_BROKERS;
if (!brokers) {
  if (await answers('127.0.0.1', 9092)) {
    console.error(
      'Port 9092 is taken: stop what listens there, or set KAFKA_BROKERS to use that Kafka.',
    );
    await stopAll(1);
  }
  mkdirSync(join(root, '.data', 'kafka'), { recursive: true });
  launch(
    'kafka-lite',
    join(root, 'node_modules', '.bin', 'kafka-lite'),
    ['--port', '9092', '--data-dir', '.data/kafka'],
    {},
    COLORS[7],
  );
  brokers = '127.0.0.1:9092';
  const deadline = Date.now() + 30_000;
  while (!(await answers('127.0.0.1', 9092)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
}

// The local Alipay and WeChat Pay (keys made once into .data/payment-simulators), when asked for
// (EMPORIUM_PAYMENT_SIMULATORS=true): ALIPAY_SANDBOX and WECHAT_SANDBOX payments then go through
// them in the providers' own protocols (a QR code to scan instead of `simulate`). Nothing leaves
// the machine. Without it they are the sandbox API.md describes, `simulate` included.
const withSimulators = /^(1|true|yes)$/i.test(process.env.EMPORIUM_PAYMENT_SIMULATORS ?? '');
const paymentProviders = withSimulators ? await startPaymentSimulators() : {};

async function startPaymentSimulators() {
  const simulators = launch(
    'pay-simulators',
    process.execPath,
    [
      '--enable-source-maps',
      'dist/apps/payments/src/simulators/main.js',
      '--keys-dir',
      '.data/payment-simulators',
    ],
    {},
    COLORS[6],
  );
  return new Promise((resolve) => {
    const lines = createInterface({ input: simulators.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith('{"ready":true')) return;
      lines.close();
      resolve(JSON.parse(line).env);
    });
  });
}

const common = {
  NODE_ENV: 'development',
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  KAFKA_BROKERS: brokers,
};
SERVICES.forEach(([name, port], i) => {
  const env = {
    ...common,
    ...(name === 'payments' ? paymentProviders : {}),
    [`${name.toUpperCase().replace(/-/g, '_')}_PORT`]: String(port),
  };
  launch(
    name,
    process.execPath,
    ['--enable-source-maps', `dist/apps/${name}/src/main.js`],
    env,
    COLORS[i],
  );
});

try {
  await Promise.all(SERVICES.map(([name, port]) => waitReady(name, port)));
} catch (error) {
  console.error(error.message);
  await stopAll(1);
}

// The demo shop is a client of the API like any other: seeded through the gateway once every
// service is ready. Each run looks everything up first, so a restart only checks (a few seconds).
if (!/^(0|false|no)$/i.test(process.env.EMPORIUM_SEED ?? '')) {
  console.log(
    'Seeding the demo shop through the API (npm run seed; EMPORIUM_SEED=false skips it)…',
  );
  const seeding = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['tools/seed/main.ts'], {
    cwd: root,
    env: { ...process.env, EMPORIUM_URL: 'http://127.0.0.1:3000/api/v1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(seeding.stdout, 'seed', COLORS[7]);
  prefixLines(seeding.stderr, 'seed', COLORS[7]);
  const code = await new Promise((resolve) => seeding.once('exit', resolve));
  if (code !== 0)
    console.error(
      'The demo data could not be seeded (above); everything else runs. Try again with npm run seed.',
    );
}

console.log(`
Emporium is running.
  API          http://localhost:3000/api/v1
  API docs     http://localhost:3000/docs   (OpenAPI: /api/v1/openapi.json)
  Admin        ${process.env.EMPORIUM_ADMIN_EMAIL ?? 'admin@emporium.local'} / ${
    process.env.EMPORIUM_ADMIN_PASSWORD ?? 'emporium-admin'
  }   (EMPORIUM_ADMIN_EMAIL / EMPORIUM_ADMIN_PASSWORD)
  Merchant     ${process.env.EMPORIUM_SEED_MERCHANT_EMAIL ?? 'merchant@emporium.local'} / ${
    process.env.EMPORIUM_SEED_MERCHANT_PASSWORD ?? 'emporium-merchant'
  }   (the demo shop's; EMPORIUM_SEED_MERCHANT_EMAIL / EMPORIUM_SEED_MERCHANT_PASSWORD)
  Agent        ${process.env.EMPORIUM_SEED_AGENT_EMAIL ?? 'agent@emporium.local'} / ${
    process.env.EMPORIUM_SEED_AGENT_PASSWORD ?? 'emporium-agent'
  }   (support; EMPORIUM_SEED_AGENT_EMAIL / EMPORIUM_SEED_AGENT_PASSWORD)
  Health       http://localhost:3000/healthz, /readyz, /metrics (each service on its own port too)
  Kafka        ${brokers}${process.env.KAFKA_BROKERS ? '' : ' (embedded kafka-lite, data in .data/kafka)'}
  Services     ${SERVICES.map(([name, port]) => `${name} :${port}`).join(', ')}
${
  withSimulators
    ? '  Payments     Alipay simulator :3103, WeChat Pay simulator :3104 (pay a QR code: POST /sim/scan {"code"})\n'
    : ''
}Press Ctrl-C to stop.
`);
