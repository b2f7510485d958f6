import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@emporium/testing';
import { platformSignatureHeaders } from '../src/application/providers/wechat-pay-protocol';
import { WechatPaySimulator } from '../src/simulators/wechat-pay-simulator';
import {
  cancelOrder,
  expectConfirmOutage,
  expectGivenBackAfterVoid,
  journalsOf,
  paymentOf as paymentOfIn,
  postNotification,
  scan,
  refundAsMerchant,
  untilStatus,
  writeKeyFiles,
} from './provider-support';
import { startPayments, type PaymentsSuite } from './support';

const MCHID = '1900009191';
const APPID = 'wxd678efh567hg6787';
const MERCHANT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const APIV3_KEY = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
// A notification of a paid order, while the simulated order itself still waits (so asking WeChat
// Pay does not settle it behind the test's back).
const PAID = { state: 'SUCCESS' } as const;

/** A self-signed platform certificate and its key, as WeChat Pay's platform certificate is issued. */
function platformCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'wechat-platform-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-subj', '/CN=Tenpay.com Root CA', '-days', '2',
  ], { stdio: 'ignore' }); // prettier-ignore
  return {
    certFile: cert,
    privateKey: createPrivateKey(readFileSync(key)),
    serial: new X509Certificate(readFileSync(cert)).serialNumber,
  };
}

// Long enough that no other test's payment is looked up while the test runs.
const LATE_AFTER_MS = 3_000;

describe('payments: WeChat Pay over APIv3, against the local simulator', () => {
  let payments: PaymentsSuite | undefined;
  let simulator: WechatPaySimulator;

  const merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = platformCertificate();

  const paymentOf = (id: string) => paymentOfIn(payments!, id);
  const notify = (n: { body: string; headers: Record<string, string> }) =>
    postNotification(payments!, 'wechat', n);
  const journals = (paymentId: string) => journalsOf(payments!, paymentId);

  /** A WECHAT_SANDBOX payment whose Native order the customer's confirmation placed. */
  const aTransaction = async (amount = 12_900) => {
    const order = await payments!.anOrder({ amount, method: 'WECHAT_SANDBOX' });
    const res = await payments!.confirm(order.payment.id, {}, order.customer);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('REQUIRES_CONFIRMATION');
    const transaction = simulator.transactions.get(order.payment.id.replace(/-/g, ''))!;
    return { order, transaction, nextAction: res.body.nextAction };
  };

  beforeAll(async () => {
    simulator = new WechatPaySimulator({
      platformPrivateKey: platform.privateKey,
      platformSerial: platform.serial,
      merchants: new Map([
        [
          MCHID,
          {
            appid: APPID,
            serial: MERCHANT_SERIAL,
            publicKey: merchantKeys.publicKey,
            apiV3Key: APIV3_KEY,
          },
        ],
      ]),
      retryDelaysMs: [100, 200],
    });
    const url = await simulator.start();
    const files = await writeKeyFiles({ merchant: merchantKeys.privateKey });
    payments = await startPayments('payments_wechat', {
      PAYMENTS_DISPATCH_INTERVAL_MS: '200',
      PAYMENTS_NOTIFICATION_LATE_AFTER_MS: String(LATE_AFTER_MS),
      PAYMENTS_WECHAT_API_URL: url,
      PAYMENTS_WECHAT_MCH_ID: MCHID,
      PAYMENTS_WECHAT_APP_ID: APPID,
      PAYMENTS_WECHAT_MERCHANT_SERIAL: MERCHANT_SERIAL,
      PAYMENTS_WECHAT_PRIVATE_KEY_FILE: files.merchant,
      PAYMENTS_WECHAT_PLATFORM_KEY_FILE: platform.certFile,
      PAYMENTS_WECHAT_APIV3_KEY: APIV3_KEY,
    });
  });

  afterAll(async () => {
    await payments?.stop();
    await simulator?.stop();
  });

  it('places the Native order in fen, signed, with our notify_url', async () => {
    const { transaction } = await aTransaction(12_905);
    expect(transaction).toMatchObject({
      mchid: MCHID,
      appid: APPID,
      total: 12_905,
      currency: 'CNY',
      state: 'NOTPAY',
      notifyUrl: `${payments!.service.url}/webhooks/payments/wechat`,
    });
    expect(transaction.outTradeNo).toMatch(/^[0-9a-f]{32}$/);
  });

  it('captures from the encrypted, signed notification, answering {"code":"SUCCESS"}', async () => {
    const { order, transaction, nextAction } = await aTransaction();
    expect(nextAction).toEqual({
      type: 'SCAN_QR_CODE',
      qrCode: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=/),
    });
    await scan(simulator.url, nextAction.qrCode);
    await untilStatus(payments!, order.payment.id, 'CAPTURED');
    expect((await paymentOf(order.payment.id)).nextAction).toBeUndefined();
    const sent = simulator.notifications.find((n) => n.outTradeNo === transaction.outTradeNo)!;
    expect(sent.body).not.toContain('12900'); // the amount travels encrypted
    expect(sent.answers[0]).toEqual({ status: 200, body: '{"code":"SUCCESS"}' });
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('refuses a notification whose body was changed after the platform signed it', async () => {
    const { order, transaction } = await aTransaction();
    const n = simulator.notificationFor(transaction, PAID);
    const body = JSON.parse(n.body) as { resource: { ciphertext: string } };
    const other = simulator.notificationFor(transaction, { ...PAID, reportedTotal: 1 });
    body.resource.ciphertext = (JSON.parse(other.body) as typeof body).resource.ciphertext;
    const res = await notify({ body: JSON.stringify(body), headers: n.headers });
    expect(res.status).toBe(401);
    expect((await paymentOf(order.payment.id)).status).toBe('REQUIRES_CONFIRMATION');
    expect(await journals(order.payment.id)).toEqual([]);
  });

  it('refuses a notification signed by another key than the platform’s', async () => {
    const { order, transaction } = await aTransaction();
    const { body } = simulator.notificationFor(transaction, PAID);
    const forged = platformSignatureHeaders(
      body,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      platform.serial,
    );
    const res = await notify({ body, headers: { 'content-type': 'application/json', ...forged } });
    expect(res.status).toBe(401);
    expect((await paymentOf(order.payment.id)).status).toBe('REQUIRES_CONFIRMATION');
  });

  it('refuses a signed notification whose resource is not encrypted with our APIv3 key', async () => {
    const { order, transaction } = await aTransaction();
    const stranger = new WechatPaySimulator({
      platformPrivateKey: platform.privateKey,
      platformSerial: platform.serial,
      merchants: new Map([
        [
          MCHID,
          {
            appid: APPID,
            serial: MERCHANT_SERIAL,
            publicKey: merchantKeys.publicKey,
            apiV3Key: 'another-apiv3-key-of-32-bytes-xx',
          },
        ],
      ]),
    });
    expect((await notify(stranger.notificationFor(transaction, PAID))).status).toBe(401);
    expect((await paymentOf(order.payment.id)).status).toBe('REQUIRES_CONFIRMATION');
  });

  it('refuses an old notification replayed after the 5-minute window', async () => {
    const { order, transaction } = await aTransaction();
    const old = simulator.notificationFor(transaction, {
      ...PAID,
      at: new Date(Date.now() - 600_000),
    });
    expect((await notify(old)).status).toBe(401);
    expect((await paymentOf(order.payment.id)).status).toBe('REQUIRES_CONFIRMATION');
  });

  it('captures once when the same notification is delivered again', async () => {
    const { order, transaction } = await aTransaction();
    const n = simulator.notificationFor(transaction, PAID);
    const first = await notify(n);
    const replay = await notify(n);
    expect([first.status, await first.text()]).toEqual([200, '{"code":"SUCCESS"}']);
    expect([replay.status, await replay.text()]).toEqual([200, '{"code":"SUCCESS"}']);
    expect(
      await payments!.query(
        'SELECT outcome, deliveries FROM webhook_events WHERE payment_id = $1',
        [order.payment.id],
      ),
    ).toEqual([{ outcome: 'applied', deliveries: 2 }]);
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('captures nothing and flags the payment when WeChat Pay reports another total', async () => {
    const { order, transaction } = await aTransaction();
    simulator.act(transaction.outTradeNo, { reportedTotal: 1 });
    await eventually(async () => (await paymentOf(order.payment.id)).flags.length > 0, {
      what: 'the flag',
    });
    expect(await paymentOf(order.payment.id)).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
      flags: ['AMOUNT_MISMATCH'],
      amountMismatches: [{ source: 'WEBHOOK', reported: { amount: 1, currency: 'CNY' } }],
    });
    expect(await journals(order.payment.id)).toEqual([]);
  });

  it('captures by querying the transaction when the notification is late', async () => {
    const { order, transaction } = await aTransaction();
    simulator.act(transaction.outTradeNo, { notify: false });
    const res = await payments!.confirm(order.payment.id, {}, order.customer);
    expect(res.body).toMatchObject({ status: 'CAPTURED', attempts: [{ outcome: 'CAPTURED' }] });
    const late = await notify(simulator.notificationFor(transaction, PAID));
    expect(late.status).toBe(200);
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('fails the payment at once when WeChat Pay reports the order closed, since it can never be paid', async () => {
    const { order, transaction } = await aTransaction();
    simulator.act(transaction.outTradeNo, { outcome: 'close' });
    await untilStatus(payments!, order.payment.id, 'FAILED');
    expect((await paymentOf(order.payment.id)).attempts).toEqual([
      expect.objectContaining({
        outcome: 'DECLINED',
        reason: 'the WeChat Pay transaction is CLOSED',
      }),
    ]);
    const again = await payments!.confirm(order.payment.id, {}, order.customer);
    expect([again.status, again.body.type]).toEqual([
      409,
      'urn:emporium:problem:payment-not-confirmable',
    ]);
  });

  it('fails the payment at the confirmation that finds the order closed, without a notification', async () => {
    const { order, transaction } = await aTransaction();
    simulator.act(transaction.outTradeNo, { outcome: 'close', notify: false });
    const res = await payments!.confirm(order.payment.id, {}, order.customer);
    expect(res.body).toMatchObject({
      status: 'FAILED',
      attempts: [{ outcome: 'DECLINED', reason: 'the WeChat Pay transaction is CLOSED' }],
    });
  });

  it('asks WeChat Pay (the transaction query) when the notification is late, and captures without the customer', async () => {
    const { order, transaction } = await aTransaction();
    simulator.act(transaction.outTradeNo, { notify: false });
    await untilStatus(payments!, order.payment.id, 'CAPTURED');
    expect((await paymentOf(order.payment.id)).attempts).toEqual([
      expect.objectContaining({ outcome: 'CAPTURED' }),
    ]);
    expect(simulator.notifications.some((n) => n.outTradeNo === transaction.outTradeNo)).toBe(
      false,
    );
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('gives the money back when the shopper paid before the cancellation and the notification was lost', async () => {
    const { order, transaction } = await aTransaction();
    simulator.act(transaction.outTradeNo, { notify: false });
    await cancelOrder(payments!, order);
    // The close answers ORDERPAID; asking WeChat Pay finds the money.
    await expectGivenBackAfterVoid(payments!, order.payment.id, transaction.refunds, 12_900);
  });

  it('answers 503 provider-unavailable with Retry-After while WeChat Pay is out of reach, and the customer may confirm again', async () => {
    const order = await payments!.anOrder({ amount: 12_900, method: 'WECHAT_SANDBOX' });
    await expectConfirmOutage(payments!, simulator, order);
  });

  it('refunds at WeChat Pay by out_refund_no, once', async () => {
    const { order, transaction } = await aTransaction();
    simulator.act(transaction.outTradeNo);
    await untilStatus(payments!, order.payment.id, 'CAPTURED');
    const refund = await refundAsMerchant(payments!, order.payment.id, 2_900);
    expect(refund).toMatchObject({
      provider_status: 'SUCCEEDED',
      provider_refund_ref: refund.id.replace(/-/g, ''),
    });
    expect([...transaction.refunds]).toEqual([[refund.provider_refund_ref, 2_900]]);
    expect(transaction.state).toBe('REFUND');
  });

  it('closes the order at WeChat Pay when it is cancelled unpaid', async () => {
    const { order, transaction } = await aTransaction();
    await cancelOrder(payments!, order);
    await eventually(async () => transaction.state === 'CLOSED', { what: 'the close' });
    expect((await paymentOf(order.payment.id)).status).toBe('VOIDED');
  });
});
