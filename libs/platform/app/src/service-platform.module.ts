import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import {
  AUTHENTICATOR,
  IdentityGuard,
  INTERNAL_AUTH_SECRET,
  InternalIdentityAuthenticator,
} from '@emporium/platform-auth';
import { ProblemDetailsFilter, createValidationPipe } from '@emporium/platform-http';
import { createKafka } from '@emporium/platform-messaging';
import {
  configureTracing,
  createRootLogger,
  loggerParams,
  shutdownTracing,
} from '@emporium/platform-observability';
import { openDataSource } from '@emporium/platform-persistence';
import { REDIS, createRedis } from '@emporium/platform-redis';
import { HealthController } from './health.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { MessagingRuntime } from './messaging-runtime';
import { PeriodicTasks } from './periodic';
import { databaseNameOf } from './database-name';
import {
  KAFKA,
  ROOT_LOGGER,
  SERVICE_DEFINITION,
  type ServiceDefinition,
} from './service-definition';

/** Closes the connections the platform opened, after the messaging runtime has drained. */
class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.dataSource.destroy().catch(() => undefined);
    this.redis.disconnect();
    await shutdownTracing().catch(() => undefined);
  }
}

/**
 * Everything a service stands on, wired once: JSON logs, its migrated database, Redis, Kafka
 * (outbox relay and consumer group), identity guard, validation, problem+json errors, health and
 * metrics. A service's AppModule imports `ServicePlatformModule.forService(...)` and adds its own.
 */
@Module({})
export class ServicePlatformModule {
  static forService(service: ServiceDefinition): DynamicModule {
    const logger = createRootLogger(service.name, service.config.LOG_LEVEL);
    configureTracing(service.name, { endpoint: service.config.OTEL_EXPORTER_OTLP_ENDPOINT });
    return {
      module: ServicePlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerParams(logger)),
        // Readiness is polled constantly; /readyz itself says what is down.
        TerminusModule.forRoot({ logger: false }),
        DiscoveryModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_DEFINITION, useValue: service },
        { provide: ROOT_LOGGER, useValue: logger },
        {
          provide: INTERNAL_AUTH_SECRET,
          useValue: [
            service.config.INTERNAL_AUTH_SECRET,
            service.config.INTERNAL_AUTH_SECRET_PREVIOUS,
          ].filter((secret): secret is string => secret !== undefined),
        },
        InternalIdentityAuthenticator,
        {
          provide: AUTHENTICATOR,
          useExisting: service.authenticator ?? InternalIdentityAuthenticator,
        },
        {
          provide: DataSource,
          useFactory: () =>
            openDataSource({
              serverUrl: service.config.DATABASE_URL,
              database: databaseNameOf(service),
              entities: service.entities,
              migrations: service.migrations,
              poolSize: service.config.DB_POOL_SIZE,
              poolTimeoutMs: service.config.DB_POOL_TIMEOUT_MS,
              migrate: service.config.DB_MIGRATE_ON_START,
            }),
        },
        { provide: REDIS, useFactory: () => createRedis(service.config.REDIS_URL) },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({
              brokers: service.config.KAFKA_BROKERS,
              clientId: service.name,
              log: logger.child({ component: 'kafka' }),
            }),
        },
        MessagingRuntime,
        ConnectionsCloser,
        PeriodicTasks,
        { provide: APP_GUARD, useClass: IdentityGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [SERVICE_DEFINITION, ROOT_LOGGER, DataSource, REDIS, KAFKA, PeriodicTasks],
    };
  }
}
