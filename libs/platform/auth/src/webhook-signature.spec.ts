import { checkWebhookSignature, signWebhook } from './webhook-signature';

const secret = 'whsec-test-0123456789abcdef';
const body = '{"status":"DELIVERED"}';
const now = 1_790_000_000;

describe('webhook signatures', () => {
  it('accepts what was signed with the secret, within five minutes', () => {
    expect(
      checkWebhookSignature(signWebhook(body, secret, now), body, secret, now + 299),
    ).toBeUndefined();
  });

  it('refuses a tampered body', () => {
    expect(
      checkWebhookSignature(
        signWebhook(body, secret, now),
        body.replace('DELIVERED', 'RETURNED'),
        secret,
        now,
      ),
    ).toBe('mismatch');
  });

  it('refuses another secret', () => {
    expect(
      checkWebhookSignature(signWebhook(body, 'another-secret-000000', now), body, secret, now),
    ).toBe('mismatch');
  });

  it('refuses a signature older than five minutes, or from the future', () => {
    expect(checkWebhookSignature(signWebhook(body, secret, now), body, secret, now + 301)).toBe(
      'expired',
    );
    expect(checkWebhookSignature(signWebhook(body, secret, now + 400), body, secret, now)).toBe(
      'expired',
    );
  });

  it.each([undefined, ''])('refuses a missing header (%p)', (header) => {
    expect(checkWebhookSignature(header, body, secret, now)).toBe('missing');
  });

  it.each(['v1=abc', 't=now,v1=00', `t=${now}`, `t=${now},v1=${'z'.repeat(64)}`])(
    'refuses a malformed header %p',
    (header) => {
      expect(checkWebhookSignature(header, body, secret, now)).toBe('malformed');
    },
  );
});
