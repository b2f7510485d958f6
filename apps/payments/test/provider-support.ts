import { randomUUID, type KeyObject } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@emporium/testing';
import type { AwaitingOrder, PaymentsSuite, Reply } from './support';

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

/**
 * The shopper paid, the notification was lost and the order was cancelled: asking the provider
 * finds the money, which is recorded and sent back in full (`refunds`: the simulated trade's), and
 * the provider is not asked again.
 */
export async function expectGivenBackAfterVoid(
  payments: PaymentsSuite,
  paymentId: string,
  refunds: ReadonlyMap<string, number>,
  amount: number,
): Promise<void> {
  await untilStatus(payments, paymentId, 'REFUNDED');
  expect((await paymentOf(payments, paymentId)).flags).toEqual(['CAPTURED_AFTER_VOIDED']);
  expect(await journalsOf(payments, paymentId)).toEqual(['CAPTURE', 'FEE', 'REFUND']);
  await eventually(async () => refunds.size === 1, { what: 'the refund at the provider' });
  expect([...refunds.values()]).toEqual([amount]);
  const [row] = await payments.query('SELECT awaiting_provider_since FROM payments WHERE id = $1', [
    paymentId,
  ]);
  expect(row.awaiting_provider_since).toBeNull();
}

/**
 * Confirms while the provider is out of reach: 503 `provider-unavailable` with Retry-After and the
 * payment unchanged; once it is back, confirming again hands out the QR code.
 */
export async function expectConfirmOutage(
  payments: PaymentsSuite,
  simulator: { unavailable: boolean },
  order: AwaitingOrder,
): Promise<void> {
  simulator.unavailable = true;
  const res = await payments.confirm(order.payment.id, {}, order.customer).finally(() => {
    simulator.unavailable = false;
  });
  expect([res.status, res.body.type]).toEqual([503, 'urn:emporium:problem:provider-unavailable']);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(await paymentOf(payments, order.payment.id)).toMatchObject({
    status: 'REQUIRES_CONFIRMATION',
    attempts: [],
  });
  const again = await payments.confirm(order.payment.id, {}, order.customer);
  expect(again.status).toBe(200);
  expect(again.body.nextAction).toMatchObject({ type: 'SCAN_QR_CODE' });
}
