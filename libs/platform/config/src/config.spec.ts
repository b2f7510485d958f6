import { ConfigError, infrastructureSpecs, loadConfig, port, str } from './config';

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
    const config = loadConfig({ ...infrastructureSpecs, ORDERS_PORT: port({ default: 3002 }) }, {
      NODE_ENV: 'test',
    });
    expect(config.ORDERS_PORT).toBe(3002);
    expect(config.KAFKA_TOPIC_PARTITIONS).toBe(6);
    expect(config.DATABASE_NAME).toBeUndefined();
  });

  it('names a missing variable and says what it expects', () => {
    const problems = problemsOf(() =>
      loadConfig({ PAYMENTS_WEBHOOK_SECRET: str({ desc: 'HMAC secret of the sandbox provider' }) }, {}),
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
    expect(problems[0]).toMatch(/^ORDERS_PORT: Invalid port input: "eighty" \(expected HTTP port\)$/);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      loadConfig(infrastructureSpecs, { NODE_ENV: 'staging', KAFKA_TOPIC_PARTITIONS: 'six' }),
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'KAFKA_TOPIC_PARTITIONS',
      'NODE_ENV',
    ]);
    expect(problems.find((p) => p.startsWith('NODE_ENV'))).toContain('one of development, test, production');
  });

  it('requires the internal secret in production and refuses a short one', () => {
    expect(problemsOf(() => loadConfig(infrastructureSpecs, { NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^INTERNAL_AUTH_SECRET: it is not set/),
    ]);
    const short = problemsOf(() =>
      loadConfig(infrastructureSpecs, { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'hunter2' }),
    );
    expect(short).toEqual([expect.stringMatching(/^INTERNAL_AUTH_SECRET: too short: 7 characters/)]);
  });

  it('uses the development secret outside production', () => {
    const config = loadConfig(infrastructureSpecs, { NODE_ENV: 'development' });
    expect(config.INTERNAL_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
