import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { eventually } from '@emporium/testing';
import type { BehaviorRecordedV1, EventEnvelope } from '@emporium/contracts';
import { call, startGateway, type TestGateway } from './support';

let gw: TestGateway;
let consumer: Consumer;
const received: EventEnvelope<'behavior.recorded', BehaviorRecordedV1>[] = [];

beforeAll(async () => {
  gw = await startGateway();
  const kafka = new Kafka({
    brokers: gw.kafka.brokers.split(','),
    clientId: 'behavior-test',
    logLevel: logLevel.NOTHING,
  });
  consumer = kafka.consumer({ groupId: `behavior-test-${randomUUID()}` });
  await consumer.connect();
  await eventually(
    async () => {
      try {
        await consumer.subscribe({ topics: ['analytics.behavior'], fromBeginning: true });
        return true;
      } catch {
        return false; // the gateway creates the topic once its messaging has started
      }
    },
    { what: 'analytics.behavior exists' },
  );
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push(
        JSON.parse(message.value!.toString()) as EventEnvelope<
          'behavior.recorded',
          BehaviorRecordedV1
        >,
      );
    },
  });
});
afterAll(async () => {
  await consumer?.disconnect();
  await gw?.stop();
});

const event = (sessionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'PRODUCT_VIEW',
  sessionId,
  productId: 'p-1',
  at: '2026-11-25T10:00:00.000Z',
  ...extra,
});

describe('POST /events', () => {
  it('accepts a batch (202) and publishes it to analytics.behavior, one message per session in order', async () => {
    const a = `s-${randomUUID()}`;
    const b = `s-${randomUUID()}`;
    const res = await call(gw.url, 'POST', '/api/v1/events', {
      body: {
        events: [
          event(a, { type: 'PAGE_VIEW', utm: { source: 'douyin', campaign: 'double-11' } }),
          event(b),
          event(a, { type: 'SEARCH', query: '手机' }),
        ],
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 3 });
    const forA = await eventually(() => received.find((e) => e.subject === a), {
      what: 'session a published',
    });
    expect(forA.type).toBe('behavior.recorded');
    expect(forA.data.events.map((e) => e.type)).toEqual(['PAGE_VIEW', 'SEARCH']);
    expect(forA.data.events[0].utm).toEqual({ source: 'douyin', campaign: 'double-11' });
    await eventually(() => received.find((e) => e.subject === b), { what: 'session b published' });
  });

  it('refuses more than 500 events in one call', async () => {
    const events = Array.from({ length: 501 }, () => event('s-big'));
    const res = await call(gw.url, 'POST', '/api/v1/events', { body: { events } });
    expect(res.status).toBe(400);
  });

  it.each([
    ['an unknown type', { events: [event('s', { type: 'TELEPORT' })] }],
    ['an unknown field', { events: [event('s', { price: 1 })] }],
    ['a date that is not ISO-8601', { events: [event('s', { at: 'yesterday' })] }],
    ['an empty batch', { events: [] }],
    ['no batch at all', {}],
  ])('refuses %s with 400 problem+json', async (_, body) => {
    const res = await call(gw.url, 'POST', '/api/v1/events', { body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['a formula', '=HYPERLINK("https://evil.example","x")'],
    ['spaces', 'session one'],
    ['129 characters', 'a'.repeat(129)],
  ])(
    'refuses a session id with %s, naming the field, and publishes nothing',
    async (_, sessionId) => {
      const res = await call(gw.url, 'POST', '/api/v1/events', {
        body: { events: [event(sessionId)] },
      });
      expect(res.status).toBe(400);
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
        'events[0].sessionId',
      ]);
      await new Promise((r) => setTimeout(r, 300));
      expect(received.find((e) => e.subject === sessionId)).toBeUndefined();
    },
  );

  it('accepts a session id of letters, digits, dashes and underscores up to 128 characters', async () => {
    const sessionId = `s_${randomUUID()}-`.padEnd(128, 'x');
    const res = await call(gw.url, 'POST', '/api/v1/events', {
      body: { events: [event(sessionId)] },
    });
    expect(res.status).toBe(202);
  });
});
