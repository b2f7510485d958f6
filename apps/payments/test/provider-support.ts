import { randomUUID, type KeyObject } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@emporium/testing';
import type { PaymentsSuite, Reply } from './support';

/** Writes each key as a PEM file in a fresh temporary folder, as secrets are mounted; answers the paths. */
export async function writeKeyFiles<K extends string>(
  keys: Record<K, KeyObject>,
): Promise<Record<K, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'payments-keys-'));
  const paths = {} as Record<K, string>;
  for (const [name, key] of Object.entries(keys) as [K, KeyObject][]) {
    const pem =
      key.type === 'private'
        ? key.export({ type: 'pkcs8', format: 'pem' })
        : key.export({ type: 'spki', format: 'pem' });
    paths[name] = join(dir, `${name}.pem`);
    await writeFile(paths[name], pem, { mode: 0o600 });
  }
  return paths;
}

/** Journal kinds posted for a payment, in order. */
export async function journalsOf(payments: PaymentsSuite, paymentId: string): Promise<unknown[]> {
  const rows = await payments.query(
    'SELECT kind FROM ledger_entries WHERE payment_id = $1 ORDER BY posted_at, kind',
    [paymentId],
  );
  return rows.map((r) => r.kind);
}

/** The payment as the API answers it. */
export async function paymentOf(payments: PaymentsSuite, id: string): Promise<Reply['body']> {
  return (await payments.call('GET', `/payments/${id}`)).body;
}

/** Waits until the payment is in `status`. */
export function untilStatus(payments: PaymentsSuite, id: string, status: string): Promise<unknown> {
  return eventually(async () => (await paymentOf(payments, id)).status === status, {
    what: `payment ${id} ${status}`,
  });
}

/** Posts a notification to the provider's webhook as the provider would. */
export function postNotification(
  payments: PaymentsSuite,
  provider: 'alipay' | 'wechat',
  notification: { readonly body: string; readonly headers: Record<string, string> },
): Promise<Response> {
  return fetch(`${payments.service.url}/webhooks/payments/${provider}`, {
    method: 'POST',
    headers: notification.headers,
    body: notification.body,
  });
}

/** A merchant refunds `amount` fen; answers the refund row once the provider was asked. */
export async function refundAsMerchant(
  payments: PaymentsSuite,
  paymentId: string,
  amount: number,
): Promise<{ id: string; provider_status: unknown; provider_refund_ref: unknown }> {
  const res = await payments.call(
    'POST',
    `/payments/${paymentId}/refunds`,
    { amount: { amount, currency: 'CNY' }, reason: 'damaged box' },
    { ...payments.merchant, 'idempotency-key': randomUUID() },
  );
  if (res.status !== 201) throw new Error(`refund answered ${res.status}`);
  const [row] = await payments.query(
    'SELECT provider_status, provider_refund_ref FROM refunds WHERE id = $1',
    [res.body.id],
  );
  return {
    id: res.body.id as string,
    ...(row as { provider_status: unknown; provider_refund_ref: unknown }),
  };
}

/** The shopper scans the QR code at the simulator and pays. */
export async function scan(simulatorUrl: string, code: string): Promise<void> {
  const res = await fetch(`${simulatorUrl}/sim/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (res.status !== 200) throw new Error(`scan answered ${res.status}: ${await res.text()}`);
}

/** Publishes the order's cancellation, as orders would. */
export async function cancelOrder(
  payments: PaymentsSuite,
  order: { readonly orderId: string; readonly customerId: string },
): Promise<void> {
  await payments.publish('order.cancelled', order.orderId, {
    orderId: order.orderId,
    customerId: order.customerId,
    reason: 'CUSTOMER',
    cancelledAt: new Date().toISOString(),
  });
}
