import { generateKeyPairSync } from 'node:crypto';
import { AlipaySimulator } from '../src/simulators/alipay-simulator';
import { shanghaiDay } from '../src/simulators/simulator-http';
import { WechatPaySimulator } from '../src/simulators/wechat-pay-simulator';
import { paymentOf, refundAsMerchant, scan, untilStatus, writeKeyFiles } from './provider-support';
import { startPayments, type PaymentsSuite } from './support';

const APP_ID = '2026120800000002';
const MCHID = '1900000002';
const APPID = 'wx0000000000000002';
const MERCHANT_SERIAL = '6A7B8C9D00000000000000000000000000000002';
const PLATFORM_SERIAL = 'PUB_KEY_ID_0119000000022026120800000002';
const APIV3_KEY = 'b1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';

describe('payments: providers’ daily statements matched against the ledger (对账)', () => {
  let payments: PaymentsSuite | undefined;
  let alipay: AlipaySimulator;
  let wechat: WechatPaySimulator;
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = { alipay: rsa(), alipayApp: rsa(), platform: rsa(), merchant: rsa() };
  const today = shanghaiDay(new Date());

  const importStatement = (body: Record<string, unknown>) =>
    payments!.call('POST', '/payments/statements', body);

  /** A payment of `method` the shopper paid by scanning its QR code; its provider reference. */
  const aPaidPayment = async (method: 'ALIPAY_SANDBOX' | 'WECHAT_SANDBOX', amount = 12_900) => {
    const order = await payments!.anOrder({ amount, method });
    const confirmed = await payments!.confirm(order.payment.id, {}, order.customer);
    const simulator = method === 'ALIPAY_SANDBOX' ? alipay : wechat;
    await scan(simulator.url, confirmed.body.nextAction.qrCode as string);
    await untilStatus(payments!, order.payment.id, 'CAPTURED');
    const [row] = await payments!.query('SELECT provider_ref FROM payments WHERE id = $1', [
      order.payment.id,
    ]);
    return { order, paymentId: order.payment.id as string, ref: row.provider_ref as string };
  };

  beforeAll(async () => {
    alipay = new AlipaySimulator({
      alipayPrivateKey: keys.alipay.privateKey,
      apps: new Map([[APP_ID, keys.alipayApp.publicKey]]),
    });
    wechat = new WechatPaySimulator({
      platformPrivateKey: keys.platform.privateKey,
      platformSerial: PLATFORM_SERIAL,
      merchants: new Map([
        [
          MCHID,
          {
            appid: APPID,
            serial: MERCHANT_SERIAL,
            publicKey: keys.merchant.publicKey,
            apiV3Key: APIV3_KEY,
          },
        ],
      ]),
    });
    const [alipayUrl, wechatUrl] = [await alipay.start(), await wechat.start()];
    const files = await writeKeyFiles({
      alipayApp: keys.alipayApp.privateKey,
      alipay: keys.alipay.publicKey,
      merchant: keys.merchant.privateKey,
      platform: keys.platform.publicKey,
    });
    payments = await startPayments('payments_statements', {
      PAYMENTS_DISPATCH_INTERVAL_MS: '200',
      PAYMENTS_ALIPAY_GATEWAY_URL: `${alipayUrl}/gateway.do`,
      PAYMENTS_ALIPAY_APP_ID: APP_ID,
      PAYMENTS_ALIPAY_PRIVATE_KEY_FILE: files.alipayApp,
      PAYMENTS_ALIPAY_PUBLIC_KEY_FILE: files.alipay,
      PAYMENTS_WECHAT_API_URL: wechatUrl,
      PAYMENTS_WECHAT_MCH_ID: MCHID,
      PAYMENTS_WECHAT_APP_ID: APPID,
      PAYMENTS_WECHAT_MERCHANT_SERIAL: MERCHANT_SERIAL,
      PAYMENTS_WECHAT_PRIVATE_KEY_FILE: files.merchant,
      PAYMENTS_WECHAT_PLATFORM_KEY_FILE: files.platform,
      PAYMENTS_WECHAT_PLATFORM_SERIAL: PLATFORM_SERIAL,
      PAYMENTS_WECHAT_APIV3_KEY: APIV3_KEY,
    });
  });

  afterAll(async () => {
    await payments?.stop();
    await alipay?.stop();
    await wechat?.stop();
  });

  it('finds what Alipay’s statement and the ledger disagree on, flags the payments once and reports it', async () => {
    const agreed = await aPaidPayment('ALIPAY_SANDBOX');
    const refunded = await aPaidPayment('ALIPAY_SANDBOX');
    const refund = await refundAsMerchant(payments!, refunded.paymentId, 2_900);
    const lost = await aPaidPayment('ALIPAY_SANDBOX');
    const changed = await aPaidPayment('ALIPAY_SANDBOX');
    // Alipay's side of the day: one trade it never reports, one for another amount, one that is
    // not ours at all.
    alipay.trades.delete(lost.ref);
    alipay.trades.get(changed.ref)!.totalFen = 12_800;
    alipay.trades.set('ali_not_ours', {
      ...alipay.trades.get(agreed.ref)!,
      outTradeNo: 'ali_not_ours',
      refunds: new Map(),
      refundedAt: new Map(),
    });

    const res = await importStatement({ provider: 'alipay', date: today });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      provider: 'alipay',
      date: today,
      source: 'PROVIDER',
      lines: 5,
      // The two payments Alipay agrees on, and the refund.
      matched: 3,
      newMismatches: 3,
    });
    expect(res.body.mismatches).toEqual(
      expect.arrayContaining([
        {
          provider: 'alipay',
          kind: 'MISSING_IN_STATEMENT',
          lineKind: 'PAYMENT',
          reference: lost.ref,
          paymentId: lost.paymentId,
          ours: { amount: 12_900, currency: 'CNY' },
        },
        {
          provider: 'alipay',
          kind: 'AMOUNT',
          lineKind: 'PAYMENT',
          reference: changed.ref,
          paymentId: changed.paymentId,
          ours: { amount: 12_900, currency: 'CNY' },
          theirs: { amount: 12_800, currency: 'CNY' },
        },
        {
          provider: 'alipay',
          kind: 'MISSING_IN_LEDGER',
          lineKind: 'PAYMENT',
          reference: 'ali_not_ours',
          theirs: { amount: 12_900, currency: 'CNY' },
        },
      ]),
    );
    expect(res.body.mismatches).toHaveLength(3);
    expect(refund.provider_status).toBe('SUCCEEDED');

    for (const p of [lost, changed]) {
      expect(await paymentOf(payments!, p.paymentId)).toMatchObject({
        status: 'CAPTURED',
        flags: ['STATEMENT_MISMATCH'],
      });
      const [raised] = await payments!.eventsAbout(
        'payment.statement-mismatch',
        p.paymentId,
        (e) => e.length >= 1,
      );
      expect(raised.data).toMatchObject({
        paymentId: p.paymentId,
        customerId: p.order.customerId,
        provider: 'alipay',
        date: today,
        reference: p.ref,
        ledger: { amount: 12_900, currency: 'CNY' },
      });
    }
    expect((await paymentOf(payments!, agreed.paymentId)).flags).toEqual([]);

    // Imported again: the same differences, nothing raised twice.
    const again = await importStatement({ provider: 'alipay', date: today });
    expect(again.body).toMatchObject({ matched: 3, newMismatches: 0 });
    expect(
      await payments!.query(
        `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'payment.statement-mismatch'`,
      ),
    ).toEqual([{ n: 2 }]);

    const report = await payments!.call('GET', `/payments/reconciliation?date=${today}`);
    expect(report.body.statements).toEqual([
      expect.objectContaining({ provider: 'alipay', source: 'PROVIDER', lines: 5, matched: 3 }),
    ]);
    expect(report.body.mismatches.statementMismatches).toHaveLength(3);
    expect(report.body.mismatchCount).toBeGreaterThanOrEqual(3);
  });

  it('matches an uploaded WeChat Pay statement, refunds by out_refund_no, and finds a fee it did not expect', async () => {
    const paid = await aPaidPayment('WECHAT_SANDBOX', 10_000);
    await refundAsMerchant(payments!, paid.paymentId, 1_000);
    expect((await importStatement({ provider: 'wechat', date: today })).body).toMatchObject({
      source: 'PROVIDER',
      lines: 2,
      matched: 2,
      mismatches: [],
    });

    // WeChat Pay kept 1 % where the ledger expects 0.6 %.
    wechat.feeBps = 100;
    const uploaded = await importStatement({
      provider: 'wechat',
      date: today,
      content: wechat.statement(today),
    });
    expect(uploaded.body).toMatchObject({
      source: 'UPLOAD',
      matched: 1,
      mismatches: [
        {
          kind: 'FEE',
          reference: paid.ref,
          ours: { amount: 60, currency: 'CNY' },
          theirs: { amount: 100, currency: 'CNY' },
        },
      ],
    });
    expect((await paymentOf(payments!, paid.paymentId)).flags).toEqual(['STATEMENT_MISMATCH']);

    // A corrected file of the same day replaces the difference's amounts; it is not raised again.
    wechat.feeBps = 150;
    const corrected = await importStatement({
      provider: 'wechat',
      date: today,
      content: wechat.statement(today),
    });
    expect(corrected.body).toMatchObject({ newMismatches: 0 });
    const report = await payments!.call('GET', `/payments/reconciliation?date=${today}`);
    expect(
      report.body.mismatches.statementMismatches.filter(
        (m: { reference: string }) => m.reference === paid.ref,
      ),
    ).toEqual([
      expect.objectContaining({
        kind: 'FEE',
        ours: { amount: 60, currency: 'CNY' },
        theirs: { amount: 150, currency: 'CNY' },
      }),
    ]);
    const raised = await payments!.query(
      `SELECT count(*)::int AS n FROM outbox
        WHERE event_type = 'payment.statement-mismatch' AND envelope->>'subject' = $1`,
      [paid.paymentId],
    );
    expect(raised).toEqual([{ n: 1 }]);
  });

  it('refuses a file that is not the provider’s statement, and changes nothing', async () => {
    const before = await payments!.query('SELECT count(*)::int AS n FROM provider_statements');
    const res = await importStatement({
      provider: 'alipay',
      date: '2026-01-02',
      content: 'order,amount\n1,2\n',
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:emporium:problem:invalid-statement');
    expect(await payments!.query('SELECT count(*)::int AS n FROM provider_statements')).toEqual(
      before,
    );
  });

  it.each(['alipay', 'wechat'])(
    'answers 422 statement-not-available for a day %s has no statement of yet, and stores nothing',
    async (provider) => {
      const before = await payments!.query('SELECT count(*)::int AS n FROM provider_statements');
      const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000));
      const res = await importStatement({ provider, date: tomorrow });
      expect([res.status, res.body.type]).toEqual([
        422,
        'urn:emporium:problem:statement-not-available',
      ]);
      expect(await payments!.query('SELECT count(*)::int AS n FROM provider_statements')).toEqual(
        before,
      );
    },
  );

  it.each(['alipay', 'wechat'] as const)(
    'answers 503 provider-unavailable with Retry-After while %s is out of reach',
    async (provider) => {
      const simulator = provider === 'alipay' ? alipay : wechat;
      simulator.unavailable = true;
      const res = await importStatement({ provider, date: today }).finally(() => {
        simulator.unavailable = false;
      });
      expect([res.status, res.body.type]).toEqual([
        503,
        'urn:emporium:problem:provider-unavailable',
      ]);
      expect(res.headers.get('retry-after')).toBe('5');
    },
  );

  it.each([
    [{ provider: 'sandbox', date: '2026-01-02' }],
    [{ provider: 'alipay', date: '2026-02-31' }],
    [{ provider: 'alipay', date: '2026/01/02' }],
  ])('refuses %j with a 400', async (body) => {
    expect((await importStatement(body)).status).toBe(400);
  });
});
