import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { dropDatabase } from '@emporium/platform-persistence';
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

/** One service running as a real process from the build in dist/. */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process printed, for failure messages. */
  readonly output: string[];
}

/** The platform running as processes, each with its own test database. */
export interface PlatformProcesses {
  readonly services: Record<ServiceName, ServiceProcess>;
  /** Sends SIGTERM to every process and resolves with how each ended and how long it took. */
  stop(): Promise<{ name: ServiceName; code: number | null; signal: string | null; ms: number }[]>;
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

/**
 * Starts the built services (`node tools/build.mjs` first) as child processes on free ports and
 * waits until each answers `/readyz` with 200.
 */
export async function startPlatformProcesses(options: {
  brokers: string;
  names?: readonly ServiceName[];
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}): Promise<PlatformProcesses> {
  const suffix = uniqueSuffix();
  const databaseUrl = process.env.DATABASE_URL!;
  const names = options.names ?? SERVICE_NAMES;
  const databases: string[] = [];
  const services = {} as Record<ServiceName, ServiceProcess>;
  const ports = new Map<ServiceName, number>();
  for (const name of names) ports.set(name, await freePort());
  // Each service finds the others it calls: the gateway all of them, orders catalog and logistics.
  const peers: Record<string, string> = {};
  for (const [name, port] of ports) {
    const url = `http://127.0.0.1:${port}`;
    peers[`GATEWAY_${name.toUpperCase().replace(/-/g, '_')}_URL`] = url;
    if (name === 'catalog' || name === 'logistics') peers[`ORDERS_${name.toUpperCase()}_URL`] = url;
  }
  for (const name of names) {
    const port = ports.get(name)!;
    const database = `e2e_${name.replace(/-/g, '_')}_${suffix}`;
    databases.push(database);
    const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${name}/src/main.js`], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        DATABASE_NAME: database,
        KAFKA_BROKERS: options.brokers,
        KAFKA_GROUP_ID: `${name}-${suffix}`,
        // Rate-limit counters and caches of one platform never meet another suite's.
        GATEWAY_REDIS_PREFIX: `emporium-${suffix}`,
        ...peers,
        [`${name.toUpperCase().replace(/-/g, '_')}_PORT`]: String(port),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    services[name] = { name, url: `http://127.0.0.1:${port}`, process: child, output };
  }
  const stop: PlatformProcesses['stop'] = async () => {
    const results = await Promise.all(
      Object.values(services).map(
        (service) =>
          new Promise<{ name: ServiceName; code: number | null; signal: string | null; ms: number }>(
            (resolve) => {
              const started = Date.now();
              const { process: child } = service;
              const done = () =>
                resolve({ name: service.name, code: child.exitCode, signal: child.signalCode, ms: Date.now() - started });
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => {
                clearTimeout(force);
                done();
              });
              child.kill('SIGTERM');
            },
          ),
      ),
    );
    await Promise.all(databases.map((database) => dropDatabase(databaseUrl, database)));
    return results;
  };
  try {
    await Promise.all(
      Object.values(services).map((service) =>
        eventually(
          async () => {
            if (service.process.exitCode !== null) {
              throw new Error(`${service.name} exited:\n${service.output.join('')}`);
            }
            const res = await fetch(`${service.url}/readyz`).catch(() => undefined);
            return res?.status === 200;
          },
          { timeoutMs: options.readyTimeoutMs ?? 90_000, intervalMs: 250, what: `${service.name} /readyz` },
        ),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { services, stop };
}
