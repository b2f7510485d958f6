import {
  ConfigError,
  infrastructureSpecs,
  loadConfig,
  password,
  port,
  secret,
  str,
} from './config';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig(
      { ...infrastructureSpecs, ORDERS_PORT: port({ default: 3002 }) },
      {
        NODE_ENV: 'test',
      },
    );
    expect(config.ORDERS_PORT).toBe(3002);
    expect(config.KAFKA_TOPIC_PARTITIONS).toBe(6);
    expect(config.DATABASE_NAME).toBeUndefined();
  });

  it('names a missing variable and says what it expects', () => {
    const problems = problemsOf(() =>
      loadConfig(
        { PAYMENTS_WEBHOOK_SECRET: str({ desc: 'HMAC secret of the sandbox provider' }) },
        {},
      ),
    );
    expect(problems).toEqual([
      'PAYMENTS_WEBHOOK_SECRET: it is not set (expected HMAC secret of the sandbox provider)',
    ]);
  });

  it('names a malformed value with the value it got', () => {
    const problems = problemsOf(() =>
      loadConfig({ ORDERS_PORT: port({ desc: 'HTTP port' }) }, { ORDERS_PORT: 'eighty' }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^ORDERS_PORT: Invalid port input: "eighty" \(expected HTTP port\)$/,
    );
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      loadConfig(infrastructureSpecs, { NODE_ENV: 'staging', KAFKA_TOPIC_PARTITIONS: 'six' }),
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'KAFKA_TOPIC_PARTITIONS',
      'NODE_ENV',
    ]);
    expect(problems.find((p) => p.startsWith('NODE_ENV'))).toContain(
      'one of development, test, production',
    );
  });

  it('requires the internal secret in production and refuses a short one', () => {
    expect(problemsOf(() => loadConfig(infrastructureSpecs, { NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^INTERNAL_AUTH_SECRET: it is not set/),
    ]);
    const short = problemsOf(() =>
      loadConfig(infrastructureSpecs, { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'hunter2' }),
    );
    expect(short).toEqual([
      expect.stringMatching(/^INTERNAL_AUTH_SECRET: too short: 7 characters/),
    ]);
  });

  it('uses the development secret outside production', () => {
    const config = loadConfig(infrastructureSpecs, { NODE_ENV: 'development' });
    expect(config.INTERNAL_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('listens on this machine only unless told, and serves health beside the API unless given a management port', () => {
    const config = loadConfig(infrastructureSpecs, { NODE_ENV: 'development' });
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.MANAGEMENT_PORT).toBeUndefined();
    const told = loadConfig(infrastructureSpecs, {
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
      MANAGEMENT_PORT: '9464',
    });
    expect([told.HOST, told.MANAGEMENT_PORT]).toEqual(['0.0.0.0', 9464]);
  });
});

describe('secrets and passwords in production', () => {
  const specs = {
    ...infrastructureSpecs,
    SIGNING_KEY: secret({
      devDefault: 'the-development-signing-key-0123456789',
      desc: 'signing key',
    }),
    ADMIN_PASSWORD: password({ devDefault: 'dev-admin-pw', desc: 'first admin password' }),
  };
  const real = {
    NODE_ENV: 'production',
    INTERNAL_AUTH_SECRET: 'Zk3q9V1mXw8rT2pL6yH0sD4fG7jK5nB1cA',
    SIGNING_KEY: 'uN8mQ2wE5rT7yU1iO3pA6sD9fG0hJ4kL2z',
    ADMIN_PASSWORD: 'correct horse battery',
  };
  const problemNames = (env: NodeJS.ProcessEnv) =>
    problemsOf(() => loadConfig(specs, env)).map((p) => p.split(':')[0]);

  it('starts with values of its own', () => {
    expect(loadConfig(specs, real).ADMIN_PASSWORD).toBe('correct horse battery');
  });

  it.each([
    'REPLACE-ME-internal-auth-secret-0123456789abcdef',
    'replace_me_with_a_real_secret_0123456789abcdef',
    'compose-internal-secret-change-me-0123456789',
    'emporium-dev-internal-secret-changeme-0123',
    'dev-only-internal-auth-secret-0123456789abcdef',
    'a-placeholder-for-the-internal-secret-0123456',
  ])('refuses the published placeholder %s', (value) => {
    expect(problemNames({ ...real, INTERNAL_AUTH_SECRET: value })).toEqual([
      'INTERNAL_AUTH_SECRET',
    ]);
  });

  it("refuses the development default of any secret, its own or another's", () => {
    expect(
      problemNames({ ...real, SIGNING_KEY: 'the-development-signing-key-0123456789' }),
    ).toEqual(['SIGNING_KEY']);
    expect(problemNames({ ...real, ADMIN_PASSWORD: 'dev-admin-pw' })).toEqual(['ADMIN_PASSWORD']);
    expect(
      problemNames({ ...real, INTERNAL_AUTH_SECRET: 'emporium-dev-internal-secret-change-me' }),
    ).toEqual(['INTERNAL_AUTH_SECRET']);
  });

  it('refuses an admin password under 12 characters', () => {
    const problems = problemsOf(() =>
      loadConfig(specs, { ...real, ADMIN_PASSWORD: 'hunter2hunt' }),
    );
    expect(problems).toEqual([
      'ADMIN_PASSWORD: too short for production: 11 characters (at least 12)',
    ]);
    expect(
      loadConfig(specs, { ...real, ADMIN_PASSWORD: 'hunter2hunte' }).ADMIN_PASSWORD,
    ).toHaveLength(12);
  });

  it('reports weak secrets together with the other problems', () => {
    expect(
      problemNames({ ...real, KAFKA_TOPIC_PARTITIONS: 'six', ADMIN_PASSWORD: 'change-me' }).sort(),
    ).toEqual(['ADMIN_PASSWORD', 'KAFKA_TOPIC_PARTITIONS']);
  });

  it('lets development and tests run on the defaults', () => {
    expect(loadConfig(specs, { NODE_ENV: 'development' }).ADMIN_PASSWORD).toBe('dev-admin-pw');
    expect(
      loadConfig(specs, {
        NODE_ENV: 'test',
        ADMIN_PASSWORD: 'short',
        SIGNING_KEY: 'dev-only-signing-key-0123456789abcdef',
      }).ADMIN_PASSWORD,
    ).toBe('short');
  });
});
