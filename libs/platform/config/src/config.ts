import {
  cleanEnv,
  str,
  num,
  bool,
  port,
  url,
  json,
  makeValidator,
  EnvError,
  type ReporterOptions,
} from 'envalid';

/** Validators for environment variables (envalid's), re-exported so services need no other import. */
export { str, num, bool, port, url, json };

/** Thrown when the environment is missing a variable or holds a wrong value; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A secret string of at least 32 characters (signing keys, shared secrets). */
export const secret = makeValidator<string>((input) => {
  if (input.length < 32) throw new EnvError(`too short: ${input.length} characters`);
  return input;
});

type Specs = Parameters<typeof cleanEnv>[1];

function describe(spec: unknown): string {
  const s = (spec ?? {}) as { desc?: string; choices?: readonly unknown[]; example?: string };
  const parts = [s.desc, s.choices && `one of ${s.choices.join(', ')}`];
  if (s.example) parts.push(`e.g. ${s.example}`);
  return parts.filter(Boolean).join('; ');
}

/**
 * Reads and validates the variables named by `specs` from `env`, returning typed values.
 * Every missing or malformed variable is reported at once, each with what it expects.
 */
export function loadConfig<S extends Specs>(specs: S, env: NodeJS.ProcessEnv = process.env) {
  const cleaned = cleanEnv(env, specs, {
    reporter: ({ errors }: ReporterOptions<S>) => {
      const names = Object.keys(errors) as (keyof S & string)[];
      if (names.length === 0) return;
      throw new ConfigError(
        names.map((name) => {
          const error = errors[name];
          const raw = env[name];
          const got = raw === undefined ? 'it is not set' : (error?.message ?? `got "${raw}"`);
          const expects = describe(specs[name]);
          return `${name}: ${got}${expects ? ` (expected ${expects})` : ''}`;
        }),
      );
    },
  });
  // A plain frozen object: envalid's proxy throws on reads of unknown keys, which frameworks do
  // when they probe a provider value for lifecycle hooks.
  return Object.freeze({ ...cleaned }) as typeof cleaned;
}

/** The variables every service reads: its infrastructure and runtime mode. */
export const infrastructureSpecs = {
  NODE_ENV: str({
    choices: ['development', 'test', 'production'],
    default: 'development',
    desc: 'runtime mode',
  }),
  DATABASE_URL: url({
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
    desc: 'PostgreSQL server URL; each service uses its own database emporium_<service> on it',
    example: 'postgres://user:pass@db:5432/postgres',
  }),
  REDIS_URL: url({ default: 'redis://127.0.0.1:6379', desc: 'Redis URL' }),
  KAFKA_BROKERS: str({
    default: '127.0.0.1:9092',
    desc: 'comma-separated Kafka bootstrap servers',
    example: 'kafka-0:9092,kafka-1:9092',
  }),
  DATABASE_NAME: str({
    default: undefined,
    desc: "the service's database on the server, emporium_<service> when unset",
  }),
  KAFKA_GROUP_ID: str({
    default: undefined,
    desc: "the service's consumer group, the service name when unset",
  }),
  KAFKA_TOPIC_PARTITIONS: num({ default: 6, desc: 'partitions of the topics a service creates' }),
  KAFKA_SESSION_TIMEOUT_MS: num({
    default: 30_000,
    desc: 'how long the consumer group waits for a silent member (a crashed replica) before giving its partitions to others',
  }),
  KAFKA_CONSUMER_CONCURRENCY: num({
    default: 3,
    desc: 'partitions a replica handles at once (one database transaction each); raise it when consumers lag and the database has headroom',
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: url({
    default: undefined,
    desc: 'OTLP/HTTP collector base URL for traces (e.g. http://otel-collector:4318); tracing is off when unset',
  }),
  LOG_LEVEL: str({
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    desc: 'log level',
  }),
  DB_POOL_SIZE: num({ default: 10, desc: 'connections in the service’s database pool' }),
  DB_POOL_TIMEOUT_MS: num({
    default: 10_000,
    desc: 'longest wait for a pooled connection (or a new one) before a query fails',
  }),
  DB_MIGRATE_ON_START: bool({
    default: true,
    desc: 'run pending migrations when the service starts (off where a migration job runs them)',
  }),
  INTERNAL_AUTH_SECRET: secret({
    devDefault: 'emporium-dev-internal-secret-change-me',
    desc: 'shared secret, at least 32 characters, that signs the identity the gateway hands to services',
  }),
  INTERNAL_AUTH_SECRET_PREVIOUS: secret({
    default: undefined,
    desc: 'the secret being rotated out: identities signed with it are still accepted (never used to sign)',
  }),
  SHUTDOWN_GRACE_MS: num({ default: 10_000, desc: 'time allowed to drain on SIGTERM, in ms' }),
  HOST: str({
    default: '127.0.0.1',
    desc: 'address the service listens on: this machine only unless told (containers and Kubernetes set 0.0.0.0)',
  }),
  MANAGEMENT_PORT: port({
    default: undefined,
    desc: 'port of /readyz and /metrics, apart from the API (Kubernetes: for the kubelet and Prometheus only); unset: both on the service port',
  }),
};

/** The validated infrastructure variables. */
export type InfrastructureConfig = ReturnType<typeof loadConfig<typeof infrastructureSpecs>>;
