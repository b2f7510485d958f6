import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import type { OrderStatusUpdate } from '../domain/order-status-stream';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

type Listener = (update: OrderStatusUpdate) => void;

/**
 * Order status changes over Redis pub/sub: whichever replica consumes an order event publishes it,
 * and every replica holding a stream of that order hears it.
 */
@Injectable()
export class OrderStatusFeed implements OnApplicationShutdown {
  private subscriber?: Redis;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.prefix = `${config.GATEWAY_REDIS_PREFIX}:order-status:`;
  }

  async publish(orderId: string, update: OrderStatusUpdate): Promise<void> {
    await this.redis.publish(this.prefix + orderId, JSON.stringify(update));
  }

  /** Calls `listener` with each update of `orderId` until the returned function is called. */
  async subscribe(orderId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = this.prefix + orderId;
    const subscriber = this.subscriberConnection();
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await subscriber.subscribe(channel);
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(channel);
      current?.delete(listener);
      if (current && current.size === 0) {
        this.listeners.delete(channel);
        await subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  private subscriberConnection(): Redis {
    if (!this.subscriber) {
      // A subscribed connection can run no other command: it gets its own.
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('message', (channel: string, message: string) => {
        const update = JSON.parse(message) as OrderStatusUpdate;
        for (const listener of this.listeners.get(channel) ?? []) listener(update);
      });
    }
    return this.subscriber;
  }
}
