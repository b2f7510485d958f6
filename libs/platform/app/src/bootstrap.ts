import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import {
  createFastifyAdapter,
  installRequestHooks,
  type TrustProxy,
} from '@emporium/platform-http';
import {
  createDataSource,
  databaseUrl,
  ensureDatabase,
  migrate,
} from '@emporium/platform-persistence';
import { databaseNameOf } from './database-name';
import type { ServiceDefinition } from './service-definition';

/** Applications draining for shutdown: their answers tell clients not to reuse the connection. */
const draining = new WeakSet<NestFastifyApplication>();

/** Builds the service's Nest application on Fastify with the platform's hooks, not yet listening. */
export async function createServiceApp(
  appModule: DynamicModule,
  options: { trustProxy?: TrustProxy } = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    appModule,
    createFastifyAdapter(options),
    {
      bufferLogs: true,
      // Webhook signatures are computed over the exact bytes received.
      rawBody: true,
    },
  );
  app.useLogger(app.get(Logger));
  installRequestHooks(app.getHttpAdapter().getInstance());
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (draining.has(app)) void reply.header('connection', 'close');
      done(null, payload);
    });
  await app.register(helmet);
  // An answer's ETag is a hash of its uncompressed bytes (weak, as compression changes them), and
  // a request naming it in If-None-Match gets 304 without a body. Before compress: its hook must see
  // the bytes, not the compressed stream. An ETag a service already set (the gateway relays the
  // service's) is kept.
  await app.register(etag, { weak: true });
  await app.register(compress, { threshold: 1_024 });
  return app;
}

/**
 * Closes `app` gracefully: stop accepting and finish in-flight requests, then stop consumers
 * (committing offsets), flush the outbox relay and close pools. Forces exit after `graceMs`.
 */
export async function shutdownGracefully(
  app: NestFastifyApplication,
  graceMs: number,
): Promise<void> {
  const force = setTimeout(() => {
    process.stderr.write(`shutdown took longer than ${graceMs} ms; exiting\n`);
    process.exit(1);
  }, graceMs);
  force.unref();
  // HTTP first (new requests get 503, in-flight ones finish), so nothing writes to the outbox after
  // the relay's final flush; then Nest's hooks stop consumers, flush the relay and close pools.
  // Answers during the drain say `Connection: close`, so keep-alive connections (the gateway's
  // pool keeps them) end with their last answer instead of holding the close until they time out.
  draining.add(app);
  await app.getHttpAdapter().close();
  await app.close();
  clearTimeout(force);
}

/** Starts a service process: listen on `port`, and shut down gracefully on SIGTERM or SIGINT. */
export async function runService(
  appModule: DynamicModule,
  options: { port: number; host?: string; graceMs: number; trustProxy?: TrustProxy },
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(appModule, { trustProxy: options.trustProxy });
  let closing = false;
  const onSignal = () => {
    if (closing) return;
    closing = true;
    shutdownGracefully(app, options.graceMs).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `shutdown failed: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await app.listen(options.port, options.host ?? '127.0.0.1');
  return app;
}

/** Creates the service's database if needed and runs its migrations (the migration job's command). */
export async function migrateOnly(service: ServiceDefinition): Promise<void> {
  const database = databaseNameOf(service);
  await ensureDatabase(service.config.DATABASE_URL, database);
  const dataSource = createDataSource({
    serverUrl: service.config.DATABASE_URL,
    database,
    entities: service.entities,
    migrations: service.migrations,
  });
  await dataSource.initialize();
  try {
    await migrate(dataSource, databaseUrl(service.config.DATABASE_URL, database));
  } finally {
    await dataSource.destroy();
  }
}
