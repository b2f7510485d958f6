import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import type { OrderStatusUpdate } from '../domain/order-status-stream';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

type Listener = (update: OrderStatusUpdate) => void;

const SUBSCRIBE_TIMEOUT_MS = 2_000;

interface Channel {
  readonly listeners: Set<Listener>;
  /** The SUBSCRIBE every listener of the channel waits for. */
  readonly subscribed: Promise<unknown>;
}

/**
 * Order status changes over Redis pub/sub: whichever replica consumes an order event publishes it,
 * and every replica holding a stream of that order hears it.
 */
@Injectable()
export class OrderStatusFeed implements OnApplicationShutdown {
  // A subscribed connection can run no other command: it gets its own, connected from the start
  // so that the first stream does not wait for (or fail on) a connection made under load.
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Channel>();
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.prefix = `${config.GATEWAY_REDIS_PREFIX}:order-status:`;
    this.subscriber = redis.duplicate();
    // A lost connection shows as subscriptions that fail; ioredis reconnects and resubscribes.
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (name: string, message: string) => {
      const update = JSON.parse(message) as OrderStatusUpdate;
      for (const listener of this.channels.get(name)?.listeners ?? []) listener(update);
    });
  }

  async publish(orderId: string, update: OrderStatusUpdate): Promise<void> {
    await this.redis.publish(this.prefix + orderId, JSON.stringify(update));
  }

  /**
   * Calls `listener` with each update of `orderId` until the returned function is called; throws
   * OrderStatusFeedUnavailable when Redis does not take the subscription.
   */
  async subscribe(orderId: string, listener: Listener): Promise<() => Promise<void>> {
    const name = this.prefix + orderId;
    let channel = this.channels.get(name);
    if (!channel) {
      channel = {
        listeners: new Set(),
        subscribed: this.subscribeWithin(name, SUBSCRIBE_TIMEOUT_MS),
      };
      this.channels.set(name, channel);
    }
    channel.listeners.add(listener);
    try {
      await channel.subscribed;
    } catch (error) {
      await this.remove(name, listener);
      throw new OrderStatusFeedUnavailable(error);
    }
    return () => this.remove(name, listener);
  }

  onApplicationShutdown(): void {
    this.subscriber.disconnect();
  }

  // A SUBSCRIBE sent just before the connection drops is resent after every reconnect, without
  // the retry limit other commands have: a stream waits for it only so long.
  private async subscribeWithin(name: string, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`SUBSCRIBE not confirmed within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([this.subscriber.subscribe(name), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async remove(name: string, listener: Listener): Promise<void> {
    const channel = this.channels.get(name);
    if (!channel?.listeners.delete(listener) || channel.listeners.size > 0) return;
    this.channels.delete(name);
    await this.subscriber.unsubscribe(name).catch(() => undefined);
  }
}

/** Redis did not take a subscription: the stream cannot promise to deliver changes. */
export class OrderStatusFeedUnavailable extends Error {
  constructor(cause: unknown) {
    super('The order status feed is unavailable', { cause });
  }
}
