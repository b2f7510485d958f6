import { randomBytes, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { createRedis } from '@emporium/platform-redis';
import { eventually, startTcpProxy, type TcpProxy } from '@emporium/testing';
import {
  OrderStatusFeed,
  OrderStatusFeedUnavailable,
} from '../src/order-stream/application/order-status-feed';
import type { OrderStatusUpdate } from '../src/order-stream/domain/order-status-stream';
import type { GatewayConfig } from '../src/config';

// The feed against a real Redis behind a proxy, so the test can take Redis away from it alone.
let proxy: TcpProxy;
let redis: Redis;
let feed: OrderStatusFeed;

beforeAll(async () => {
  const url = process.env.REDIS_URL!;
  const target = new URL(url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  redis = createRedis(proxy.urlFor(url));
  const config = { GATEWAY_REDIS_PREFIX: `test:feed:${randomBytes(6).toString('hex')}` };
  feed = new OrderStatusFeed(redis, config as GatewayConfig);
});
afterAll(async () => {
  feed?.onApplicationShutdown();
  redis?.disconnect();
  await proxy?.close();
});

const paid: OrderStatusUpdate = { status: 'PAID', at: new Date().toISOString() };

describe('order status feed', () => {
  it('delivers a published update to every listener of the order, and none after unsubscribing', async () => {
    const orderId = randomUUID();
    const heard: string[] = [];
    const [first, second] = await Promise.all([
      feed.subscribe(orderId, (update) => heard.push(`first:${update.status}`)),
      feed.subscribe(orderId, (update) => heard.push(`second:${update.status}`)),
    ]);
    await feed.publish(orderId, paid);
    await eventually(() => heard.length === 2, { what: 'both listeners heard it' });
    expect(heard.sort()).toEqual(['first:PAID', 'second:PAID']);

    await first();
    await second();
    await feed.publish(orderId, paid);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toHaveLength(2);
  });

  it('refuses a subscription Redis does not take as unavailable, and subscribes anew once Redis is back', async () => {
    const orderId = randomUUID();
    const heard: OrderStatusUpdate[] = [];
    proxy.setMode('refuse');
    await expect(feed.subscribe(orderId, (update) => heard.push(update))).rejects.toBeInstanceOf(
      OrderStatusFeedUnavailable,
    );

    proxy.setMode('forward');
    // The failed subscription left nothing behind: this one issues its own SUBSCRIBE.
    const unsubscribe = await feed.subscribe(orderId, (update) => heard.push(update));
    await feed.publish(orderId, paid);
    await eventually(() => heard.length === 1, { what: 'the update' });
    expect(heard).toEqual([paid]);
    await unsubscribe();
  });
});
