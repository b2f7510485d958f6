import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { checkWebhookSignature } from '@emporium/platform-auth';
import { SandboxCallbacks } from './sandbox-callbacks';
import { SandboxProvider } from './sandbox.provider';

const secret = 'sandbox-webhook-secret-for-unit-tests-0123';

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

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sandbox callbacks', () => {
  let rx: Awaited<ReturnType<typeof receiver>>;
  let callbacks: SandboxCallbacks | undefined;
  const make = (delayMs = 20) =>
    (callbacks = new SandboxCallbacks({
      baseUrl: () => rx.url,
      delayMs,
      duplicateDelayMs: 20,
      retryBaseMs: 10,
      maxAttempts: 3,
    }));

  afterEach(async () => {
    callbacks?.close();
    await rx?.close();
  });

  it('posts a signed pending success after the delay, then the same event once more', async () => {
    rx = await receiver();
    const provider = new SandboxProvider({
      name: 'alipay',
      webhookSecret: secret,
      feeBps: { SANDBOX_CARD: 60, ALIPAY_SANDBOX: 60, WECHAT_SANDBOX: 60 },
      callbacks: make(),
    });
    const amount = { amount: 12_900, currency: 'CNY' };
    expect(await provider.confirm({ providerRef: 'ali_1', amount, simulate: 'pending' })).toEqual({
      outcome: 'PENDING',
    });
    expect(rx.received).toHaveLength(0);
    await until(() => rx.received.length >= 2);
    await sleep(100);
    expect(rx.received).toHaveLength(2);
    const [first, duplicate] = rx.received;
    expect(first.path).toBe('/webhooks/payments/alipay');
    expect(duplicate.body).toBe(first.body);
    expect(checkWebhookSignature(first.signature, first.body, secret)).toBeUndefined();
    const verified = provider.verifyWebhook({ 'x-signature': first.signature }, first.body);
    expect(verified).toMatchObject({
      ok: true,
      event: { type: 'payment.succeeded', providerRef: 'ali_1', amount },
    });
  });

  it('reports a pending decline as payment.failed', async () => {
    rx = await receiver();
    const provider = new SandboxProvider({
      name: 'wechat',
      webhookSecret: secret,
      feeBps: { SANDBOX_CARD: 60, ALIPAY_SANDBOX: 60, WECHAT_SANDBOX: 60 },
      callbacks: make(),
    });
    await provider.confirm({
      providerRef: 'wx_1',
      amount: { amount: 1, currency: 'CNY' },
      simulate: 'pending-decline',
    });
    await until(() => rx.received.length >= 1);
    const verified = provider.verifyWebhook(
      { 'x-signature': rx.received[0].signature },
      rx.received[0].body,
    );
    expect(verified).toMatchObject({
      ok: true,
      event: { type: 'payment.failed', providerRef: 'wx_1', reason: expect.any(String) },
    });
  });

  it('retries with backoff until answered 2xx, and only then sends the duplicate', async () => {
    rx = await receiver([500, 503]);
    make().schedule({ path: '/hook', body: '{"id":"evt_1"}', secret });
    await until(() => rx.received.length >= 4);
    await sleep(100);
    // Two refusals, the acknowledged try, then the duplicate.
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => r.body))).toEqual(new Set(['{"id":"evt_1"}']));
  });

  it('gives up after the last try', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    rx = await receiver([500, 500, 500, 500, 500]);
    make().schedule({ path: '/hook', body: '{}', secret });
    await until(() => rx.received.length >= 3);
    await sleep(150);
    expect(rx.received).toHaveLength(3);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('given up after 3 tries'));
    warn.mockRestore();
  });

  it('sends nothing once closed', async () => {
    rx = await receiver();
    const scheduled = make(30);
    scheduled.schedule({ path: '/hook', body: '{}', secret });
    scheduled.close();
    scheduled.schedule({ path: '/hook', body: '{}', secret });
    await sleep(120);
    expect(rx.received).toHaveLength(0);
  });

  it('refuses a pending confirmation when no callbacks are configured', async () => {
    const provider = new SandboxProvider({
      name: 'sandbox',
      webhookSecret: secret,
      feeBps: { SANDBOX_CARD: 60, ALIPAY_SANDBOX: 60, WECHAT_SANDBOX: 60 },
    });
    await expect(
      provider.confirm({
        providerRef: 'sbx_1',
        amount: { amount: 1, currency: 'CNY' },
        simulate: 'pending',
      }),
    ).rejects.toThrow('no callbacks');
  });
});
