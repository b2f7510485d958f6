// Makes this machine ready for `npm test`: the system programs the test layers drive, and the
// PostgreSQL and Redis they run against. Installs with apt where it can (root on Debian/Ubuntu);
// otherwise stops at once, naming the one command that would. Node built-ins only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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

/** The local PostgreSQL cluster a Debian machine has installed, started with pg_ctlcluster; or null. */
function debianPostgresStart() {
  if (!has('pg_ctlcluster') || !existsSync('/etc/postgresql')) return null;
  const version = readdirSync('/etc/postgresql').sort().at(-1);
  return version
    ? ['pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']]
    : null;
}

/**
 * Makes sure PostgreSQL and Redis answer where the tests will look for them: the URLs given, or
 * local default ports, started from this machine's own installation when they are not running.
 * A Docker engine (Testcontainers) is the tests' own fallback, so an unset URL with nothing to
 * start is left to them; a URL that was given and does not answer is an error here.
 */
export async function ensureDataServices(env = process.env) {
  const needs = [
    {
      name: 'PostgreSQL',
      variable: 'DATABASE_URL',
      port: 5432,
      start: debianPostgresStart(),
      apt: 'postgresql',
    },
    {
      name: 'Redis',
      variable: 'REDIS_URL',
      port: 6379,
      start: has('redis-server')
        ? [
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
          ]
        : null,
      apt: 'redis-server',
    },
  ];
  for (const { name, variable, port, start, apt } of needs) {
    const given = env[variable];
    if (given) {
      const url = new URL(given);
      if (!(await answers(url.hostname, Number(url.port || port)))) {
        fail(
          `${variable} points at ${url.hostname}:${url.port || port}, where no ${name} answers.`,
        );
      }
      continue;
    }
    if (await answers('127.0.0.1', port)) continue;
    if (start) {
      console.log(`Starting ${name} (${start[0]})…`);
      spawnSync(start[0], start[1], { stdio: 'inherit' });
      if (await waitFor('127.0.0.1', port)) continue;
      fail(`${name} did not start on 127.0.0.1:${port} (${start[0]} ${start[1].join(' ')}).`);
    }
    if (!dockerSocket()) {
      fail(
        `${name} is not running on 127.0.0.1:${port}, none is installed here, and there is no Docker engine for Testcontainers.\n` +
          `Install one (e.g. ${isRoot() ? '' : 'sudo '}apt-get install -y ${apt}, or brew install ${apt === 'redis-server' ? 'redis' : 'postgresql@15'}), ` +
          `run it with docker compose up -d ${name === 'Redis' ? 'redis' : 'postgres'}, or set ${variable}.`,
      );
    }
  }
}

function dockerSocket() {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}
