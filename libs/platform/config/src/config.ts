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

/** Specs of secrets and passwords: in production their values must be this deployment's own. */
const SENSITIVE = new WeakMap<object, { readonly minLengthInProduction: number }>();

function sensitive<V extends (...args: never[]) => object>(
  validator: V,
  minLengthInProduction: number,
): V {
  return ((...args: Parameters<V>) => {
    const spec = validator(...args);
    SENSITIVE.set(spec, { minLengthInProduction });
    return spec;
  }) as V;
}

/**
 * A secret string of at least 32 characters (signing keys, shared secrets). In production it may
 * not be a published value: a placeholder of the examples or a development default.
 */
export const secret = sensitive(
  makeValidator<string>((input) => {
    if (input.length < 32) throw new EnvError(`too short: ${input.length} characters`);
    return input;
  }),
  32,
);

/** A password; in production at least 12 characters and not a published placeholder or default. */
export const password = sensitive(
  makeValidator<string>((input) => {
    if (input.length === 0) throw new EnvError('empty');
    return input;
  }),
  12,
);

// Values published with the code (examples, docs, compose, k8s *.env.example) sign nothing:
// anyone can forge with them.
const PLACEHOLDER =
  /replace[-_ ]?me|change[-_ ]?me|^dev-only-|placeholder|^(?:secret|password|changeit|admin)$/i;

/** Whether `value` is a placeholder published with the code (REPLACE-ME, change-me, dev-only-, …). */
export function isPlaceholderSecret(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/**
 * The secrets and passwords of `specs` set in `env` that are placeholders, development defaults
 * or too short for production, each as a problem line (`loadConfig` checks them in production).
 */
export function weakSecrets(specs: object, env: NodeJS.ProcessEnv): string[] {
  const entries = Object.entries(specs).flatMap(([name, spec]) => {
    const rule = SENSITIVE.get(spec as object);
    return rule ? [{ name, spec: spec as { devDefault?: unknown }, rule }] : [];
  });
  const published = new Set(
    entries.map((e) => e.spec.devDefault).filter((v) => typeof v === 'string'),
  );
  const problems: string[] = [];
  for (const { name, rule } of entries) {
    const value = env[name];
    if (value === undefined) continue;
    if (isPlaceholderSecret(value) || published.has(value)) {
      problems.push(
        `${name}: a placeholder or development value, which anyone can read in the code; set this deployment's own (e.g. openssl rand -base64 48)`,
      );
    } else if (value.length < rule.minLengthInProduction) {
      problems.push(
        `${name}: too short for production: ${value.length} characters (at least ${rule.minLengthInProduction})`,
      );
    }
  }
  return problems;
}

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
  const weak = env.NODE_ENV === 'production' ? weakSecrets(specs as object, env) : [];
  const cleaned = cleanEnv(env, specs, {
    reporter: ({ errors }: ReporterOptions<S>) => {
      const names = Object.keys(errors) as (keyof S & string)[];
      if (names.length === 0 && weak.length === 0) return;
      throw new ConfigError([
        ...names.map((name) => {
          const error = errors[name];
          const raw = env[name];
          const got = raw === undefined ? 'it is not set' : (error?.message ?? `got "${raw}"`);
          const expects = describe(specs[name]);
          return `${name}: ${got}${expects ? ` (expected ${expects})` : ''}`;
        }),
        ...weak.filter((problem) => !names.some((name) => problem.startsWith(`${name}:`))),
      ]);
    },
  });
  if (weak.length > 0) throw new ConfigError(weak);
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
