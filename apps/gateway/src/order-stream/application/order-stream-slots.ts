import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

// One sorted set per user: a member per open stream, scored by when its lease runs out (Redis
// time, the same clock for every replica). Leases of a replica that died run out by themselves.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/** A place taken by one open stream: renew it while the stream lives, release it when it ends. */
export interface StreamSlot {
  renew(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Counts each user's open order streams in Redis, so the cap
 * (`GATEWAY_ORDER_STREAMS_PER_USER`) holds across every gateway replica.
 */
@Injectable()
export class OrderStreamSlots {
  private readonly prefix: string;
  private readonly cap: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.prefix = `${config.GATEWAY_REDIS_PREFIX}:order-streams:`;
    this.cap = config.GATEWAY_ORDER_STREAMS_PER_USER;
  }

  /** A place for one more stream of `userId` held for `leaseMs`, or undefined when all are taken. */
  async acquire(userId: string, leaseMs: number): Promise<StreamSlot | undefined> {
    const key = this.prefix + userId;
    const member = randomUUID();
    const taken = await this.redis.eval(ACQUIRE, 1, key, this.cap, leaseMs, member);
    if (taken !== 1) return undefined;
    return {
      renew: async () => {
        await this.redis.eval(RENEW, 1, key, leaseMs, member);
      },
      release: async () => {
        await this.redis.zrem(key, member);
      },
    };
  }
}
