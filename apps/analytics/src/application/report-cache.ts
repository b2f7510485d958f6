import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { SERVICE_DEFINITION, databaseNameOf, type ServiceDefinition } from '@emporium/platform-app';
import { REDIS } from '@emporium/platform-redis';

/** Injection token of how long heavy reports are cached, in seconds (0 = not cached). */
export const REPORT_CACHE_SECONDS = Symbol('REPORT_CACHE_SECONDS');

/**
 * Caches the reports that compute over facts (segments, associations, forecast, stats) in Redis
 * for a short time: a dashboard refreshing every minute then costs one computation per period.
 */
@Injectable()
export class ReportCache {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REPORT_CACHE_SECONDS) private readonly seconds: number,
    @Inject(SERVICE_DEFINITION) service: ServiceDefinition,
  ) {
    // Per database: test suites and environments sharing one Redis never see each other's reports.
    this.prefix = `analytics:${databaseNameOf(service)}:report:`;
  }

  async through<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.seconds <= 0) return compute();
    const name = this.prefix + key;
    const hit = await this.redis.get(name).catch(() => null);
    if (hit) return JSON.parse(hit) as T;
    const value = await compute();
    await this.redis.set(name, JSON.stringify(value), 'EX', this.seconds).catch(() => undefined);
    return value;
  }
}
