import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { databaseUrl as databaseUrlOf, dropDatabase } from '@emporium/platform-persistence';
import { uniqueSuffix } from './database';
import { eventually } from './boot-service';
import { freePort, type ServiceName } from './platform-processes';

/** How one service process was started, so it can be started again exactly so. */
export interface ServiceSpec {
  readonly name: ServiceName;
  readonly port: number;
  readonly url: string;
  /** Its own database on the test server (DATABASE_URL of the jest run, not any proxy). */
  readonly database: string;
  readonly env: Record<string, string>;
}

/** A running service: its spec, the current child, and everything every incarnation printed. */
export interface ControlledService extends ServiceSpec {
  readonly process: ChildProcess;
  readonly output: string[];
  /** Times the process was started (1 at first). */
  readonly starts: number;
}

/**
 * The platform as processes, like `startPlatformProcesses`, that a test can also kill and start
 * again on the same port, database and environment (resilience drills).
 */
export interface ControlledPlatform {
  readonly services: Partial<Record<ServiceName, ControlledService>>;
  service(name: ServiceName): ControlledService;
  /** A connection URL to the service's database on the real server, for checks. */
  databaseUrl(name: ServiceName): string;
  /** Sends `signal` and resolves once the process has exited. */
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts the service again from its spec; resolves once `/readyz` answers 200. */
  start(name: ServiceName, readyTimeoutMs?: number): Promise<void>;
  /** The services whose process, as last started by this platform, still runs. */
  alive(): ServiceName[];
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '../../..');

function spawnService(spec: ServiceSpec, output: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${spec.name}/src/main.js`], {
    cwd: ROOT,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return child;
}

async function waitReady(service: ControlledService, timeoutMs: number): Promise<void> {
  await eventually(
    async () => {
      if (service.process.exitCode !== null || service.process.signalCode !== null) {
        throw new Error(`${service.name} exited:\n${service.output.join('').slice(-4_000)}`);
      }
      const res = await fetch(`${service.url}/readyz`).catch(() => undefined);
      await res?.body?.cancel();
      return res?.status === 200;
    },
    { timeoutMs, intervalMs: 100, what: `${service.name} /readyz` },
  );
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the built services (`node tools/build.mjs` first) on free ports, each with its own
 * database, and waits until each is ready. `env` applies to every service (e.g. `DATABASE_URL` and
 * `REDIS_URL` of a proxy); `envOf` to one.
 */
export async function startControlledPlatform(options: {
  brokers: string;
  names: readonly ServiceName[];
  env?: Record<string, string>;
  envOf?: Partial<Record<ServiceName, Record<string, string>>>;
  readyTimeoutMs?: number;
}): Promise<ControlledPlatform> {
  const suffix = uniqueSuffix();
  const serverUrl = process.env.DATABASE_URL!;
  const ports = new Map<ServiceName, number>();
  for (const name of options.names) ports.set(name, await freePort());
  const peers: Record<string, string> = {};
  for (const [name, port] of ports) {
    const url = `http://127.0.0.1:${port}`;
    peers[`GATEWAY_${name.toUpperCase().replace(/-/g, '_')}_URL`] = url;
    if (name === 'catalog' || name === 'logistics') peers[`ORDERS_${name.toUpperCase()}_URL`] = url;
  }
  const services: Partial<Record<ServiceName, ControlledService>> = {};
  const expected = new Map<ServiceName, ChildProcess>();
  for (const name of options.names) {
    const port = ports.get(name)!;
    const database = `e2e_${name.replace(/-/g, '_')}_${suffix}`;
    const spec: ServiceSpec = {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      database,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: serverUrl,
        DATABASE_NAME: database,
        KAFKA_BROKERS: options.brokers,
        KAFKA_GROUP_ID: `${name}-${suffix}`,
        // Rate-limit counters and caches of one platform never meet another suite's.
        GATEWAY_REDIS_PREFIX: `emporium-${suffix}`,
        ...peers,
        [`${name.toUpperCase().replace(/-/g, '_')}_PORT`]: String(port),
        ...options.env,
        ...options.envOf?.[name],
      },
    };
    const output: string[] = [];
    const child = spawnService(spec, output);
    expected.set(name, child);
    services[name] = { ...spec, process: child, output, starts: 1 };
  }
  const service = (name: ServiceName) => {
    const found = services[name];
    if (!found) throw new Error(`${name} is not part of this platform`);
    return found;
  };
  const platform: ControlledPlatform = {
    services,
    service,
    databaseUrl: (name) => databaseUrlOf(serverUrl, service(name).database),
    async kill(name, signal = 'SIGKILL') {
      const { process: child } = service(name);
      const done = exited(child);
      child.kill(signal);
      await done;
    },
    async start(name, readyTimeoutMs = 60_000) {
      const current = service(name);
      if (current.process.exitCode === null && current.process.signalCode === null) {
        throw new Error(`${name} is still running`);
      }
      const child = spawnService(current, current.output);
      expected.set(name, child);
      services[name] = { ...current, process: child, starts: current.starts + 1 };
      await waitReady(services[name]!, readyTimeoutMs);
    },
    alive: () =>
      options.names.filter((name) => {
        const child = services[name]!.process;
        return child === expected.get(name) && child.exitCode === null && child.signalCode === null;
      }),
    async stop() {
      await Promise.all(
        options.names.map(async (name) => {
          const child = services[name]!.process;
          const done = exited(child);
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.kill('SIGTERM');
          await done;
          clearTimeout(force);
        }),
      );
      await Promise.all(options.names.map((name) => dropDatabase(serverUrl, services[name]!.database)));
    },
  };
  try {
    await Promise.all(options.names.map((name) => waitReady(services[name]!, options.readyTimeoutMs ?? 90_000)));
  } catch (error) {
    await platform.stop();
    throw error;
  }
  return platform;
}
