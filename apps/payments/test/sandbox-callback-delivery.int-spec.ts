import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { checkWebhookSignature } from '@emporium/platform-auth';
import { openDataSource } from '@emporium/platform-persistence';
import { createTestDatabase, eventually, type TestDatabase } from '@emporium/testing';
import {
  SandboxCallbacks,
  type SandboxCallbackSettings,
} from '../src/application/providers/sandbox-callbacks';
import { migrations } from '../src/persistence/migrations';

const secret = 'sandbox-webhook-secret-for-delivery-tests-01';

interface Received {
  readonly path: string;
  readonly body: string;
  readonly signature: string;
}

/** A receiver on loopback answering each request with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body, signature: String(req.headers['x-signature']) });
      res.statusCode = statuses.shift() ?? 200;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A callback of a fresh event, as the sandbox provider stores it. */
const aCallback = (provider = 'alipay') => {
  const eventId = `evt_${randomUUID()}`;
  return {
    provider,
    providerRef: `ref_${randomUUID()}`,
    eventId,
    eventType: 'payment.succeeded',
    body: JSON.stringify({ id: eventId, type: 'payment.succeeded' }),
  };
};

describe('sandbox callbacks: stored, swept and delivered until acknowledged', () => {
  let database: TestDatabase;
  let db: DataSource;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const opened: SandboxCallbacks[] = [];

  /** A sandbox on the test database; the periodic sweep is off unless `sweepIntervalMs` is given. */
  const open = (settings: Partial<SandboxCallbackSettings> = {}) => {
    const callbacks = new SandboxCallbacks({
      db,
      baseUrl: () => rx.url,
      secrets: { alipay: secret, wechat: secret },
      delayMs: 20,
      sweepIntervalMs: 60_000,
      duplicateDelayMs: 20,
      retryBaseMs: 10,
      maxAttempts: 3,
      ...settings,
    });
    opened.push(callbacks);
    return callbacks;
  };

  const rowsOf = (eventId: string) =>
    db.query(
      `SELECT duplicate, attempts, delivered_at IS NOT NULL AS delivered, given_up_at IS NOT NULL AS given_up, last_error
         FROM sandbox_callbacks WHERE event_id = $1 ORDER BY duplicate`,
      [eventId],
    ) as Promise<
      {
        duplicate: boolean;
        attempts: number;
        delivered: boolean;
        given_up: boolean;
        last_error: string | null;
      }[]
    >;

  beforeAll(async () => {
    database = await createTestDatabase('test_payments_sandbox_callbacks');
    db = await openDataSource({
      serverUrl: database.serverUrl,
      database: database.name,
      migrations,
      migrate: true,
    });
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((callbacks) => callbacks.close()));
    await rx?.close();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('posts a signed callback after the delay, then the same event once more', async () => {
    rx = await receiver();
    const callback = aCallback();
    await open().schedule(callback);
    expect(rx.received).toHaveLength(0);
    await eventually(() => rx.received.length >= 2, { what: 'the callback and its duplicate' });
    await eventually(async () => (await rowsOf(callback.eventId)).every((r) => r.delivered), {
      what: 'both marked delivered',
    });
    await sleep(100);
    expect(rx.received).toHaveLength(2);
    const [first, duplicate] = rx.received;
    expect(first).toMatchObject({ path: '/webhooks/payments/alipay', body: callback.body });
    expect(duplicate.body).toBe(first.body);
    expect(checkWebhookSignature(first.signature, first.body, secret)).toBeUndefined();
    expect(await rowsOf(callback.eventId)).toEqual([
      { duplicate: false, attempts: 1, delivered: true, given_up: false, last_error: null },
      { duplicate: true, attempts: 1, delivered: true, given_up: false, last_error: null },
    ]);
  });

  it('retries with backoff until answered 2xx, and only then sends the duplicate', async () => {
    rx = await receiver([500, 503]);
    const callback = aCallback();
    await open().schedule(callback);
    await eventually(async () => (await rowsOf(callback.eventId))[1]?.delivered, {
      what: 'the duplicate delivered',
    });
    await sleep(100);
    // Two refusals, the acknowledged try, then the duplicate.
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => r.body))).toEqual(new Set([callback.body]));
    expect((await rowsOf(callback.eventId))[0]).toMatchObject({ attempts: 3, delivered: true });
  });

  it('gives up after the last try, and says why', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      rx = await receiver([500, 500, 500, 500, 500]);
      const callback = aCallback();
      await open().schedule(callback);
      await eventually(async () => (await rowsOf(callback.eventId))[0]?.given_up, {
        what: 'given up',
      });
      await sleep(100);
      expect(rx.received).toHaveLength(3);
      expect(await rowsOf(callback.eventId)).toEqual([
        {
          duplicate: false,
          attempts: 3,
          delivered: false,
          given_up: true,
          last_error: 'answered 500',
        },
      ]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('given up after 3 tries'));
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps a callback through a restart: the next process delivers it', async () => {
    rx = await receiver();
    const callback = aCallback('wechat');
    const before = open({ delayMs: 200 });
    await before.schedule(callback);
    await before.close();
    await sleep(300);
    expect(rx.received).toHaveLength(0);

    // The next process knows nothing of it but its row: its periodic sweep finds it.
    const after = open({ sweepIntervalMs: 50 });
    after.onApplicationBootstrap();
    await eventually(async () => (await rowsOf(callback.eventId))[1]?.delivered, {
      what: 'the callback and its duplicate after the restart',
    });
    expect(rx.received.map((r) => r.body)).toEqual([callback.body, callback.body]);
  });

  it('delivers each callback once although several replicas sweep together', async () => {
    rx = await receiver();
    const scheduler = open({ delayMs: 60_000 });
    const callbacks = Array.from({ length: 30 }, () => aCallback());
    for (const callback of callbacks) await scheduler.schedule(callback);
    await db.query('UPDATE sandbox_callbacks SET due_at = now() WHERE event_id = ANY($1)', [
      callbacks.map((c) => c.eventId),
    ]);
    const replicas = [open(), open(), open()];
    await Promise.all(replicas.map((replica) => replica.sweep()));
    await eventually(
      async () =>
        Number(
          (
            await db.query(
              'SELECT count(*) AS n FROM sandbox_callbacks WHERE event_id = ANY($1) AND delivered_at IS NOT NULL',
              [callbacks.map((c) => c.eventId)],
            )
          )[0].n,
        ) === 60,
      { what: 'every callback and duplicate delivered' },
    );
    const bodies = rx.received.map((r) => r.body);
    for (const callback of callbacks)
      expect(bodies.filter((b) => b === callback.body)).toHaveLength(2);
  });

  it('sends nothing once closed, and keeps the callback due', async () => {
    rx = await receiver();
    const callback = aCallback();
    const callbacks = open({ delayMs: 30 });
    await callbacks.schedule(callback);
    await callbacks.close();
    await sleep(120);
    expect(rx.received).toHaveLength(0);
    expect(await rowsOf(callback.eventId)).toEqual([
      { duplicate: false, attempts: 0, delivered: false, given_up: false, last_error: null },
    ]);
  });
});
