import { createPrivateKey, createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { money, type PaymentMethod } from '@emporium/contracts';
import { eventually, startPaymentSimulators, type PaymentSimulators } from '@emporium/testing';
import {
  aRegisteredCustomer,
  aStaffMember,
  aStockedProduct,
  login,
  runningPlatform,
  SHANGHAI_ADDRESS,
} from './support/shop';

const ADMIN = { email: 'admin@providers.test', password: 'providers-admin-password' };

describe('paying with Alipay and WeChat Pay through the gateway, against their simulators', () => {
  let simulators: PaymentSimulators | undefined;
  // Before the platform: the payments service is started with the simulators' URLs and keys.
  beforeAll(async () => {
    simulators = await startPaymentSimulators();
  });
  afterAll(async () => {
    await simulators?.stop();
  });

  const shop = runningPlatform(['gateway', 'catalog', 'orders', 'payments', 'logistics'], () => ({
    EMPORIUM_ADMIN_EMAIL: ADMIN.email,
    EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
    ...simulators!.env,
  }));
  const { call } = shop;

  /** The shopper's phone scans the QR code the API handed out and pays at the provider. */
  const scan = async (simulatorUrl: string, code: string) => {
    const res = await fetch(`${simulatorUrl}/sim/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(res.status).toBe(200);
  };

  /** An order of the customer's, placed with `method`, and its payment once created. */
  const anOrderPaidWith = async (method: PaymentMethod) => {
    const admin = await login(call, ADMIN.email, ADMIN.password);
    const merchant = await aStaffMember(call, admin, 'merchant');
    const { sku } = await aStockedProduct(call, merchant, { price: money(12_900), onHand: 5 });
    const { token: customer } = await aRegisteredCustomer(call);
    expect((await call('POST', '/cart/items', { sku, quantity: 1 }, customer)).status).toBe(200);
    const placed = await call(
      'POST',
      '/orders',
      { shippingAddress: SHANGHAI_ADDRESS, deliveryOption: 'STANDARD', paymentMethod: method },
      customer,
      { 'idempotency-key': randomUUID() },
    );
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    const payment = await eventually(
      async () =>
        (await call('GET', `/payments?orderId=${orderId}`, undefined, customer)).body.items?.[0],
      { what: 'the payment' },
    );
    return { merchant, customer, placed, orderId, payment };
  };

  it.each([
    ['ALIPAY_SANDBOX', () => simulators!.alipayUrl, /^http:\/\/127\.0\.0\.1:\d+\/qr\//],
    ['WECHAT_SANDBOX', () => simulators!.wechatUrl, /^weixin:\/\/wxpay\/bizpayurl\?pr=/],
  ] as const)(
    'an order paid with %s: QR code, the shopper pays, the provider notifies, the order is paid, a refund goes back',
    async (method, simulatorUrl, qrCode) => {
      const { merchant, customer, placed, orderId, payment } = await anOrderPaidWith(method);

      const confirmed = await call('POST', `/payments/${payment.id}/confirm`, {}, customer, {
        'idempotency-key': randomUUID(),
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({
        status: 'REQUIRES_CONFIRMATION',
        nextAction: { type: 'SCAN_QR_CODE', qrCode: expect.stringMatching(qrCode) },
      });

      await scan(simulatorUrl(), confirmed.body.nextAction.qrCode as string);
      await eventually(
        async () =>
          ['PAID', 'FULFILLING'].includes(
            (await call('GET', `/orders/${orderId}`, undefined, customer)).body.status,
          ),
        { what: 'the order paid' },
      );
      const paid = (await call('GET', `/payments/${payment.id}`, undefined, customer)).body;
      expect(paid).toMatchObject({
        status: 'CAPTURED',
        capturedAmount: placed.body.totals.total,
        attempts: [{ outcome: 'CAPTURED' }],
      });
      expect(paid.nextAction).toBeUndefined();

      const refund = await call(
        'POST',
        `/payments/${payment.id}/refunds`,
        { amount: money(2_900), reason: 'a scratch on the lid' },
        merchant,
        { 'idempotency-key': randomUUID() },
      );
      expect(refund.status).toBe(201);
      expect(
        (await call('GET', `/payments/${payment.id}`, undefined, merchant)).body,
      ).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedTotal: money(2_900) });
    },
  );

  it("takes an Alipay notification through the gateway's public webhook, signed by Alipay, answered `success`", async () => {
    const { customer, orderId, payment } = await anOrderPaidWith('ALIPAY_SANDBOX');
    const confirmed = await call('POST', `/payments/${payment.id}/confirm`, {}, customer, {
      'idempotency-key': randomUUID(),
    });
    const outTradeNo = decodeURIComponent(
      String(confirmed.body.nextAction.qrCode).split('/qr/')[1],
    );
    // Alipay's key, beside the public half the payments service was given.
    const env = simulators!.env;
    const alipayKey = createPrivateKey(
      readFileSync(
        join(dirname(env.PAYMENTS_ALIPAY_PUBLIC_KEY_FILE), 'alipay-platform-private.pem'),
      ),
    );
    const params: Record<string, string> = {
      notify_time: '2026-12-08 10:00:00',
      notify_type: 'trade_status_sync',
      notify_id: randomUUID().replace(/-/g, ''),
      app_id: env.PAYMENTS_ALIPAY_APP_ID,
      charset: 'utf-8',
      version: '1.0',
      trade_no: '2026120822001400000000009999',
      out_trade_no: outTradeNo,
      trade_status: 'TRADE_SUCCESS',
      total_amount: (Number(payment.amount.amount) / 100).toFixed(2),
    };
    const content = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join('&');
    const sign = createSign('RSA-SHA256').update(content, 'utf8').sign(alipayKey, 'base64');
    const post = (body: string) =>
      fetch(`${shop.api()}/webhooks/payments/alipay`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      });

    const forged = await post(
      new URLSearchParams({ ...params, sign_type: 'RSA2', sign: 'AAAA' }).toString(),
    );
    expect(forged.status).toBe(401);
    const notified = await post(
      new URLSearchParams({ ...params, sign_type: 'RSA2', sign }).toString(),
    );
    expect([notified.status, await notified.text()]).toEqual([200, 'success']);
    await eventually(
      async () =>
        ['PAID', 'FULFILLING'].includes(
          (await call('GET', `/orders/${orderId}`, undefined, customer)).body.status,
        ),
      { what: 'the order paid' },
    );
  });
});
