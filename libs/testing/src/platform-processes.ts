import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { databaseUrl as databaseUrlOf, dropDatabase } from '@emporium/platform-persistence';
import { uniqueSuffix } from './database';
import { eventually } from './boot-service';

/** Every deployable service, as named in apps/. */
export const SERVICE_NAMES = [
  'gateway',
  'catalog',
  'orders',
  'payments',
  'logistics',
  'customer-service',
  'analytics',
] as const;

/** A service name. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** How a service process ended, as `stop()` reports it. */
export interface ServiceExit {
  readonly name: ServiceName;
  readonly code: number | null;
  readonly signal: string | null;
  readonly ms: number;
}

/** One service running as a real process from the build in dist/. */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly url: string;
  readonly port: number;
  /** Where its /readyz and /metrics are: its MANAGEMENT_PORT when it was given one, else `url`. */
  readonly managementUrl: string;
  /** Its own database on the test server. */
  readonly database: string;
  /** A connection URL to that database on the real server (DATABASE_URL of the jest run, not any proxy). */
  readonly databaseUrl: string;
  /** What the process runs with on top of the test process's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The current process: a new one after each `start()`. */
  readonly process: ChildProcess;
  /** Whether the current process has not exited. */
  readonly running: boolean;
  /** Times the process was started (1 at first). */
  readonly starts: number;
  /** Everything every incarnation printed, for failure messages. */
  readonly output: string[];
  /** Sends `signal` (SIGKILL unless told) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports, database and environment; resolves once `/readyz` answers 200. */
  start(readyTimeoutMs?: number): Promise<void>;
}

/** The platform running as processes, each with its own test database. */
export interface PlatformProcesses {
  readonly services: Record<ServiceName, ServiceProcess>;
  /**
   * Starts one more process of a running service, as a second replica would run: the same
   * database, consumer groups and environment, ports of its own. Resolves once it is ready.
   */
  replicate(name: ServiceName): Promise<ServiceProcess>;
  /** Sends SIGTERM to every process and resolves with how each ended and how long it took. */
  stop(): Promise<ServiceExit[]>;
}

const ROOT = join(__dirname, '../../..');

/** A TCP port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

class BuiltService implements ServiceProcess {
  readonly url: string;
  readonly managementUrl: string;
  readonly databaseUrl: string;
  readonly output: string[] = [];
  process!: ChildProcess;
  starts = 0;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    readonly database: string,
    serverUrl: string,
    readonly env: Readonly<Record<string, string>>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.managementUrl = env.MANAGEMENT_PORT ? `http://127.0.0.1:${env.MANAGEMENT_PORT}` : this.url;
    this.databaseUrl = databaseUrlOf(serverUrl, database);
    this.spawn();
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  private spawn(): void {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', `dist/apps/${this.name}/src/main.js`],
      {
        cwd: ROOT,
        env: { ...process.env, ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.process = child;
    this.starts += 1;
  }

  async ready(timeoutMs: number): Promise<void> {
    await eventually(
      async () => {
        if (!this.running)
          throw new Error(`${this.name} exited:\n${this.output.join('').slice(-8_000)}`);
        const res = await fetch(`${this.managementUrl}/readyz`).catch(() => undefined);
        await res?.body?.cancel();
        return res?.status === 200;
      },
      { timeoutMs, intervalMs: 100, what: `${this.name} /readyz` },
    );
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const done = exited(this.process);
    this.process.kill(signal);
    await done;
  }

  async start(readyTimeoutMs = 60_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is still running`);
    this.spawn();
    await this.ready(readyTimeoutMs);
  }

  /** SIGTERM, then SIGKILL if it has not exited 15 s later. */
  async stop(): Promise<ServiceExit> {
    const started = Date.now();
    const child = this.process;
    if (this.running) {
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await this.kill('SIGTERM');
      clearTimeout(force);
    }
    return {
      name: this.name,
      code: child.exitCode,
      signal: child.signalCode,
      ms: Date.now() - started,
    };
  }
}

/**
 * Starts the built services (`node tools/build.mjs` first) as child processes on free ports, each
 * with its own database, and waits until each answers `/readyz` with 200. `env` applies to every
 * service (e.g. `DATABASE_URL` and `REDIS_URL` of a proxy); databases are created and dropped on
 * the server of the test process's DATABASE_URL either way. `managementPorts`: each service also
 * gets a free MANAGEMENT_PORT, as in Kubernetes (`managementUrl`).
 */
export async function startPlatformProcesses(options: {
  brokers: string;
  names?: readonly ServiceName[];
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  managementPorts?: boolean;
}): Promise<PlatformProcesses> {
  const suffix = uniqueSuffix();
  const serverUrl = process.env.DATABASE_URL!;
  const names = options.names ?? SERVICE_NAMES;
  const ports = new Map<ServiceName, number>();
  for (const name of names) ports.set(name, await freePort());
  // Each service finds the others it calls: the gateway all of them, orders catalog and logistics.
  const peers: Record<string, string> = {};
  for (const [name, port] of ports) {
    const url = `http://127.0.0.1:${port}`;
    peers[`GATEWAY_${name.toUpperCase().replace(/-/g, '_')}_URL`] = url;
    if (name === 'catalog' || name === 'logistics') peers[`ORDERS_${name.toUpperCase()}_URL`] = url;
  }
  const started: BuiltService[] = [];
  const services = {} as Record<ServiceName, ServiceProcess>;
  for (const name of names) {
    const port = ports.get(name)!;
    const database = `e2e_${name.replace(/-/g, '_')}_${suffix}`;
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: serverUrl,
      DATABASE_NAME: database,
      KAFKA_BROKERS: options.brokers,
      KAFKA_GROUP_ID: `${name}-${suffix}`,
      // Rate-limit counters and caches of one platform never meet another suite's.
      GATEWAY_REDIS_PREFIX: `emporium-${suffix}`,
      ...peers,
      [portVariableOf(name)]: String(port),
      ...(options.managementPorts ? { MANAGEMENT_PORT: String(await freePort()) } : {}),
      ...options.env,
    };
    const service = new BuiltService(name, port, database, serverUrl, env);
    started.push(service);
    services[name] = service;
  }
  const stop = async () => {
    if (globalThis.__emporiumFailedTests) printLogs(started);
    const results = await Promise.all(started.map((service) => service.stop()));
    const databases = new Set(started.map((service) => service.database));
    await Promise.all([...databases].map((database) => dropDatabase(serverUrl, database)));
    return results;
  };
  const replicate = async (name: ServiceName) => {
    const original = services[name];
    const port = await freePort();
    const replica = new BuiltService(name, port, original.database, serverUrl, {
      ...original.env,
      [portVariableOf(name)]: String(port),
      ...(original.env.MANAGEMENT_PORT ? { MANAGEMENT_PORT: String(await freePort()) } : {}),
    });
    started.push(replica);
    await replica.ready(options.readyTimeoutMs ?? 90_000);
    return replica;
  };
  try {
    await Promise.all(started.map((service) => service.ready(options.readyTimeoutMs ?? 90_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { services, stop, replicate };
}

const LOG_LINES_ON_FAILURE = 30;

/** The variable a service reads its HTTP port from (`CUSTOMER_SERVICE_PORT`). */
const portVariableOf = (name: ServiceName) => `${name.toUpperCase().replace(/-/g, '_')}_PORT`;

/** What each service logged (warnings and errors at the tests' LOG_LEVEL), for a failed suite. */
function printLogs(services: readonly BuiltService[]): void {
  for (const service of services) {
    const lines = service.output.join('').split('\n').filter(Boolean).slice(-LOG_LINES_ON_FAILURE);
    if (lines.length === 0) continue;
    process.stderr.write(`\n── ${service.name} (${service.url}) logged:\n${lines.join('\n')}\n`);
  }
}
