import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Client } from 'pg';
import type { EventType } from '@emporium/contracts';
import { checkWebhookSignature } from '@emporium/platform-auth';
import { anEnvelope, eventually, publishEvents } from '@emporium/testing';
import { ADMIN, anEmail, call, startGateway, type TestGateway } from './support';

/** A request the local receiver got. */
interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly event: { id: string; type: string; subject: string };
  readonly answered: number;
}

/** A webhook receiver on 127.0.0.1 whose answer per path the test decides. */
async function startReceiver() {
  const received: Received[] = [];
  const answers = new Map<
    string,
    (request: { event: Received['event']; count: number }) => number
  >();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const event = JSON.parse(raw) as Received['event'];
      const path = req.url ?? '/';
      const count = received.filter((r) => r.path === path && r.event.id === event.id).length;
      const answered = answers.get(path)?.({ event, count }) ?? 200;
      received.push({ path, headers: req.headers, raw, event, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    answers,
    url: (path: string) => `${base}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let gw: TestGateway;
let strict: TestGateway;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let producer: Producer;
let admin: string;
let customer: string;

async function login(base: string) {
  const res = await call(base, 'POST', '/api/v1/auth/login', { body: ADMIN });
  return res.body.accessToken as string;
}

async function subscribe(path: string, events: string[]) {
  const res = await call<{
    id: string;
    secret: string;
    active: boolean;
    events: string[];
    url: string;
  }>(gw.url, 'POST', '/api/v1/integrations/webhooks', {
    token: admin,
    body: { url: receiver.url(path), events, description: `test ${path}` },
  });
  expect(res.status).toBe(201);
  return res.body;
}

function publish(type: EventType, subject: string, data: Record<string, unknown> = {}) {
  const envelope = anEnvelope(type, subject, { orderId: subject, ...data });
  return publishEvents(producer, envelope).then(() => envelope);
}

interface DeliveryItem {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

async function deliveries(id: string, status?: string) {
  const res = await call<{ items: DeliveryItem[]; nextCursor: string | null }>(
    gw.url,
    'GET',
    `/api/v1/integrations/webhooks/${id}/deliveries${status ? `?status=${status}` : ''}`,
    { token: admin },
  );
  expect(res.status).toBe(200);
  return res.body.items;
}

beforeAll(async () => {
  receiver = await startReceiver();
  gw = await startGateway({
    GATEWAY_WEBHOOKS_ALLOW_PRIVATE: 'true',
    GATEWAY_WEBHOOKS_POLL_MS: '50',
    GATEWAY_WEBHOOKS_INITIAL_BACKOFF_MS: '150',
    GATEWAY_WEBHOOKS_MAX_BACKOFF_MS: '300',
    GATEWAY_WEBHOOKS_RETRY_FOR_MS: '2000',
    GATEWAY_WEBHOOKS_TIMEOUT_MS: '1000',
  });
  strict = await startGateway();
  admin = await login(gw.url);
  const registered = await call(gw.url, 'POST', '/api/v1/auth/register', {
    body: { email: anEmail('integrator'), password: 'customer-pass-1', name: '顾客' },
  });
  customer = registered.body.accessToken as string;
  // /readyz reports the webhooks consumer group beside the platform's checks once it has joined.
  await eventually(
    async () => {
      const ready = await fetch(`${gw.url}/readyz`);
      const body = (await ready.json()) as { details?: Record<string, { status: string }> };
      return ready.status === 200 && body.details?.webhooks?.status === 'up';
    },
    { what: 'the webhooks consumer group reported ready' },
  );
  producer = new Kafka({
    brokers: gw.kafka.brokers.split(','),
    clientId: 'webhooks-suite',
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await gw?.stop();
  await strict?.stop();
  await receiver?.close();
});

describe('outbound webhooks', () => {
  it('delivers a subscribed event once, signed with the subscription secret', async () => {
    const hook = await subscribe('/once', ['order.paid']);
    expect(hook).toMatchObject({
      active: true,
      events: ['order.paid'],
      url: receiver.url('/once'),
    });
    expect(hook.secret).toMatch(/^whsec_/);
    const orderId = randomUUID();
    await publish('order.placed', orderId);
    const paid = await publish('order.paid', orderId, {
      customerId: randomUUID(),
      lines: [],
      total: { amount: 100, currency: 'CNY' },
      paidAt: new Date().toISOString(),
    });
    await eventually(() => receiver.at('/once').length === 1, { what: 'the delivery' });
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive by now
    const [request] = receiver.at('/once');
    expect(receiver.at('/once')).toHaveLength(1);
    expect(request.event).toEqual(paid);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-emporium-event']).toBe('order.paid');
    expect(
      checkWebhookSignature(request.headers['x-signature'] as string, request.raw, hook.secret),
    ).toBeUndefined();
    expect(
      checkWebhookSignature(
        request.headers['x-signature'] as string,
        request.raw,
        'another-secret',
      ),
    ).toBe('mismatch');
    const log = await eventually(
      async () => {
        const items = await deliveries(hook.id, 'DELIVERED');
        return items.length === 1 && items;
      },
      { what: 'the delivery logged' },
    );
    expect(log[0]).toMatchObject({
      eventId: paid.id,
      eventType: 'order.paid',
      status: 'DELIVERED',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(request.headers['x-emporium-delivery']).toBe(log[0].id);
  });

  it('never shows the secret again', async () => {
    const list = await call<{ items: Record<string, unknown>[]; nextCursor: string | null }>(
      gw.url,
      'GET',
      '/api/v1/integrations/webhooks',
      { token: admin },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((h) => !('secret' in h))).toBe(true);
  });

  it('retries a delivery the receiver answered with 500, and logs both attempts', async () => {
    receiver.answers.set('/flaky', ({ count }) => (count === 0 ? 500 : 200));
    const hook = await subscribe('/flaky', ['shipment.*']);
    const shipped = await publish('shipment.created', randomUUID());
    await eventually(() => receiver.at('/flaky').some((r) => r.answered === 200), {
      what: 'the retried delivery',
    });
    const requests = receiver.at('/flaky');
    expect(requests.map((r) => r.answered)).toEqual([500, 200]);
    expect(new Set(requests.map((r) => r.headers['x-emporium-delivery'])).size).toBe(1);
    expect(requests.every((r) => r.event.id === shipped.id)).toBe(true);
    const [logged] = await eventually(
      async () => {
        const items = await deliveries(hook.id);
        return items[0]?.status === 'DELIVERED' && items;
      },
      { what: 'DELIVERED after the retry' },
    );
    expect(logged).toMatchObject({ attempts: 2, lastStatusCode: 200 });
  });

  it("keeps one aggregate's events in order while an earlier one is retried", async () => {
    const orderId = randomUUID();
    const other = randomUUID();
    // The first event of the order fails twice; the order's later events must wait for it.
    receiver.answers.set('/ordered', ({ event, count }) =>
      event.subject === orderId && event.type === 'order.placed' && count < 2 ? 503 : 200,
    );
    await subscribe('/ordered', ['order.*']);
    const placed = await publish('order.placed', orderId);
    const awaiting = await publish('order.awaiting-payment', orderId);
    const cancelled = await publish('order.cancelled', orderId, { reason: 'CUSTOMER' });
    const unrelated = await publish('order.placed', other);
    await eventually(() => receiver.at('/ordered').filter((r) => r.answered === 200).length === 4, {
      what: 'four deliveries',
    });
    const forOrder = receiver.at('/ordered').filter((r) => r.event.subject === orderId);
    expect(forOrder.map((r) => [r.event.id, r.answered])).toEqual([
      [placed.id, 503],
      [placed.id, 503],
      [placed.id, 200],
      [awaiting.id, 200],
      [cancelled.id, 200],
    ]);
    // Another aggregate is not held up by this one's retries.
    const unrelatedAt = receiver.at('/ordered').findIndex((r) => r.event.id === unrelated.id);
    const placedOkAt = receiver
      .at('/ordered')
      .findIndex((r) => r.event.id === placed.id && r.answered === 200);
    expect(unrelatedAt).toBeLessThan(placedOkAt);
  });

  it('sends nothing to a paused webhook', async () => {
    const paused = await subscribe('/paused', ['*']);
    const patched = await call(gw.url, 'PATCH', `/api/v1/integrations/webhooks/${paused.id}`, {
      token: admin,
      body: { active: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: paused.id, active: false, events: ['*'] });
    await subscribe('/control', ['order.completed']);
    await publish('order.completed', randomUUID(), {
      customerId: randomUUID(),
      completedAt: new Date().toISOString(),
    });
    await eventually(() => receiver.at('/control').length === 1, { what: 'the control delivery' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.at('/paused')).toEqual([]);
    expect(await deliveries(paused.id)).toEqual([]);
  });

  it('follows a subscription changed by another replica (or by hand) from its next event on', async () => {
    const hook = await subscribe('/elsewhere', ['order.completed']);
    // One subject: the events share a partition, so they are consumed in this order.
    const subject = randomUUID();
    const completed = () =>
      publish('order.completed', subject, {
        customerId: randomUUID(),
        completedAt: new Date().toISOString(),
      });
    await completed();
    await eventually(async () => (await deliveries(hook.id)).length === 1, {
      what: 'the first delivery recorded',
    });
    // Another writer than this process pauses it, then turns it on again: no API call here.
    const other = new Client({ connectionString: gw.service.database.url });
    await other.connect();
    // The change applies once its notification has reached this replica (milliseconds later).
    const heard = async () =>
      Number(
        /emporium_gateway_webhook_subscription_changes_heard_total (\d+)/.exec(
          await (await fetch(`${gw.url}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const change = async (active: boolean) => {
      const before = await heard();
      await other.query('UPDATE webhook_subscriptions SET active = $2 WHERE id = $1', [
        hook.id,
        active,
      ]);
      await eventually(async () => (await heard()) > before, { what: 'the change heard' });
    };
    try {
      await change(false);
      await completed();
      const witness = await subscribe('/witness', ['order.completed']);
      const last = await completed();
      await eventually(
        async () => (await deliveries(witness.id)).some((d) => d.eventId === last.id),
        { what: 'the events up to the last one consumed' },
      );
      expect(await deliveries(hook.id)).toHaveLength(1);
      await change(true);
      await eventually(async () => (await completed(), (await deliveries(hook.id)).length > 1), {
        what: 'a delivery again once it is active',
      });
    } finally {
      await other.end();
    }
  });

  it('refuses to patch active to null (400 problem+json)', async () => {
    const hook = await subscribe('/nulled', ['order.paid']);
    const res = await call<{ errors: { field: string }[] }>(
      gw.url,
      'PATCH',
      `/api/v1/integrations/webhooks/${hook.id}`,
      { token: admin, body: { active: null } },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e) => e.field)).toEqual(['active']);
  });

  it('marks a delivery FAILED when its retry window closes, and sends it again on a manual retry', async () => {
    let up = false;
    receiver.answers.set('/down', () => (up ? 200 : 500));
    const hook = await subscribe('/down', ['payment.voided']);
    await publish('payment.voided', randomUUID(), {
      paymentId: randomUUID(),
      customerId: randomUUID(),
      reason: 'test',
    });
    const [failed] = await eventually(
      async () => {
        const items = await deliveries(hook.id, 'FAILED');
        return items.length === 1 && items;
      },
      { what: 'the delivery FAILED' },
    );
    expect(failed).toMatchObject({
      status: 'FAILED',
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      nextAttemptAt: null,
    });
    expect(failed.attempts).toBeGreaterThan(1);
    up = true;
    const retried = await call(
      gw.url,
      'POST',
      `/api/v1/integrations/webhooks/${hook.id}/deliveries/${failed.id}/retry`,
      { token: admin },
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'PENDING' });
    await eventually(async () => (await deliveries(hook.id, 'DELIVERED')).length === 1, {
      what: 'delivered after the manual retry',
    });
    expect(receiver.at('/down').at(-1)!.answered).toBe(200);
  });

  it('deletes a webhook (204) and answers 404 for it afterwards', async () => {
    const hook = await subscribe('/deleted', ['order.paid']);
    expect(
      (await call(gw.url, 'DELETE', `/api/v1/integrations/webhooks/${hook.id}`, { token: admin }))
        .status,
    ).toBe(204);
    expect(
      (
        await call(gw.url, 'GET', `/api/v1/integrations/webhooks/${hook.id}/deliveries`, {
          token: admin,
        })
      ).status,
    ).toBe(404);
  });

  it('refuses event patterns that match no event type (422)', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/integrations/webhooks', {
      token: admin,
      body: { url: receiver.url('/typo'), events: ['order.payed'] },
    });
    expect(res.status).toBe(422);
  });
});

describe('who may manage webhooks', () => {
  it('refuses a customer (403) and an anonymous caller (401)', async () => {
    const body = { url: 'https://example.com/hook', events: ['*'] };
    expect(
      (await call(gw.url, 'POST', '/api/v1/integrations/webhooks', { token: customer, body }))
        .status,
    ).toBe(403);
    expect(
      (await call(gw.url, 'GET', '/api/v1/integrations/webhooks', { token: customer })).status,
    ).toBe(403);
    expect((await call(gw.url, 'POST', '/api/v1/integrations/webhooks', { body })).status).toBe(
      401,
    );
  });
});

describe('webhook URLs (SSRF) when private addresses are not allowed', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5/hook',
    'http://[::1]/hook',
    'http://[::ffff:192.168.0.1]/hook',
    'ftp://example.com/hook',
  ])('refuses %s with 422', async (url) => {
    const token = await login(strict.url);
    const res = await call(strict.url, 'POST', '/api/v1/integrations/webhooks', {
      token,
      body: { url, events: ['*'] },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
