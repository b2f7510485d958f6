import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import { Public } from '@emporium/platform-auth';
import { REDIS } from '@emporium/platform-redis';
import { metricsRegistry } from '@emporium/platform-observability';
import { KAFKA, SERVICE_DEFINITION, type ServiceDefinition } from './service-definition';
import { MessagingRuntime } from './messaging-runtime';
import { ReportsReadiness, type ReadinessProbe } from './readiness';

const CHECK_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer in ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What `/readyz` answers: 200 when every check is up, else 503 naming what is down. */
export interface ReadinessReport {
  readonly status: 200 | 503;
  readonly body: unknown;
}

/**
 * `/healthz` (alive), `/readyz` (database, Redis and Kafka reachable, plus each further consumer
 * group by its name and each `@ReportsReadiness` provider of the service) and `/metrics`. With a MANAGEMENT_PORT, `/readyz` and `/metrics` are
 * served there (`serveManagement`) and answer 404 here: they name the dependencies and their state,
 * which is nobody's business outside the cluster.
 */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  private admin?: Admin;
  private ownProbes?: [string, ReadinessProbe][];

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly messaging: MessagingRuntime,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly discovery: DiscoveryService,
    @Inject(SERVICE_DEFINITION) private readonly service: ServiceDefinition,
  ) {}

  @Get('healthz')
  alive() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    this.onlyWithoutManagementPort();
    const report = await this.readiness();
    void reply.status(report.status);
    return report.body;
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics() {
    this.onlyWithoutManagementPort();
    return metricsRegistry.metrics();
  }

  /** Checks the database, Redis, Kafka and the service's own probes. */
  async readiness(): Promise<ReadinessReport> {
    try {
      const body = await this.health.check([
        () => this.probe('database', () => this.dataSource.query('SELECT 1')),
        () => this.probe('redis', () => this.redis.ping()),
        () => this.probe('kafka', () => this.kafkaReady()),
        ...this.messaging.groupNames.map(
          (group) => () => this.probe(group, async () => this.messaging.groupReady(group)),
        ),
        ...this.serviceProbes().map(
          ([key, probe]) =>
            () =>
              this.probe(key, async () => probe.ready()),
        ),
      ]);
      return { status: 200, body };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      return { status: 503, body: error.getResponse() };
    }
  }

  private onlyWithoutManagementPort(): void {
    if (this.service.config.MANAGEMENT_PORT !== undefined) throw new NotFoundException();
  }

  private async probe(key: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await within(check(), key);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private serviceProbes(): [string, ReadinessProbe][] {
    this.ownProbes ??= this.discovery
      .getProviders({ metadataKey: ReportsReadiness.KEY })
      .flatMap((wrapper) => {
        const key = this.discovery.getMetadataByDecorator(ReportsReadiness, wrapper);
        return key && wrapper.instance
          ? [[key, wrapper.instance as ReadinessProbe] as [string, ReadinessProbe]]
          : [];
      });
    return this.ownProbes;
  }

  private async kafkaReady(): Promise<void> {
    if (!this.messaging.isStarted)
      throw new Error('the outbox relay and consumers are not running yet');
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    await this.admin.describeCluster();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}
