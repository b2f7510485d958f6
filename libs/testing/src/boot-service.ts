import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InfrastructureConfig } from '@emporium/platform-config';
import { createServiceApp, type ServiceEntry } from '@emporium/platform-app';
import { createTestDatabase, uniqueSuffix, type TestDatabase } from './database';
import type { TestKafka } from './kafka';

/** A service booted in the test process on a random port, with its own database and group. */
export interface TestService<C> {
  readonly app: NestFastifyApplication;
  readonly config: C;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly database: TestDatabase;
  /** Closes the app (draining messaging) and drops its database. */
  stop(): Promise<void>;
}

/** Boots a service through its real entry (config, module, platform hooks) for one suite. */
export async function bootService<C extends InfrastructureConfig>(
  entry: ServiceEntry<C>,
  options: { kafka: TestKafka; name: string; env?: Record<string, string> },
): Promise<TestService<C>> {
  const database = await createTestDatabase(`test_${options.name}`);
  const config = entry.loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_NAME: database.name,
    KAFKA_BROKERS: options.kafka.brokers,
    KAFKA_GROUP_ID: `${options.name}-${uniqueSuffix()}`,
    ...options.env,
  });
  const app = await createServiceApp(entry.appModule(config), {
    trustProxy: entry.trustProxy?.(config),
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    database,
    stop: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
