import Redis from 'ioredis';

/** Injection token of the service's Redis client. */
export const REDIS = Symbol('REDIS');

/** A Redis client that fails commands fast while Redis is down instead of queueing them forever. */
export function createRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 2,
    connectTimeout: 3_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}
