import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Kafka, logLevel } from 'kafkajs';
import { parse } from 'yaml';
import { money, TOPICS, type Topic } from '@emporium/contracts';
import { eventually, readTopic, uniqueSuffix, type ReadMessage } from '@emporium/testing';
import { aStaffMember, aStockedProduct, login, runningPlatform } from './support/shop';

jest.setTimeout(240_000);

/** JSON Schema as the AsyncAPI document holds it. */
interface Schema {
  readonly properties?: Record<string, Schema>;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly additionalProperties?: unknown;
}

interface AsyncApiDocument {
  readonly components: {
    readonly messages: Record<string, { readonly payload: Schema; readonly headers: Schema }>;
  };
}

const ADMIN = { email: 'admin@contracts.test', password: 'contracts-admin-password' };
const address = {
  name: '王五',
  phone: '13700137000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  line1: '文三路 90 号',
};

/** Paths of a value that its schema does not declare (producers sending more than the contract says). */
function undeclared(value: unknown, schema: Schema | undefined, path: string): string[] {
  if (!schema || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => undeclared(v, schema.items, `${path}[${i}]`));
  if (schema.anyOf) {
    const candidates = schema.anyOf.map((branch) => undeclared(value, branch, path));
    return candidates.reduce((best, c) => (c.length < best.length ? c : best));
  }
  if (!schema.properties) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    key in schema.properties!
      ? undeclared(v, schema.properties![key], `${path}.${key}`)
      : schema.additionalProperties
        ? []
        : [`${path}.${key}`],
  );
}

describe('events of a journey against docs/asyncapi.yaml', () => {
  const shop = runningPlatform(['gateway', 'catalog', 'orders', 'payments', 'logistics'], {
    EMPORIUM_ADMIN_EMAIL: ADMIN.email,
    EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
  });
  const { call } = shop;

  it('publishes only events whose envelope, headers and data match their schemas', async () => {
    // A short journey that touches every producer: catalog, logistics, orders, payments, gateway.
    const admin = await login(call, ADMIN.email, ADMIN.password);
    const merchant = await aStaffMember(call, admin);
    const { sku, productId } = await aStockedProduct(call, merchant, {
      price: money(6_800),
      onHand: 10,
      address,
      location: { lat: 30.27, lon: 120.15 },
    });
    expect(
      (await call('PATCH', `/products/${productId}`, { description: '龙泉青瓷，手工' }, merchant))
        .status,
    ).toBe(200);
    const registered = await call('POST', '/auth/register', {
      email: `buyer-${uniqueSuffix()}@contracts.test`,
      password: 'buyer-password-1',
      name: '买家',
    });
    const customer = registered.body.accessToken as string;
    expect(
      (
        await call(
          'POST',
          '/events',
          {
            events: [
              {
                type: 'PRODUCT_VIEW',
                sessionId: 's-1',
                productId,
                sku,
                at: new Date().toISOString(),
              },
            ],
          },
          customer,
        )
      ).status,
    ).toBe(202);
    expect((await call('POST', '/cart/items', { sku, quantity: 1 }, customer)).status).toBe(200);
    const placed = await call(
      'POST',
      '/orders',
      { shippingAddress: address, deliveryOption: 'STANDARD', paymentMethod: 'SANDBOX_CARD' },
      customer,
      { 'idempotency-key': randomUUID() },
    );
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    const payment = await eventually(
      async () =>
        (await call('GET', `/payments?orderId=${orderId}`, undefined, customer)).body.items?.[0],
      { what: 'the payment', timeoutMs: 30_000 },
    );
    expect(
      (
        await call(
          'POST',
          `/payments/${String(payment.id)}/confirm`,
          { simulate: 'success' },
          customer,
          { 'idempotency-key': randomUUID() },
        )
      ).status,
    ).toBe(200);
    const shipments = await eventually(
      async () => {
        const items = (await call('GET', `/shipments?orderId=${orderId}`, undefined, merchant)).body
          .items;
        return items && items.length > 0 && items;
      },
      { what: 'the shipment', timeoutMs: 30_000 },
    );
    for (const status of ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
      expect(
        (await call('POST', `/shipments/${String(shipments[0].id)}/events`, { status }, merchant))
          .status,
      ).toBe(201);
    }
    await eventually(
      async () =>
        (await call('GET', `/orders/${orderId}`, undefined, customer)).body.status === 'DELIVERED',
      { what: 'DELIVERED', timeoutMs: 30_000 },
    );

    // Everything on every topic, checked against the document.
    const document = parse(
      readFileSync(join(__dirname, '../../../docs/asyncapi.yaml'), 'utf8'),
    ) as AsyncApiDocument;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validators = new Map<
      string,
      { payload: ValidateFunction; headers: ValidateFunction; schema: Schema }
    >();
    for (const [type, message] of Object.entries(document.components.messages)) {
      validators.set(type, {
        payload: ajv.compile(message.payload),
        headers: ajv.compile(message.headers),
        schema: message.payload,
      });
    }
    const admin$ = new Kafka({
      brokers: shop.kafka().brokers.split(','),
      clientId: 'contracts-e2e',
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin$.connect();
    const problems: string[] = [];
    const extras = new Set<string>();
    const seen = new Map<string, number>();
    try {
      const existing = new Set(await admin$.listTopics());
      for (const topic of (Object.keys(TOPICS) as Topic[]).filter((t) => existing.has(t))) {
        const offsets = await admin$.fetchTopicOffsets(topic);
        const count = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
        if (count === 0) continue;
        const messages: ReadMessage[] = await readTopic(
          shop.kafka().brokers,
          topic,
          (all) => all.length >= count,
        );
        for (const message of messages) {
          const envelope = JSON.parse(message.value.toString('utf8')) as {
            type: string;
            id: string;
            data: unknown;
          };
          seen.set(envelope.type, (seen.get(envelope.type) ?? 0) + 1);
          const check = validators.get(envelope.type);
          if (!check) {
            problems.push(`${topic}: ${envelope.type} is not in docs/asyncapi.yaml`);
            continue;
          }
          if (!(TOPICS[topic].events as readonly string[]).includes(envelope.type))
            problems.push(`${envelope.type} was published on ${topic}`);
          const value: unknown = envelope; // validated as it came, without narrowing `envelope`
          if (!check.payload(value))
            problems.push(
              `${envelope.type} ${envelope.id}: ${ajv.errorsText(check.payload.errors)}`,
            );
          if (!check.headers(message.headers))
            problems.push(
              `${envelope.type} ${envelope.id} headers: ${ajv.errorsText(check.headers.errors)}`,
            );
          for (const path of undeclared(envelope.data, check.schema.properties?.data, 'data'))
            extras.add(`${envelope.type}: ${path.replace(/\[\d+\]/g, '[]')}`);
        }
      }
    } finally {
      await admin$.disconnect();
    }
    // The journey must have produced the events the check is about.
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining([
        'product.created',
        'stock.adjusted',
        'order.placed',
        'stock.reserved',
        'payment.captured',
        'order.paid',
        'shipment.created',
        'order.delivered',
        'customer.registered',
        'behavior.recorded',
      ]),
    );
    expect(problems).toEqual([]);
    // Fields a producer sends that its contract does not declare: the contract (and so the
    // document) must say what integrators receive.
    expect([...extras]).toEqual([]);
  });
});
