import { generateKeyPairSync } from 'node:crypto';
import { eventually } from '@emporium/testing';
import { AlipaySimulator } from '../src/simulators/alipay-simulator';
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

const APP_ID = '2026120800000001';
// A notification of a paid trade, while the simulated trade itself still waits (so asking Alipay
// does not settle it behind the test's back).
const PAID = { trade_status: 'TRADE_SUCCESS' };

// Long enough that no other test's payment is looked up while the test runs.
const LATE_AFTER_MS = 3_000;

describe('payments: Alipay over its own protocol, against the local simulator', () => {
  let payments: PaymentsSuite | undefined;
  let simulator: AlipaySimulator;

  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipayKeys = rsa();
  const merchantKeys = rsa();

  const paymentOf = (id: string) => paymentOfIn(payments!, id);
  const notify = (body: string) =>
    postNotification(payments!, 'alipay', {
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
  const journals = (paymentId: string) => journalsOf(payments!, paymentId);

  /** An ALIPAY_SANDBOX payment whose trade the customer's confirmation created at Alipay. */
  const aTrade = async (amount = 12_900) => {
    const order = await payments!.anOrder({ amount, method: 'ALIPAY_SANDBOX' });
    const res = await payments!.confirm(order.payment.id, {}, order.customer);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('REQUIRES_CONFIRMATION');
    const [row] = await payments!.query('SELECT provider_ref FROM payments WHERE id = $1', [
      order.payment.id,
    ]);
    const trade = simulator.trades.get(row.provider_ref as string)!;
    return { order, trade, nextAction: res.body.nextAction };
  };

  beforeAll(async () => {
    simulator = new AlipaySimulator({
      alipayPrivateKey: alipayKeys.privateKey,
      apps: new Map([[APP_ID, merchantKeys.publicKey]]),
      retryDelaysMs: [100, 200],
    });
    const url = await simulator.start();
    const files = await writeKeyFiles({
      merchant: merchantKeys.privateKey,
      alipay: alipayKeys.publicKey,
    });
    payments = await startPayments('payments_alipay', {
      PAYMENTS_DISPATCH_INTERVAL_MS: '200',
      PAYMENTS_NOTIFICATION_LATE_AFTER_MS: String(LATE_AFTER_MS),
      PAYMENTS_ALIPAY_GATEWAY_URL: `${url}/gateway.do`,
      PAYMENTS_ALIPAY_APP_ID: APP_ID,
      PAYMENTS_ALIPAY_PRIVATE_KEY_FILE: files.merchant,
      PAYMENTS_ALIPAY_PUBLIC_KEY_FILE: files.alipay,
    });
  });

  afterAll(async () => {
    await payments?.stop();
    await simulator?.stop();
  });

  it('creates the trade at Alipay in yuan with two decimals, signed, with our notify_url', async () => {
    const { order, trade } = await aTrade(12_905);
    expect(trade).toMatchObject({ appId: APP_ID, totalFen: 12_905, status: 'WAIT_BUYER_PAY' });
    expect(trade.outTradeNo).toMatch(/^ali_[0-9a-f]{32}$/);
    expect(trade.notifyUrl).toBe(`${payments!.service.url}/webhooks/payments/alipay`);
    expect((await paymentOf(order.payment.id)).attempts).toEqual([]);
  });

  it('captures from the signed notification once the shopper pays, answering `success`', async () => {
    const { order, trade, nextAction } = await aTrade();
    expect(nextAction).toEqual({ type: 'SCAN_QR_CODE', qrCode: expect.stringMatching(/^http/) });
    expect((await paymentOf(order.payment.id)).nextAction).toEqual(nextAction);
    await scan(simulator.url, nextAction.qrCode);
    await untilStatus(payments!, order.payment.id, 'CAPTURED');
    expect((await paymentOf(order.payment.id)).nextAction).toBeUndefined();
    const sent = simulator.notifications.find((n) => n.outTradeNo === trade.outTradeNo)!;
    expect(sent.body).toContain('total_amount=129.00');
    expect(sent.answers[0]).toEqual({ status: 200, body: 'success' });
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('refuses a notification whose amount was changed after Alipay signed it', async () => {
    const { order, trade } = await aTrade();
    const tampered = simulator
      .notificationFor(trade, PAID)
      .replace('total_amount=129.00', 'total_amount=1.29');
    const res = await notify(tampered);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toBe('success');
    expect((await paymentOf(order.payment.id)).status).toBe('REQUIRES_CONFIRMATION');
    expect(await journals(order.payment.id)).toEqual([]);
  });

  it('refuses a notification signed by another key than Alipay’s', async () => {
    const { order, trade } = await aTrade();
    const forger = new AlipaySimulator({ alipayPrivateKey: rsa().privateKey, apps: new Map() });
    const res = await notify(forger.notificationFor(trade, PAID));
    expect(res.status).toBe(401);
    expect((await paymentOf(order.payment.id)).status).toBe('REQUIRES_CONFIRMATION');
  });

  it('refuses a notification without its signature', async () => {
    const { trade } = await aTrade();
    const unsigned = new URLSearchParams(simulator.notificationFor(trade, PAID));
    unsigned.delete('sign');
    expect((await notify(unsigned.toString())).status).toBe(401);
  });

  it('captures once when the same notification is replayed', async () => {
    const { order, trade } = await aTrade();
    const body = simulator.notificationFor(trade, PAID);
    const first = await notify(body);
    const replay = await notify(body);
    expect([first.status, await first.text()]).toEqual([200, 'success']);
    expect([replay.status, await replay.text()]).toEqual([200, 'success']);
    expect(
      await payments!.query(
        'SELECT outcome, deliveries FROM webhook_events WHERE payment_id = $1',
        [order.payment.id],
      ),
    ).toEqual([{ outcome: 'applied', deliveries: 2 }]);
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('captures nothing and flags the payment when Alipay reports another amount', async () => {
    const { order, trade } = await aTrade();
    simulator.act(trade.outTradeNo, { reportedTotal: 129 });
    await eventually(async () => (await paymentOf(order.payment.id)).flags.length > 0, {
      what: 'the flag',
    });
    const payment = await paymentOf(order.payment.id);
    expect(payment).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
      flags: ['AMOUNT_MISMATCH'],
      amountMismatches: [
        {
          source: 'WEBHOOK',
          expected: { amount: 12_900, currency: 'CNY' },
          reported: { amount: 129, currency: 'CNY' },
        },
      ],
    });
    expect(await journals(order.payment.id)).toEqual([]);
  });

  it('captures by alipay.trade.query when the notification is late', async () => {
    const { order, trade } = await aTrade();
    simulator.act(trade.outTradeNo, { notify: false });
    const res = await payments!.confirm(order.payment.id, {}, order.customer);
    expect(res.body).toMatchObject({ status: 'CAPTURED', attempts: [{ outcome: 'CAPTURED' }] });
    // The notification arriving after all changes nothing.
    const late = await notify(simulator.notificationFor(trade, PAID));
    expect(await late.text()).toBe('success');
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('fails the payment at once when Alipay reports the trade closed, since it can never be paid', async () => {
    const { order, trade } = await aTrade();
    simulator.act(trade.outTradeNo, { outcome: 'close' });
    await untilStatus(payments!, order.payment.id, 'FAILED');
    expect((await paymentOf(order.payment.id)).attempts).toEqual([
      expect.objectContaining({ outcome: 'DECLINED', reason: 'the Alipay trade is closed' }),
    ]);
    const again = await payments!.confirm(order.payment.id, {}, order.customer);
    expect([again.status, again.body.type]).toEqual([
      409,
      'urn:emporium:problem:payment-not-confirmable',
    ]);
  });

  it('fails the payment at the confirmation that finds the trade closed, without a notification', async () => {
    const { order, trade } = await aTrade();
    simulator.act(trade.outTradeNo, { outcome: 'close', notify: false });
    const res = await payments!.confirm(order.payment.id, {}, order.customer);
    expect(res.body).toMatchObject({
      status: 'FAILED',
      attempts: [{ outcome: 'DECLINED', reason: 'the Alipay trade is closed' }],
    });
  });

  it('asks Alipay (alipay.trade.query) when the notification is late, and captures without the customer', async () => {
    const { order, trade } = await aTrade();
    simulator.act(trade.outTradeNo, { notify: false });
    await untilStatus(payments!, order.payment.id, 'CAPTURED');
    expect((await paymentOf(order.payment.id)).attempts).toEqual([
      expect.objectContaining({ outcome: 'CAPTURED' }),
    ]);
    expect(simulator.notifications.some((n) => n.outTradeNo === trade.outTradeNo)).toBe(false);
    expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
  });

  it('gives the money back when the shopper paid before the cancellation and the notification was lost', async () => {
    const { order, trade } = await aTrade();
    simulator.act(trade.outTradeNo, { notify: false });
    await cancelOrder(payments!, order);
    // trade.close answers ACQ.TRADE_STATUS_ERROR (paid); asking Alipay finds the money.
    await expectGivenBackAfterVoid(payments!, order.payment.id, trade.refunds, 12_900);
  });

  it('answers 503 provider-unavailable with Retry-After while Alipay is out of reach, and the customer may confirm again', async () => {
    const order = await payments!.anOrder({ amount: 12_900, method: 'ALIPAY_SANDBOX' });
    await expectConfirmOutage(payments!, simulator, order);
  });

  it('refunds at Alipay by out_request_no, once', async () => {
    const { order, trade } = await aTrade();
    simulator.act(trade.outTradeNo);
    await untilStatus(payments!, order.payment.id, 'CAPTURED');
    const refund = await refundAsMerchant(payments!, order.payment.id, 2_900);
    expect(refund).toMatchObject({
      provider_status: 'SUCCEEDED',
      provider_refund_ref: refund.id.replace(/-/g, ''),
    });
    expect([...trade.refunds]).toEqual([[refund.provider_refund_ref, 2_900]]);
  });

  it('refuses to import a statement of a provider that is not connected', async () => {
    const res = await payments!.call('POST', '/payments/statements', {
      provider: 'wechat',
      date: '2026-12-08',
    });
    expect([res.status, res.body.type]).toEqual([
      422,
      'urn:emporium:problem:statements-not-supported',
    ]);
    expect(await payments!.query('SELECT count(*)::int AS n FROM provider_statements')).toEqual([
      { n: 0 },
    ]);
  });

  it('closes the trade at Alipay when the order is cancelled unpaid', async () => {
    const { order, trade } = await aTrade();
    await cancelOrder(payments!, order);
    await eventually(async () => trade.status === 'TRADE_CLOSED', { what: 'trade.close' });
    expect((await paymentOf(order.payment.id)).status).toBe('VOIDED');
  });
});
