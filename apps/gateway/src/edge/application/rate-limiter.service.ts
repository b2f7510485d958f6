import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { REDIS } from '@emporium/platform-redis';
import { rateLimitHeaders, type RateLimitBucket } from '../domain/rate-limit-policy';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

/**
 * The limits checked for a request: a bucket and the key counted in it. Logins are counted per IP
 * and e-mail (`login`), per e-mail across IPs (`login-email`) and per IP over all e-mails (`login-ip`).
 */
export type LimitKind = RateLimitBucket | 'login-email' | 'login-ip';

/** The verdict for one request: headers to send, and whether it is refused. */
export interface LimitVerdict {
  readonly limited: boolean;
  readonly headers: Record<string, string>;
}

/** Fixed-window counters in Redis (shared by every gateway replica), one minute per window. */
@Injectable()
export class RateLimiterService {
  private readonly limiters: Record<LimitKind, RateLimiterRedis>;
  private readonly log: Logger;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'rate-limit' });
    const limiter = (kind: LimitKind, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.GATEWAY_REDIS_PREFIX}:rl:${kind}`,
        points,
        duration: 60,
      });
    this.limiters = {
      login: limiter('login', config.GATEWAY_RATE_LIMIT_LOGIN),
      'login-email': limiter('login-email', config.GATEWAY_RATE_LIMIT_LOGIN),
      'login-ip': limiter('login-ip', config.GATEWAY_RATE_LIMIT_LOGIN_IP),
      register: limiter('register', config.GATEWAY_RATE_LIMIT_REGISTER),
      default: limiter('default', config.GATEWAY_RATE_LIMIT_DEFAULT),
    };
  }

  /** Counts one request of `key` in `kind`. Redis trouble lets the request through (logged). */
  async consume(kind: LimitKind, key: string): Promise<LimitVerdict> {
    const limiter = this.limiters[kind];
    try {
      const res = await limiter.consume(key);
      return {
        limited: false,
        headers: rateLimitHeaders(limiter.points, res.remainingPoints, res.msBeforeNext, false),
      };
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        return {
          limited: true,
          headers: rateLimitHeaders(limiter.points, 0, error.msBeforeNext, true),
        };
      }
      this.log.warn({ err: error }, 'Rate limit store unavailable; letting the request through');
      return { limited: false, headers: {} };
    }
  }
}
