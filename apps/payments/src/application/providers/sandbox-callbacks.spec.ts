import { signWebhook } from '@emporium/platform-auth';
import type { SandboxCallback } from './sandbox-callbacks';
import { SandboxProvider } from './sandbox.provider';

const secret = 'sandbox-webhook-secret-for-unit-tests-0123';
const feeBps = { SANDBOX_CARD: 60, ALIPAY_SANDBOX: 60, WECHAT_SANDBOX: 60 };

/** A provider whose callbacks are only collected (delivery is covered against Postgres). */
function providerCollecting(name: 'sandbox' | 'alipay' | 'wechat') {
  const scheduled: SandboxCallback[] = [];
  const provider = new SandboxProvider({
    name,
    webhookSecret: secret,
    feeBps,
    callbacks: { schedule: async (callback) => void scheduled.push(callback) },
  });
  return { provider, scheduled };
}

describe('sandbox callbacks', () => {
  it('stores a pending success as a payment.succeeded event the provider itself accepts', async () => {
    const { provider, scheduled } = providerCollecting('alipay');
    const amount = { amount: 12_900, currency: 'CNY' };
    expect(await provider.confirm({ providerRef: 'ali_1', amount, simulate: 'pending' })).toEqual({
      outcome: 'PENDING',
    });
    expect(scheduled).toHaveLength(1);
    const [callback] = scheduled;
    expect(callback).toMatchObject({
      provider: 'alipay',
      providerRef: 'ali_1',
      eventType: 'payment.succeeded',
      eventId: expect.stringMatching(/^evt_ali_/),
    });
    const signature = signWebhook(callback.body, secret);
    expect(provider.verifyWebhook({ 'x-signature': signature }, callback.body)).toMatchObject({
      ok: true,
      event: { id: callback.eventId, type: 'payment.succeeded', providerRef: 'ali_1', amount },
    });
  });

  it('reports a pending decline as payment.failed', async () => {
    const { provider, scheduled } = providerCollecting('wechat');
    await provider.confirm({
      providerRef: 'wx_1',
      amount: { amount: 1, currency: 'CNY' },
      simulate: 'pending-decline',
    });
    const [callback] = scheduled;
    const verified = provider.verifyWebhook(
      { 'x-signature': signWebhook(callback.body, secret) },
      callback.body,
    );
    expect(verified).toMatchObject({
      ok: true,
      event: { type: 'payment.failed', providerRef: 'wx_1', reason: expect.any(String) },
    });
  });

  it('gives every accepted payment its own event id', async () => {
    const { provider, scheduled } = providerCollecting('sandbox');
    const input = {
      providerRef: 'sbx_1',
      amount: { amount: 1, currency: 'CNY' },
      simulate: 'pending',
    } as const;
    await provider.confirm(input);
    await provider.confirm(input);
    expect(new Set(scheduled.map((c) => c.eventId)).size).toBe(2);
  });

  it('answers nothing when the callback cannot be stored', async () => {
    const provider = new SandboxProvider({
      name: 'sandbox',
      webhookSecret: secret,
      feeBps,
      callbacks: { schedule: () => Promise.reject(new Error('database unavailable')) },
    });
    await expect(
      provider.confirm({
        providerRef: 'sbx_1',
        amount: { amount: 1, currency: 'CNY' },
        simulate: 'pending',
      }),
    ).rejects.toThrow('database unavailable');
  });

  it('refuses a pending confirmation when no callbacks are configured', async () => {
    const provider = new SandboxProvider({ name: 'sandbox', webhookSecret: secret, feeBps });
    await expect(
      provider.confirm({
        providerRef: 'sbx_1',
        amount: { amount: 1, currency: 'CNY' },
        simulate: 'pending',
      }),
    ).rejects.toThrow('no callbacks');
  });
});
