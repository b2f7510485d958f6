import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { EventType } from '@emporium/contracts';
import { anEnvelope, eventually, publishEvents } from '@emporium/testing';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { anEmail, call, startGateway, type TestGateway } from './support';

const INTERNAL_SECRET = 'stream-suite-internal-secret-0123456789ab';

let a: TestGateway;
let b: TestGateway;
let upstream: FakeUpstream;
let producer: Producer;
let customer: { token: string; id: string };

beforeAll(async () => {
  upstream = await startFakeUpstream(INTERNAL_SECRET);
  const shared = {
    INTERNAL_AUTH_SECRET: INTERNAL_SECRET,
    GATEWAY_ORDERS_URL: upstream.url,
    GATEWAY_REDIS_PREFIX: `test:gateway:${randomBytes(6).toString('hex')}`,
    GATEWAY_ORDER_STREAMS_PER_USER: '3',
  };
  a = await startGateway(shared);
  // A second replica: same database, same consumer group, same Redis; only one of the two
  // consumes any given order event.
  b = await startGateway({
    ...shared,
    DATABASE_NAME: a.service.config.DATABASE_NAME!,
    KAFKA_GROUP_ID: a.service.config.KAFKA_GROUP_ID!,
    KAFKA_BROKERS: a.kafka.brokers,
  });
  const reg = await call(a.url, 'POST', '/api/v1/auth/register', {
    body: { email: anEmail(), password: 'customer-pass-1', name: '顾客' },
  });
  customer = { token: reg.body.accessToken as string, id: (reg.body.user as { id: string }).id };
  for (const gw of [a, b]) {
    await eventually(async () => (await fetch(`${gw.url}/readyz`)).status === 200, {
      what: 'gateway ready',
    });
  }
  producer = new Kafka({
    brokers: a.kafka.brokers.split(','),
    clientId: 'orders-fake',
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
});
afterAll(async () => {
  await producer?.disconnect();
  await b?.service.app.close();
  await b?.service.database.drop(); // the one it was given before sharing a's
  await b?.kafka.stop();
  await a?.stop();
  await upstream?.close();
});

function publishOrderEvent(type: EventType, orderId: string, data: Record<string, unknown>) {
  return publishEvents(producer, anEnvelope(type, orderId, data));
}

/** Opens an SSE stream and collects its `status` events; `ended` once the gateway ends it. */
function openStream(base: string, path: string, token?: string) {
  const events: { status: string; at: string; reason?: string }[] = [];
  let response: IncomingMessage | undefined;
  let endedAt: number | undefined;
  let body = '';
  const req = httpRequest(`${base}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const opened = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      response = res;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('end', () => (endedAt = Date.now()));
      res.on('data', (chunk: string) => {
        body += chunk;
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame);
          if (/^event: status$/m.test(frame) && data)
            events.push(JSON.parse(data[1]) as (typeof events)[number]);
        }
      });
      resolve(res);
    });
    req.on('error', reject);
  });
  req.end();
  return {
    events,
    opened,
    endedAt: () => endedAt,
    body: () => body,
    close: () => {
      response?.destroy();
      req.destroy();
    },
  };
}

describe('order status stream', () => {
  it('pushes every status change to streams on every replica', async () => {
    const orderId = randomUUID();
    const onA = openStream(a.url, `/api/v1/orders/${orderId}/stream`, customer.token);
    const onB = openStream(
      b.url,
      `/api/v1/orders/${orderId}/stream?access_token=${customer.token}`,
    );
    try {
      const [resA, resB] = await Promise.all([onA.opened, onB.opened]);
      expect(resA.statusCode).toBe(200);
      expect(resB.statusCode).toBe(200);
      expect(resA.headers['content-type']).toMatch(/^text\/event-stream/);
      await new Promise((resolve) => setTimeout(resolve, 100)); // both subscriptions settled
      await publishOrderEvent('order.awaiting-payment', orderId, { orderId });
      await publishOrderEvent('order.cancelled', orderId, { orderId, reason: 'PAYMENT_TIMEOUT' });
      for (const stream of [onA, onB]) {
        await eventually(() => stream.events.length >= 2, { what: 'two status events' });
        expect(stream.events.map((e) => e.status)).toEqual(['AWAITING_PAYMENT', 'CANCELLED']);
        expect(stream.events[1].reason).toBe('PAYMENT_TIMEOUT');
      }
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('pushes the statuses a return gives the order', async () => {
    const orderId = randomUUID();
    const stream = openStream(a.url, `/api/v1/orders/${orderId}/stream`, customer.token);
    try {
      expect((await stream.opened).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the subscription settled
      const returned = { returnId: randomUUID(), orderId, customerId: customer.id };
      await publishOrderEvent('return.requested', orderId, {
        ...returned,
        lines: [{ sku: 'TEA-LONGJING-250G', quantity: 1 }],
        reason: '尺码不合适',
        orderStatus: 'RETURN_REQUESTED',
      });
      // Written before orders named the status: which status the refund led to is unknown.
      await publishOrderEvent('return.refunded', orderId, {
        ...returned,
        amount: { amount: 10_000, currency: 'CNY' },
      });
      await publishOrderEvent('return.refunded', orderId, {
        ...returned,
        amount: { amount: 10_000, currency: 'CNY' },
        orderStatus: 'PARTIALLY_REFUNDED',
      });
      await eventually(() => stream.events.length >= 2, { what: 'two status events' });
      expect(stream.events).toEqual([
        expect.objectContaining({ status: 'RETURN_REQUESTED', reason: '尺码不合适' }),
        expect.objectContaining({ status: 'PARTIALLY_REFUNDED' }),
      ]);
      expect(stream.events[1].reason).toBeUndefined();
    } finally {
      stream.close();
    }
  });

  it('asks the orders service whose order it is: not yours or unknown → 404', async () => {
    const res = await call(a.url, 'GET', '/api/v1/orders/missing/stream', {
      token: customer.token,
    });
    expect(res.status).toBe(404);
    const seen = upstream.seen.find((r) => r.url === '/orders/missing');
    expect(seen?.headers['x-emporium-identity']).toBeDefined();
  });

  it('requires a token (401)', async () => {
    const res = await call(a.url, 'GET', `/api/v1/orders/${randomUUID()}/stream`);
    expect(res.status).toBe(401);
  });
});

describe('stream tickets', () => {
  const ticketOf = async (orderId: string, token = customer.token) =>
    call<{ ticket: string; expiresAt: string }>(
      a.url,
      'POST',
      `/api/v1/orders/${orderId}/stream-ticket`,
      { token },
    );

  it('opens a stream with a short-lived ticket instead of the access token, on any replica', async () => {
    const orderId = randomUUID();
    const issued = await ticketOf(orderId);
    expect(issued.status).toBe(201);
    expect(issued.body.ticket).toMatch(/^[\w-]{32,}$/);
    const ttl = Date.parse(issued.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const stream = openStream(
      b.url,
      `/api/v1/orders/${orderId}/stream?ticket=${issued.body.ticket}`,
    );
    try {
      expect((await stream.opened).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the subscription settled
      await publishOrderEvent('order.awaiting-payment', orderId, { orderId });
      await eventually(() => stream.events.length >= 1, { what: 'a status event' });
      expect(stream.events[0].status).toBe('AWAITING_PAYMENT');
    } finally {
      stream.close();
    }
  });

  it('takes a ticket once, and only for the order it was issued for', async () => {
    const orderId = randomUUID();
    const { body } = await ticketOf(orderId);
    const first = openStream(a.url, `/api/v1/orders/${orderId}/stream?ticket=${body.ticket}`);
    try {
      expect((await first.opened).statusCode).toBe(200);
    } finally {
      first.close();
    }
    const again = await call(
      a.url,
      'GET',
      `/api/v1/orders/${orderId}/stream?ticket=${body.ticket}`,
    );
    expect(again.status).toBe(401);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body.type).toBe('urn:emporium:problem:invalid-ticket');
    const other = await ticketOf(orderId);
    const elsewhere = await call(
      a.url,
      'GET',
      `/api/v1/orders/${randomUUID()}/stream?ticket=${other.body.ticket}`,
    );
    expect(elsewhere.status).toBe(401);
    expect(
      (await call(a.url, 'GET', `/api/v1/orders/${orderId}/stream?ticket=made-up`)).status,
    ).toBe(401);
  });

  it('issues tickets only for orders the caller may see, and only to a signed-in caller', async () => {
    expect((await ticketOf('missing')).status).toBe(404);
    const anonymous = await call(a.url, 'POST', `/api/v1/orders/${randomUUID()}/stream-ticket`);
    expect(anonymous.status).toBe(401);
  });
});

describe('stream limits', () => {
  it('caps the streams a user holds open across replicas: one more is 429 problem+json', async () => {
    const reg = await call(a.url, 'POST', '/api/v1/auth/register', {
      body: { email: anEmail('streamer'), password: 'customer-pass-1', name: '多窗口' },
    });
    const token = reg.body.accessToken as string;
    const streams = [a, a, b].map((gw) =>
      openStream(gw.url, `/api/v1/orders/${randomUUID()}/stream`, token),
    );
    try {
      for (const stream of streams) expect((await stream.opened).statusCode).toBe(200);
      const over = openStream(b.url, `/api/v1/orders/${randomUUID()}/stream`, token);
      const refused = await over.opened;
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await eventually(() => over.endedAt(), { what: 'the problem body' });
      expect((JSON.parse(over.body()) as { type: string }).type).toBe(
        'urn:emporium:problem:too-many-streams',
      );
      // Another user is not affected.
      const other = openStream(b.url, `/api/v1/orders/${randomUUID()}/stream`, customer.token);
      expect((await other.opened).statusCode).toBe(200);
      other.close();
      // A closed stream frees its place.
      streams[0].close();
      await eventually(
        async () => {
          const next = openStream(b.url, `/api/v1/orders/${randomUUID()}/stream`, token);
          const res = await next.opened;
          if (res.statusCode === 200) {
            streams.push(next);
            return true;
          }
          next.close();
          return false;
        },
        { what: 'a place after a close' },
      );
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('ends a stream that heard no status for the idle time; a status restarts the clock', async () => {
    const quiet = await startGateway({
      INTERNAL_AUTH_SECRET: INTERNAL_SECRET,
      GATEWAY_ORDERS_URL: upstream.url,
      GATEWAY_REDIS_PREFIX: a.service.config.GATEWAY_REDIS_PREFIX,
      GATEWAY_ORDER_STREAM_IDLE_SECONDS: '1.5',
    });
    const orderId = randomUUID();
    const stream = openStream(quiet.url, `/api/v1/orders/${orderId}/stream`, customer.token);
    try {
      expect((await stream.opened).statusCode).toBe(200);
      const opened = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 800));
      // a or b consumes it; every replica on the same Redis hears it.
      await publishOrderEvent('order.awaiting-payment', orderId, { orderId });
      await eventually(() => stream.events.length >= 1, { what: 'a status event' });
      const heard = Date.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, opened + 1_700 - Date.now())));
      expect(stream.endedAt()).toBeUndefined(); // past 1.5 s since it opened, but not since the status
      const ended = await eventually(() => stream.endedAt(), {
        what: 'the idle stream ended',
        timeoutMs: 5_000,
      });
      expect(ended - heard).toBeGreaterThanOrEqual(1_400);
    } finally {
      stream.close();
      await quiet.stop();
    }
  });
});

describe('member tiers', () => {
  it('keeps the tier the orders service announces: /me and the next access token carry it', async () => {
    const reg = await call(a.url, 'POST', '/api/v1/auth/register', {
      body: { email: anEmail('member'), password: 'customer-pass-1', name: '会员' },
    });
    const id = (reg.body.user as { id: string }).id;
    await publishEvents(
      producer,
      anEnvelope('customer.tier-changed', id, { customerId: id, from: 'REGULAR', to: 'GOLD' }),
    );
    await eventually(
      async () => {
        const me = await call(b.url, 'GET', '/api/v1/me', {
          token: reg.body.accessToken as string,
        });
        return me.body.memberTier === 'GOLD';
      },
      { what: 'tier GOLD' },
    );
    const refreshed = await call(a.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: reg.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const claims = JSON.parse(
      Buffer.from((refreshed.body.accessToken as string).split('.')[1], 'base64url').toString(),
    ) as { tier: string };
    expect(claims.tier).toBe('GOLD');
  });
});
