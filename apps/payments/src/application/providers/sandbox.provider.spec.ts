import { signWebhook } from '@emporium/platform-auth';
import { SandboxProvider } from './sandbox.provider';

const secret = 'sandbox-webhook-secret-for-unit-tests-0123';
const now = 1_764_400_000;
const provider = new SandboxProvider({
  name: 'sandbox',
  webhookSecret: secret,
  feeBps: { SANDBOX_CARD: 60, ALIPAY_SANDBOX: 55, WECHAT_SANDBOX: 60 },
  now: () => now,
});
const body = JSON.stringify({
  id: 'evt_1',
  type: 'payment.succeeded',
  data: { providerRef: 'sbx_abc', amount: { amount: 12_900, currency: 'CNY' } },
});
const verify = (signature: string, raw: string = body) =>
  provider.verifyWebhook({ 'x-signature': signature }, Buffer.from(raw));

describe('sandbox provider webhooks', () => {
  it('accepts a valid signature and parses the event', () => {
    expect(verify(signWebhook(body, secret, now))).toEqual({
      ok: true,
      event: {
        id: 'evt_1',
        type: 'payment.succeeded',
        providerRef: 'sbx_abc',
        amount: { amount: 12_900, currency: 'CNY' },
      },
    });
  });

  it('refuses a tampered body', () => {
    const tampered = body.replace('12900', '1');
    expect(verify(signWebhook(body, secret, now), tampered)).toMatchObject({
      ok: false,
      problem: 'unauthenticated',
    });
  });

  it('refuses another secret', () => {
    expect(verify(signWebhook(body, 'another-secret-another-secret-0000', now))).toMatchObject({
      ok: false,
      problem: 'unauthenticated',
    });
  });

  it('refuses a signature older than five minutes, or from the future', () => {
    expect(verify(signWebhook(body, secret, now - 301))).toMatchObject({
      ok: false,
      detail: 'The webhook signature is expired',
    });
    expect(verify(signWebhook(body, secret, now + 301))).toMatchObject({
      ok: false,
      detail: 'The webhook signature is expired',
    });
    expect(verify(signWebhook(body, secret, now - 299))).toMatchObject({ ok: true });
  });

  it('refuses a missing or malformed header', () => {
    expect(provider.verifyWebhook({}, body)).toMatchObject({
      ok: false,
      detail: 'The webhook signature is missing',
    });
    expect(verify('t=abc,v1=zz')).toMatchObject({
      ok: false,
      detail: 'The webhook signature is malformed',
    });
  });

  it('verifies a replayed delivery again (the service, not the signature, drops repeated ids)', () => {
    const signature = signWebhook(body, secret, now);
    expect(verify(signature)).toEqual(verify(signature));
  });

  it('reports a signed payload it cannot read as malformed', () => {
    const bad = JSON.stringify({
      id: 'evt_2',
      type: 'payment.refunded',
      data: { providerRef: 'x' },
    });
    expect(verify(signWebhook(bad, secret, now), bad)).toMatchObject({
      ok: false,
      problem: 'malformed',
    });
  });
});

describe('sandbox provider payments', () => {
  it('captures unless asked to decline', async () => {
    const amount = { amount: 500, currency: 'CNY' };
    expect(await provider.confirm({ providerRef: 'sbx_1', amount })).toEqual({
      outcome: 'CAPTURED',
      amount,
    });
    expect(
      await provider.confirm({ providerRef: 'sbx_1', amount, simulate: 'decline' }),
    ).toMatchObject({ outcome: 'DECLINED' });
  });

  it('charges the configured fee per method', () => {
    expect(provider.fee('SANDBOX_CARD', 10_000)).toBe(60);
    expect(provider.fee('ALIPAY_SANDBOX', 10_000)).toBe(55);
  });
});
