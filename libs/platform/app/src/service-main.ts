import type { DynamicModule } from '@nestjs/common';
import { ConfigError, type InfrastructureConfig } from '@emporium/platform-config';
import type { TrustProxy } from '@emporium/platform-http';
import { migrateOnly, runService } from './bootstrap';
import { serveManagement } from './management';
import type { ServiceDefinition } from './service-definition';

/** A service's entry point, described once; `serviceMain` runs it. */
export interface ServiceEntry<C extends InfrastructureConfig> {
  readonly loadConfig: (env: NodeJS.ProcessEnv) => C;
  readonly definition: (config: C) => ServiceDefinition;
  readonly appModule: (config: C) => DynamicModule;
  readonly port: (config: C) => number;
  /** The proxies in front of the service whose `X-Forwarded-For` names the client (none when absent). */
  readonly trustProxy?: (config: C) => TrustProxy;
}

/** A startup failure explained in a sentence that says what to do, instead of a stack trace. */
export function explainStartupError(error: unknown, config?: InfrastructureConfig): string {
  if (error instanceof ConfigError) return error.message;
  const e = error as { code?: string; message?: string; address?: string; port?: number };
  if (e?.code === 'ECONNREFUSED' && config) {
    const where = `${e.address ?? '?'}:${e.port ?? '?'}`;
    if (String(e.port) === new URL(config.REDIS_URL).port) {
      return `Redis is not reachable at ${where}. Start it (redis-server) or set REDIS_URL.`;
    }
    return (
      `PostgreSQL is not reachable at ${where}. Start it (e.g. pg_ctlcluster 15 main start, or ` +
      `docker compose up postgres) or set DATABASE_URL to a server you can use.`
    );
  }
  if (e?.code === '28P01' || e?.code === '28000') {
    return `PostgreSQL refused the credentials in DATABASE_URL: ${e.message}`;
  }
  return `Startup failed: ${e?.message ?? String(error)}`;
}

/**
 * Runs the process: `main.js` serves, `main.js migrate` only creates and migrates the database
 * (the Kubernetes migration job). Startup errors are printed as one readable paragraph.
 */
export function serviceMain<C extends InfrastructureConfig>(entry: ServiceEntry<C>): void {
  let config: C | undefined;
  const run = async () => {
    config = entry.loadConfig(process.env);
    if (process.argv[2] === 'migrate') {
      await migrateOnly(entry.definition(config));
      return;
    }
    const app = await runService(entry.appModule(config), {
      port: entry.port(config),
      host: config.HOST,
      graceMs: config.SHUTDOWN_GRACE_MS,
      trustProxy: entry.trustProxy?.(config),
    });
    if (config.MANAGEMENT_PORT !== undefined) {
      await serveManagement(app, { port: config.MANAGEMENT_PORT, host: config.HOST });
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`${explainStartupError(error, config)}\n`);
    process.exit(1);
  });
}
