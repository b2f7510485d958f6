import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NAMES } from '@emporium/testing';

const ROOT = join(__dirname, '../../..');
const secret = () => randomBytes(36).toString('base64url');
/** What an operator sets before `docker compose up` (README, "Running with Docker"): compose has no fallbacks. */
const SECRETS: Record<string, string> = {
  POSTGRES_PASSWORD: secret(),
  INTERNAL_AUTH_SECRET: secret(),
  GATEWAY_JWT_SECRET: secret(),
  EMPORIUM_ADMIN_PASSWORD: secret(),
  PAYMENTS_WEBHOOK_SECRET_SANDBOX: secret(),
  PAYMENTS_WEBHOOK_SECRET_ALIPAY: secret(),
  PAYMENTS_WEBHOOK_SECRET_WECHAT: secret(),
  LOGISTICS_CARRIER_SECRETS: ['emporium-fleet', 'zto-express', 'sf-express', 'city-riders']
    .map((c) => `${c}=${secret()}`)
    .join(','),
};

const NO_ENV_FILE = join(mkdtempSync(join(tmpdir(), 'emporium-compose-')), 'empty.env');
writeFileSync(NO_ENV_FILE, '');

/** `docker-compose config` with `env` only (not a developer's .env, nothing of this process' environment but PATH). */
function composeConfig(env: Record<string, string>) {
  return spawnSync('docker-compose', ['--env-file', NO_ENV_FILE, 'config'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
}

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: unknown[];
  healthcheck?: unknown;
}

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>;

  beforeAll(() => {
    // Debian's docker-compose validates and resolves the file (anchors, defaults) without an engine.
    const run = composeConfig(SECRETS);
    if (run.error)
      throw new Error(
        `docker-compose is not installed (apt-get install docker-compose): ${run.error.message}`,
      );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    services = parse(run.stdout).services;
  });

  it.each(Object.keys(SECRETS))(
    'refuses to render without %s, naming it, instead of a public fallback',
    (name) => {
      const run = composeConfig(
        Object.fromEntries(Object.entries(SECRETS).filter(([key]) => key !== name)),
      );
      expect({ name, status: run.status, names: run.stderr.includes(name) }).toEqual({
        name,
        status: 1,
        names: true,
      });
    },
  );

  it('keeps a store pickup 7 days unless the operator sets LOGISTICS_PICKUP_WINDOW_DAYS', () => {
    expect(services.logistics.environment?.LOGISTICS_PICKUP_WINDOW_DAYS).toBe('7');
    const run = composeConfig({ ...SECRETS, LOGISTICS_PICKUP_WINDOW_DAYS: '3' });
    expect(run.status).toBe(0);
    const logistics = (parse(run.stdout) as { services: Record<string, ComposeService> }).services
      .logistics;
    expect(logistics.environment?.LOGISTICS_PICKUP_WINDOW_DAYS).toBe('3');
  });

  it('passes each secret through as given, with no default of its own', () => {
    const file = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(file).not.toMatch(/change-me|:-[^}]*secret/i);
    expect(services.gateway.environment).toMatchObject({
      GATEWAY_JWT_SECRET: SECRETS.GATEWAY_JWT_SECRET,
      EMPORIUM_ADMIN_PASSWORD: SECRETS.EMPORIUM_ADMIN_PASSWORD,
      INTERNAL_AUTH_SECRET: SECRETS.INTERNAL_AUTH_SECRET,
    });
  });

  it('runs real Apache Kafka in KRaft mode, Postgres and Redis, each with a healthcheck', () => {
    expect(services.kafka.image).toMatch(/^apache\/kafka:\d/);
    expect(services.kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    expect(services.postgres.image).toMatch(/^postgres:15/);
    expect(services.redis.image).toMatch(/^redis:7/);
    for (const name of ['kafka', 'postgres', 'redis'])
      expect(services[name].healthcheck).toBeDefined();
  });

  it.each(SERVICE_NAMES)('runs %s from the shared Dockerfile with its infrastructure', (name) => {
    const service = services[name];
    expect(service.build).toMatchObject({ target: 'runtime', args: { SERVICE: name } });
    expect(service.environment).toMatchObject({
      NODE_ENV: 'production',
      KAFKA_BROKERS: 'kafka:9092',
      REDIS_URL: 'redis://redis:6379',
      [`${name.toUpperCase().replace(/-/g, '_')}_PORT`]: expect.stringMatching(/^\d+$/),
    });
    expect(service.environment!.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(service.environment!.INTERNAL_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    // Reached over the compose network; /readyz and /metrics on a port nothing publishes.
    expect(service.environment).toMatchObject({
      HOST: '0.0.0.0',
      MANAGEMENT_PORT: expect.stringMatching(/^\d+$/),
    });
    expect(Object.keys(service.depends_on ?? {}).sort()).toEqual(['kafka', 'postgres', 'redis']);
  });

  it.each(SERVICE_NAMES)('gives %s every setting its production config requires', (name) => {
    // Loads the built service's own config with the compose environment, as the container would.
    const script = `
      const config = require('./dist/apps/${name}/src/config.js');
      const load = Object.values(config).find((f) => typeof f === 'function' && /^load.*Config$/.test(f.name));
      load(JSON.parse(process.argv[1]));`;
    const run = spawnSync(
      process.execPath,
      ['-e', script, JSON.stringify(services[name].environment)],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect({ name, status: run.status, stderr: run.stderr }).toEqual({
      name,
      status: 0,
      stderr: '',
    });
  });

  it('points the gateway at every service by its compose name', () => {
    const env = services.gateway.environment!;
    for (const name of SERVICE_NAMES.filter((n) => n !== 'gateway')) {
      const key = `GATEWAY_${name.toUpperCase().replace(/-/g, '_')}_URL`;
      expect({ key, url: env[key] }).toEqual({
        key,
        url: expect.stringMatching(new RegExp(`^http://${name}:\\d+$`)),
      });
    }
  });

  it('publishes only the gateway on the host, on 127.0.0.1 unless told, and not its management port', () => {
    const published = Object.entries(services)
      .filter(([, s]) => s.ports?.length)
      .map(([name]) => name);
    expect(published).toEqual(['gateway']);
    expect(services.gateway.ports).toEqual(['127.0.0.1:3000:3000/tcp']);
    const everywhere = parse(
      composeConfig({ ...SECRETS, EMPORIUM_PUBLISH_ADDRESS: '0.0.0.0' }).stdout,
    ) as { services: Record<string, ComposeService> };
    expect(everywhere.services.gateway.ports).toEqual(['0.0.0.0:3000:3000/tcp']);
  });

  it('builds a production image that runs as a non-root user with a healthcheck', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=production-deps/);
  });
});
