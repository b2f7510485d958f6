import { randomUUID } from 'node:crypto';
import {
  TOPICS,
  topicOf,
  type EventData,
  type EventEnvelope,
  type EventType,
  type OrderLineV1,
  type Role,
} from '@emporium/contracts';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  eventually,
  serviceClient,
  uniqueSuffix,
  type ServiceReply,
  type TestService,
} from '@emporium/testing';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import { cachePrefix, type CatalogConfig } from '../src/config';

/** A JSON response: status, headers and parsed body. */
export type Reply<T = Record<string, unknown>> = ServiceReply<T>;

/** Calls the booted catalog over real HTTP, as the gateway would (identity header when given). */
export function client(service: TestService<CatalogConfig>) {
  const api = serviceClient(service.url, service.config.INTERNAL_AUTH_SECRET);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  return <T = any>(
    method: string,
    path: string,
    body?: unknown,
    as?: { userId?: string; roles: Role[] },
  ): Promise<Reply<T>> =>
    api
      .as(as && { userId: as.userId ?? randomUUID(), roles: as.roles })
      .call<T>(method, path, body);
}

/** A merchant caller. */
export const merchant = { roles: ['merchant'] as Role[] };

let serial = 0;

/** A valid shippable variant; SKUs are unique per call. */
export function aVariant(over: Record<string, unknown> = {}) {
  serial += 1;
  return {
    sku: `SKU-${process.pid}-${serial}-${randomUUID().slice(0, 6)}`,
    name: `规格 ${serial}`,
    price: { amount: 9_900, currency: 'CNY' },
    weightGrams: 500,
    dimensionsMm: { length: 200, width: 100, height: 50 },
    attributes: { 颜色: '黑色' },
    ...over,
  };
}

/** A line of an order event: `quantity` units of a product's SKU at 99 yuan. */
export function anOrderLine(productId: string, sku: string, quantity: number): OrderLineV1 {
  return {
    sku,
    productId,
    name: 'x',
    quantity,
    unitPrice: { amount: 9_900, currency: 'CNY' },
    discount: { amount: 0, currency: 'CNY' },
    lineTotal: { amount: 9_900 * quantity, currency: 'CNY' },
  };
}

/** A valid product body in `categoryId`. */
export function aProduct(categoryId: string, over: Record<string, unknown> = {}) {
  return {
    name: '测试商品 Test Product',
    description: '一件用于测试的商品',
    categoryId,
    variants: [aVariant(), aVariant({ price: { amount: 12_900, currency: 'CNY' } })],
    ...over,
  };
}

/** Collects every envelope on `topic` (from the beginning) until `done` says enough, then stops. */
export async function readEnvelopes(
  brokers: string,
  topic: string,
  done: (envelopes: EventEnvelope[]) => boolean,
): Promise<EventEnvelope[]> {
  const kafka = createKafka({ brokers, clientId: 'catalog-test-reader' });
  const reader = kafka.consumer({ groupId: `reader-${uniqueSuffix()}`, sessionTimeout: 10_000 });
  const seen: EventEnvelope[] = [];
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      if (message.value) seen.push(JSON.parse(message.value.toString()) as EventEnvelope);
    },
  });
  try {
    await eventually(() => done(seen), { what: `events on ${topic}` });
    return seen;
  } finally {
    await reader.disconnect();
  }
}

/** Publishes events to their topics as their producers would (real Kafka, keyed by subject). */
export async function publisher(brokers: string) {
  const kafka = createKafka({ brokers, clientId: 'catalog-test-producer' });
  const producer = kafka.producer({ createPartitioner: partitioner });
  await producer.connect();
  return {
    async publish<T extends EventType>(
      type: T,
      subject: string,
      data: EventData<T>,
      occurredAt = new Date().toISOString(),
    ) {
      const envelope: EventEnvelope<T, EventData<T>> = {
        id: randomUUID(),
        type,
        version: 1,
        source: TOPICS[topicOf(type)].producer,
        subject,
        occurredAt,
        correlationId: randomUUID(),
        causationId: randomUUID(),
        data,
      };
      await producer.send({
        topic: topicOf(type),
        messages: [
          {
            key: subject,
            value: JSON.stringify(envelope),
            headers: { 'event-type': type, 'event-version': '1' },
          },
        ],
      });
      return envelope;
    },
    disconnect: () => producer.disconnect(),
  };
}

/** Stops the service, then removes its cache keys, so the suite leaves nothing behind in Redis. */
export async function stopCatalog(service: TestService<CatalogConfig> | undefined): Promise<void> {
  if (!service) return;
  const redis = service.app.get<Redis>(REDIS);
  const keys = await redis.keys(`${cachePrefix(service.config)}:*`);
  await service.stop();
  if (keys.length === 0) return;
  const cleaner = redis.duplicate();
  try {
    await cleaner.del(...keys);
  } finally {
    cleaner.disconnect();
  }
}
