import { request } from 'node:http';
import { Socket } from 'node:net';
import { existsSync } from 'node:fs';

/** Where the tests' Postgres and Redis are. */
export interface DataInfrastructure {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Stops what resolution started (containers); a no-op for services from the environment. */
  stop(): Promise<void>;
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export function answers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

function answersUrl(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return answers(hostname, Number(port || defaultPort));
}

/** True when a Docker engine answers `/_ping` on its socket (Testcontainers can then be used). */
export function dockerAnswers(timeoutMs = 1_500): Promise<boolean> {
  const host = process.env.DOCKER_HOST;
  const socketPath = host?.startsWith('unix://')
    ? host.slice('unix://'.length)
    : '/var/run/docker.sock';
  if (host && !host.startsWith('unix://')) return Promise.resolve(true); // tcp engine: let Testcontainers try
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The message that stops a run that has neither Postgres/Redis nor Docker. */
export const NO_INFRASTRUCTURE = `
The tests need a real PostgreSQL and Redis; they are never faked. Provide them one of these ways:
  - set DATABASE_URL and REDIS_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres, redis://127.0.0.1:6379),
  - run them locally on their default ports (PostgreSQL 5432, Redis 6379),
  - or start a Docker engine, and Testcontainers will start them.`;

/**
 * Resolves Postgres and Redis in the platform's order: the environment (DATABASE_URL, REDIS_URL),
 * then local servers on the default ports, then Testcontainers when a Docker engine answers.
 */
export async function resolveDataInfrastructure(): Promise<DataInfrastructure> {
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  if (!databaseUrl && (await answersUrl(LOCAL_POSTGRES, 5432))) databaseUrl = LOCAL_POSTGRES;
  if (!redisUrl && (await answersUrl(LOCAL_REDIS, 6379))) redisUrl = LOCAL_REDIS;
  const stops: (() => Promise<unknown>)[] = [];
  if (!databaseUrl || !redisUrl) {
    if (!(await dockerAnswers())) throw new Error(NO_INFRASTRUCTURE);
    if (!databaseUrl) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const postgres = await new PostgreSqlContainer('postgres:15-alpine').start();
      databaseUrl = postgres.getConnectionUri();
      stops.push(() => postgres.stop());
    }
    if (!redisUrl) {
      const { RedisContainer } = await import('@testcontainers/redis');
      const redis = await new RedisContainer('redis:7-alpine').start();
      redisUrl = redis.getConnectionUrl();
      stops.push(() => redis.stop());
    }
  }
  return {
    databaseUrl,
    redisUrl,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
