import { createHmac } from 'node:crypto';
import { describeEvent } from '../examples/integrator/order-feed';
import { verifySignature } from '../examples/integrator/webhook-receiver';

const secret = 'whsec_example-secret';
const body = JSON.stringify({
  id: 'e1',
  type: 'order.paid',
  version: 1,
  subject: 'o1',
  occurredAt: '2026-11-24T08:30:00.000Z',
  data: {},
});
const now = 1_795_000_000;
const sign = (t: number, text: string, key = secret) =>
  `t=${t},v1=${createHmac('sha256', key).update(`${t}.${text}`).digest('hex')}`;

describe('the example webhook receiver', () => {
  it('accepts a delivery signed with the webhook secret', () => {
    expect(verifySignature(sign(now, body), Buffer.from(body), secret, now)).toBe('ok');
  });

  it('refuses a signature made with another secret, or over another body', () => {
    expect(verifySignature(sign(now, body, 'whsec_other'), body, secret, now)).toBe('mismatch');
    expect(
      verifySignature(sign(now, body), body.replace('order.paid', 'order.cancelled'), secret, now),
    ).toBe('mismatch');
  });

  it('refuses a missing, malformed or replayed signature', () => {
    expect(verifySignature(undefined, body, secret, now)).toBe('missing');
    expect(verifySignature('v1=abc', body, secret, now)).toBe('malformed');
    expect(verifySignature(sign(now - 600, body), body, secret, now)).toBe('expired');
  });
});

describe('the example order feed', () => {
  it('prints one line per order event it knows, and skips versions it does not', () => {
    const event = {
      id: 'e1',
      type: 'order.paid',
      version: 1,
      subject: '3f0b6c1e-8a52',
      occurredAt: '2026-11-24T08:30:00.000Z',
      data: { orderId: '3f0b6c1e-8a52', total: { amount: 12_900, currency: 'CNY' } },
    };
    expect(describeEvent(event)).toBe('08:30:00  order 3f0b6c1e  paid 129.00 CNY');
    expect(describeEvent({ ...event, version: 2 })).toBeUndefined();
  });
});
