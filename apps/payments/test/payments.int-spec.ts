import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { EventEnvelope } from '@emporium/contracts';
import { signWebhook } from '@emporium/platform-auth';
import {
  eventually,
  publishEvents,
  readEvent,
  readTopic,
  type ReadMessage,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import {
  PAYMENT_PROVIDERS,
  type PaymentProviders,
} from '../src/application/providers/payment-providers';
import type { PaymentsConfig } from '../src/config';
import { startPayments, type Headers, type PaymentsSuite } from './support';

describe('payments: payments per order, confirmation, webhooks, refunds, ledger and reconciliation', () => {
  let kafka: TestKafka;
  let producer: Producer;
  let service: TestService<PaymentsConfig>;
  let merchant: Headers;
  let as: PaymentsSuite['as'];
  let call: PaymentsSuite['call'];
  let publish: PaymentsSuite['publish'];
  let query: PaymentsSuite['query'];
  let eventsAbout: PaymentsSuite['eventsAbout'];
  let anOrder: PaymentsSuite['anOrder'];
  let confirm: PaymentsSuite['confirm'];
  let ledgerBalance: PaymentsSuite['ledgerBalance'];
  let payments: PaymentsSuite | undefined;

  const refund = (id: string, amount: number, key: string = randomUUID(), reason = 'goodwill') =>
    call(
      'POST',
      `/payments/${id}/refunds`,
      { amount: { amount, currency: 'CNY' }, reason },
      { ...merchant, 'idempotency-key': key },
    );

  const capturedOrder = async (amount = 12_900) => {
    const order = await anOrder({ amount });
    const res = await confirm(order.payment.id, {}, order.customer);
    expect(res.body.status).toBe('CAPTURED');
    return order;
  };

  const webhook = (provider: string, payload: unknown, secret: string, at?: number) => {
    const body = JSON.stringify(payload);
    return fetch(`${service.url}/webhooks/payments/${provider}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signWebhook(body, secret, at) },
      body,
    });
  };

  beforeAll(async () => {
    // 50 concurrent refunds queue for 10 pooled connections and one row lock.
    payments = await startPayments('payments', {
      DB_POOL_TIMEOUT_MS: '60000',
      PAYMENTS_DISPATCH_INTERVAL_MS: '200',
    });
    ({
      kafka,
      producer,
      service,
      merchant,
      as,
      call,
      publish,
      query,
      eventsAbout,
      anOrder,
      confirm,
      ledgerBalance,
    } = payments);
  });

  afterAll(async () => {
    await payments?.stop();
  });

  describe('creation', () => {
    it('creates one payment per order from order.awaiting-payment, even when the event is redelivered', async () => {
      const order = await anOrder({ amount: 25_800, method: 'ALIPAY_SANDBOX' });
      await publishEvents(producer, order.event); // delivered again
      const created = await readEvent(kafka.brokers, 'payment.created', order.payment.id);
      expect(created.correlationId).toBe(order.orderId);
      expect(created.data).toEqual({
        paymentId: order.payment.id,
        orderId: order.orderId,
        customerId: order.customerId,
        method: 'ALIPAY_SANDBOX',
        amount: { amount: 25_800, currency: 'CNY' },
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(
        await query('SELECT id FROM payments WHERE order_id = $1', [order.orderId]),
      ).toHaveLength(1);
      expect(order.payment).toMatchObject({
        orderId: order.orderId,
        method: 'ALIPAY_SANDBOX',
        status: 'REQUIRES_CONFIRMATION',
        amount: { amount: 25_800, currency: 'CNY' },
        attempts: [],
        refunds: [],
      });
    });

    it('shows a customer only their own payments, and others’ as 404', async () => {
      const order = await anOrder();
      expect(
        (await call('GET', `/payments/${order.payment.id}`, undefined, order.customer)).status,
      ).toBe(200);
      const stranger = await as(randomUUID(), 'customer');
      expect((await call('GET', `/payments/${order.payment.id}`, undefined, stranger)).status).toBe(
        404,
      );
      expect(
        (await call('GET', `/payments?orderId=${order.orderId}`, undefined, stranger)).body,
      ).toEqual({ items: [], nextCursor: null });
      expect((await call('GET', `/payments/${randomUUID()}`)).status).toBe(404);
      const bad = await call('GET', '/payments/not-a-uuid');
      expect(bad.status).toBe(400);
    });

    it('pages through a customer’s payments with a cursor', async () => {
      const customerId = randomUUID();
      for (let i = 0; i < 3; i++) await anOrder({ customerId });
      const customer = await as(customerId, 'customer');
      const first = await call('GET', '/payments?limit=2', undefined, customer);
      expect(first.body.items).toHaveLength(2);
      const second = await call(
        'GET',
        `/payments?limit=2&cursor=${first.body.nextCursor}`,
        undefined,
        customer,
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const ids = [...first.body.items, ...second.body.items].map((p: { id: string }) => p.id);
      expect(new Set(ids).size).toBe(3);
      expect((await call('GET', '/payments?cursor=garbage', undefined, customer)).status).toBe(400);
    });
  });

  describe('confirmation', () => {
    it('captures on success and publishes payment.captured; a second confirm is a 409', async () => {
      const order = await anOrder();
      const res = await confirm(order.payment.id, { simulate: 'success' }, order.customer);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'CAPTURED', attempts: [{ outcome: 'CAPTURED' }] });
      const captured = await readEvent(kafka.brokers, 'payment.captured', order.payment.id);
      expect(captured.correlationId).toBe(order.orderId);
      expect(captured.data).toMatchObject({
        paymentId: order.payment.id,
        amount: { amount: 12_900, currency: 'CNY' },
      });
      const again = await confirm(order.payment.id, {}, order.customer);
      expect(again.status).toBe(409);
      expect(again.body.type).toBe('urn:emporium:problem:payment-not-confirmable');
      expect(await ledgerBalance(order.payment.id)).toEqual({
        debits: 12_900 + 77,
        credits: 12_900 + 77,
      });
    });

    it('records declines, and fails the payment on the third with payment.failed', async () => {
      const order = await anOrder();
      for (const expected of ['REQUIRES_CONFIRMATION', 'REQUIRES_CONFIRMATION', 'FAILED']) {
        const res = await confirm(order.payment.id, { simulate: 'decline' }, order.customer);
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(expected);
      }
      const payment = (await call('GET', `/payments/${order.payment.id}`)).body;
      expect(payment.attempts).toHaveLength(3);
      expect(
        payment.attempts.every(
          (a: { outcome: string; reason: string }) => a.outcome === 'DECLINED' && a.reason,
        ),
      ).toBe(true);
      const failed = await readEvent(kafka.brokers, 'payment.failed', order.payment.id);
      expect(failed.data).toMatchObject({ paymentId: order.payment.id, orderId: order.orderId });
      expect((await confirm(order.payment.id, {}, order.customer)).status).toBe(409);
    });

    it('does not capture a confirmation the provider answers with another amount; flags it', async () => {
      const order = await anOrder({ amount: 20_000 });
      // The provider is the one thing outside the platform: make the sandbox answer as a faulty one would.
      const provider = service.app
        .get<PaymentProviders>(PAYMENT_PROVIDERS)
        .forMethod('SANDBOX_CARD');
      const confirmSpy = jest
        .spyOn(provider, 'confirm')
        .mockResolvedValueOnce({ outcome: 'CAPTURED', amount: { amount: 1, currency: 'USD' } });
      try {
        const res = await confirm(order.payment.id, {}, order.customer);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          status: 'REQUIRES_CONFIRMATION',
          attempts: [],
          flags: ['AMOUNT_MISMATCH'],
          amountMismatches: [
            {
              source: 'CONFIRMATION',
              expected: { amount: 20_000, currency: 'CNY' },
              reported: { amount: 1, currency: 'USD' },
            },
          ],
        });
      } finally {
        confirmSpy.mockRestore();
      }
      expect(await ledgerBalance(order.payment.id)).toEqual({ debits: 0, credits: 0 });
      const [flagged] = await eventsAbout(
        'payment.flagged',
        order.payment.id,
        (e) => e.length >= 1,
      );
      expect(flagged.data).toMatchObject({ source: 'CONFIRMATION', flag: 'AMOUNT_MISMATCH' });
      // The intent ended: the customer may confirm again, and the right amount captures.
      expect((await confirm(order.payment.id, {}, order.customer)).body.status).toBe('CAPTURED');
    });

    it('answers 404 to another customer and to staff', async () => {
      const order = await anOrder();
      expect((await confirm(order.payment.id, {}, await as(randomUUID(), 'customer'))).status).toBe(
        404,
      );
      expect((await confirm(order.payment.id, {}, merchant)).status).toBe(404);
      expect((await call('GET', `/payments/${order.payment.id}`)).body.status).toBe(
        'REQUIRES_CONFIRMATION',
      );
    });

    it('refuses a confirmation after the payment window closed', async () => {
      const order = await anOrder({ dueInMs: -1_000 });
      const res = await confirm(order.payment.id, {}, order.customer);
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('urn:emporium:problem:payment-window-closed');
    });

    it('replays a confirmation with the same key and body, and refuses another body or no key', async () => {
      const order = await anOrder();
      const key = randomUUID();
      const first = await confirm(order.payment.id, { simulate: 'decline' }, order.customer, key);
      const replay = await confirm(order.payment.id, { simulate: 'decline' }, order.customer, key);
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect((await call('GET', `/payments/${order.payment.id}`)).body.attempts).toHaveLength(1);
      const other = await confirm(order.payment.id, { simulate: 'success' }, order.customer, key);
      expect(other.status).toBe(409);
      const missing = await call(
        'POST',
        `/payments/${order.payment.id}/confirm`,
        {},
        order.customer,
      );
      expect(missing.status).toBe(400);
      const bad = await confirm(order.payment.id, { simulate: 'maybe' }, order.customer);
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['simulate']);
    });

    it('captures once when the customer confirms many times at once', async () => {
      const order = await anOrder();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => confirm(order.payment.id, {}, order.customer)),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(7);
      expect(
        await query("SELECT id FROM ledger_entries WHERE payment_id = $1 AND kind = 'CAPTURE'", [
          order.payment.id,
        ]),
      ).toHaveLength(1);
    });
  });

  describe('provider webhooks', () => {
    const succeeded = (providerRef: string, id = `evt_${randomUUID()}`) => ({
      id,
      type: 'payment.succeeded',
      data: { providerRef },
    });
    const failed = (providerRef: string, id = `evt_${randomUUID()}`) => ({
      id,
      type: 'payment.failed',
      data: { providerRef, reason: 'insufficient balance' },
    });
    const refOf = async (paymentId: string) =>
      String(
        (await query('SELECT provider_ref FROM payments WHERE id = $1', [paymentId]))[0]
          .provider_ref,
      );

    it('refuses a wrong or stale signature with 401 and an unknown provider with 404', async () => {
      const order = await anOrder({ method: 'WECHAT_SANDBOX' });
      const payload = succeeded(await refOf(order.payment.id));
      expect(
        (await webhook('wechat', payload, 'not-the-provider-secret-000000000000')).status,
      ).toBe(401);
      expect(
        (await webhook('wechat', payload, service.config.PAYMENTS_WEBHOOK_SECRET_ALIPAY)).status,
      ).toBe(401);
      const stale = Math.floor(Date.now() / 1000) - 301;
      expect(
        (await webhook('wechat', payload, service.config.PAYMENTS_WEBHOOK_SECRET_WECHAT, stale))
          .status,
      ).toBe(401);
      expect(
        (await webhook('paypal', payload, service.config.PAYMENTS_WEBHOOK_SECRET_WECHAT)).status,
      ).toBe(404);
      const unsigned = await fetch(`${service.url}/webhooks/payments/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      expect(unsigned.status).toBe(401);
      expect((await call('GET', `/payments/${order.payment.id}`)).body.status).toBe(
        'REQUIRES_CONFIRMATION',
      );
    });

    it('captures on an asynchronous success, acknowledging duplicates and ignoring a late failure', async () => {
      const order = await anOrder({ method: 'ALIPAY_SANDBOX' });
      const ref = await refOf(order.payment.id);
      const secret = service.config.PAYMENTS_WEBHOOK_SECRET_ALIPAY;
      const first = await webhook('alipay', failed(ref), secret);
      expect(first.status).toBe(200);
      expect((await call('GET', `/payments/${order.payment.id}`)).body).toMatchObject({
        status: 'REQUIRES_CONFIRMATION',
        attempts: [{ outcome: 'DECLINED', reason: 'insufficient balance' }],
      });
      const success = succeeded(ref);
      const ok = await webhook('alipay', success, secret);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({
        received: true,
        outcome: 'applied',
        paymentStatus: 'CAPTURED',
      });
      const duplicate = await webhook('alipay', success, secret);
      expect(duplicate.status).toBe(200);
      expect(await duplicate.json()).toMatchObject({ received: true, outcome: 'duplicate' });
      // A failure the provider sent earlier arrives last: it never un-captures.
      const late = await webhook('alipay', failed(ref), secret);
      expect(late.status).toBe(200);
      const payment = (await call('GET', `/payments/${order.payment.id}`)).body;
      expect(payment.status).toBe('CAPTURED');
      expect(payment.attempts).toHaveLength(2);
      const captured = await eventsAbout(
        'payment.captured',
        order.payment.id,
        (e) => e.length >= 1,
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(captured).toHaveLength(1);
      expect(
        await query("SELECT id FROM ledger_entries WHERE payment_id = $1 AND kind = 'CAPTURE'", [
          order.payment.id,
        ]),
      ).toHaveLength(1);
    });

    it('does not capture a signed success for less than the payment; flags it for staff and reconciliation', async () => {
      const order = await anOrder({ amount: 20_000, method: 'ALIPAY_SANDBOX' });
      const ref = await refOf(order.payment.id);
      const report = {
        ...succeeded(ref),
        data: { providerRef: ref, amount: { amount: 1, currency: 'USD' } },
      };
      const res = await webhook('alipay', report, service.config.PAYMENTS_WEBHOOK_SECRET_ALIPAY);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        received: true,
        eventId: report.id,
        outcome: 'amount-mismatch',
        paymentStatus: 'REQUIRES_CONFIRMATION',
      });
      const payment = (
        await call('GET', `/payments/${order.payment.id}`, undefined, order.customer)
      ).body;
      expect(payment).toMatchObject({
        status: 'REQUIRES_CONFIRMATION',
        capturedAmount: { amount: 0, currency: 'CNY' },
        attempts: [],
        flags: ['AMOUNT_MISMATCH'],
        amountMismatches: [
          {
            source: 'WEBHOOK',
            providerEventId: report.id,
            expected: { amount: 20_000, currency: 'CNY' },
            reported: { amount: 1, currency: 'USD' },
          },
        ],
      });
      expect(await ledgerBalance(order.payment.id)).toEqual({ debits: 0, credits: 0 });
      const [flagged] = await eventsAbout(
        'payment.flagged',
        order.payment.id,
        (e) => e.length >= 1,
      );
      expect(flagged.data).toMatchObject({
        paymentId: order.payment.id,
        orderId: order.orderId,
        customerId: order.customerId,
        flag: 'AMOUNT_MISMATCH',
        source: 'WEBHOOK',
        providerEventId: report.id,
        expected: { amount: 20_000, currency: 'CNY' },
        reported: { amount: 1, currency: 'USD' },
      });
      expect(
        await query(
          "SELECT 1 FROM outbox WHERE event_type = 'payment.captured' AND envelope->>'subject' = $1",
          [order.payment.id],
        ),
      ).toEqual([]);
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const report$ = (await call('GET', `/payments/reconciliation?date=${today}`)).body;
      expect(report$.mismatches.reportedAmountMismatches).toContainEqual(
        expect.objectContaining({
          paymentId: order.payment.id,
          orderId: order.orderId,
          source: 'WEBHOOK',
          expected: { amount: 20_000, currency: 'CNY' },
          reported: { amount: 1, currency: 'USD' },
        }),
      );
      // Paying the right amount afterwards still captures: the report took nothing.
      const paid = await confirm(order.payment.id, {}, order.customer);
      expect(paid.body).toMatchObject({ status: 'CAPTURED', flags: ['AMOUNT_MISMATCH'] });
    });

    it('does not capture a signed success in another currency, and flags it', async () => {
      const order = await anOrder({ amount: 20_000, method: 'WECHAT_SANDBOX' });
      const ref = await refOf(order.payment.id);
      const report = {
        ...succeeded(ref),
        data: { providerRef: ref, amount: { amount: 20_000, currency: 'USD' } },
      };
      const res = await webhook('wechat', report, service.config.PAYMENTS_WEBHOOK_SECRET_WECHAT);
      expect(await res.json()).toMatchObject({ outcome: 'amount-mismatch' });
      expect((await call('GET', `/payments/${order.payment.id}`)).body).toMatchObject({
        status: 'REQUIRES_CONFIRMATION',
        flags: ['AMOUNT_MISMATCH'],
        amountMismatches: [{ reported: { amount: 20_000, currency: 'USD' } }],
      });
      expect(await ledgerBalance(order.payment.id)).toEqual({ debits: 0, credits: 0 });
    });

    it('answers 400 to a signed payload it cannot read and 404 to an unknown payment', async () => {
      const secret = service.config.PAYMENTS_WEBHOOK_SECRET_SANDBOX;
      expect(
        (await webhook('sandbox', { id: 'evt_x', type: 'payment.exploded', data: {} }, secret))
          .status,
      ).toBe(400);
      expect((await webhook('sandbox', succeeded('sbx_unknown'), secret)).status).toBe(404);
    });

    it('refunds money taken by a late success after the order was cancelled', async () => {
      const order = await anOrder();
      await publish('order.cancelled', order.orderId, {
        orderId: order.orderId,
        customerId: order.customerId,
        reason: 'PAYMENT_TIMEOUT',
        cancelledAt: new Date().toISOString(),
      });
      await eventually(
        async () => (await call('GET', `/payments/${order.payment.id}`)).body.status === 'VOIDED',
        { what: 'void' },
      );
      const res = await webhook(
        'sandbox',
        succeeded(await refOf(order.payment.id)),
        service.config.PAYMENTS_WEBHOOK_SECRET_SANDBOX,
      );
      expect(res.status).toBe(200);
      const payment = (await call('GET', `/payments/${order.payment.id}`)).body;
      expect(payment).toMatchObject({
        status: 'REFUNDED',
        flag: 'CAPTURED_AFTER_VOIDED',
        refundedTotal: { amount: 12_900, currency: 'CNY' },
        refunds: [{ amount: { amount: 12_900, currency: 'CNY' }, reason: 'order cancelled' }],
      });
      const refunded = await readEvent(kafka.brokers, 'payment.refunded', order.payment.id);
      expect(refunded.data).toMatchObject({
        status: 'REFUNDED',
        refundedTotal: { amount: 12_900 },
      });
    });
  });

  describe('refunds', () => {
    it('refunds partially, then fully, with payment.refunded events', async () => {
      const order = await capturedOrder(10_000);
      const part = await refund(order.payment.id, 4_000);
      expect(part.status).toBe(201);
      expect(part.body).toMatchObject({
        amount: { amount: 4_000, currency: 'CNY' },
        reason: 'goodwill',
      });
      expect(part.body.id).toBeDefined();
      expect(part.body.at).toBeDefined();
      expect((await call('GET', `/payments/${order.payment.id}`)).body.status).toBe(
        'PARTIALLY_REFUNDED',
      );
      expect((await refund(order.payment.id, 6_000)).status).toBe(201);
      const payment = (await call('GET', `/payments/${order.payment.id}`)).body;
      expect(payment).toMatchObject({ status: 'REFUNDED', refundedTotal: { amount: 10_000 } });
      expect(payment.refunds).toHaveLength(2);
      const events = await eventsAbout('payment.refunded', order.payment.id, (e) => e.length >= 2);
      expect(events.map((e) => e.data)).toEqual([
        expect.objectContaining({
          amount: { amount: 4_000, currency: 'CNY' },
          refundedTotal: { amount: 4_000, currency: 'CNY' },
          status: 'PARTIALLY_REFUNDED',
        }),
        expect.objectContaining({
          amount: { amount: 6_000, currency: 'CNY' },
          refundedTotal: { amount: 10_000, currency: 'CNY' },
          status: 'REFUNDED',
        }),
      ]);
      const over = await refund(order.payment.id, 1);
      expect(over.status).toBe(422);
      expect(
        await eventually(
          async () => {
            const rows = await query(
              "SELECT id FROM refunds WHERE payment_id = $1 AND provider_status = 'SUCCEEDED'",
              [order.payment.id],
            );
            return rows.length === 2;
          },
          { what: 'the provider refunds' },
        ),
      ).toBe(true);
    });

    it('replays a refund with the same key and body, and refuses another body or no key', async () => {
      const order = await capturedOrder(10_000);
      const key = randomUUID();
      const first = await refund(order.payment.id, 1_000, key);
      const replay = await refund(order.payment.id, 1_000, key);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect((await refund(order.payment.id, 2_000, key)).status).toBe(409);
      const missing = await call('POST', `/payments/${order.payment.id}/refunds`, {
        amount: { amount: 1, currency: 'CNY' },
        reason: 'x',
      });
      expect(missing.status).toBe(400);
      expect((await call('GET', `/payments/${order.payment.id}`)).body.refundedTotal.amount).toBe(
        1_000,
      );
    });

    it('lets only merchants and agents refund, and validates the request', async () => {
      const order = await capturedOrder();
      const customerCall = await call(
        'POST',
        `/payments/${order.payment.id}/refunds`,
        { amount: { amount: 1, currency: 'CNY' }, reason: 'x' },
        { ...order.customer, 'idempotency-key': randomUUID() },
      );
      expect(customerCall.status).toBe(403);
      const bad = await call(
        'POST',
        `/payments/${order.payment.id}/refunds`,
        { amount: { amount: 1.5, currency: 'CNY' }, reason: '', extra: true },
        { ...(await as(randomUUID(), 'agent')), 'idempotency-key': randomUUID() },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['amount.amount', 'reason', 'extra']),
      );
      expect((await refund(randomUUID(), 1)).status).toBe(404);
      const uncaptured = await anOrder();
      expect((await refund(uncaptured.payment.id, 1)).body.type).toBe(
        'urn:emporium:problem:payment-not-refundable',
      );
    });

    it('grants exactly the affordable refunds among 50 concurrent ones, and the ledger balances', async () => {
      const order = await capturedOrder(10_000);
      const results = await Promise.all(
        Array.from({ length: 50 }, () => refund(order.payment.id, 300)),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(33);
      const refused = results.filter((r) => r.status === 422);
      expect(refused).toHaveLength(17);
      expect(
        refused.every((r) => r.body.type === 'urn:emporium:problem:refund-exceeds-captured'),
      ).toBe(true);
      const [row] = await query(
        'SELECT captured_amount, refunded_amount, status FROM payments WHERE id = $1',
        [order.payment.id],
      );
      expect(row).toEqual({
        captured_amount: '10000',
        refunded_amount: '9900',
        status: 'PARTIALLY_REFUNDED',
      });
      const fee = 60;
      expect(await ledgerBalance(order.payment.id)).toEqual({
        debits: 10_000 + fee + 9_900,
        credits: 10_000 + fee + 9_900,
      });
      const all = await ledgerBalance();
      expect(all.debits).toBe(all.credits);
    });
  });

  describe('the order journey', () => {
    it('voids an unconfirmed payment when its order is cancelled', async () => {
      const order = await anOrder();
      await publish('order.cancelled', order.orderId, {
        orderId: order.orderId,
        customerId: order.customerId,
        reason: 'PAYMENT_TIMEOUT',
        cancelledAt: new Date().toISOString(),
      });
      const voided = await readEvent(kafka.brokers, 'payment.voided', order.payment.id);
      expect(voided.data).toMatchObject({
        paymentId: order.payment.id,
        reason: 'order cancelled (PAYMENT_TIMEOUT)',
      });
      expect((await call('GET', `/payments/${order.payment.id}`)).body.status).toBe('VOIDED');
      expect((await confirm(order.payment.id, {}, order.customer)).status).toBe(409);
    });

    it('refunds what is left of a captured payment when its order is cancelled', async () => {
      const order = await capturedOrder(10_000);
      await refund(order.payment.id, 2_500);
      await publish('order.cancelled', order.orderId, {
        orderId: order.orderId,
        customerId: order.customerId,
        reason: 'CUSTOMER',
        cancelledAt: new Date().toISOString(),
      });
      const events = await eventsAbout('payment.refunded', order.payment.id, (e) => e.length >= 2);
      expect(events[1].data).toMatchObject({
        amount: { amount: 7_500, currency: 'CNY' },
        reason: 'order cancelled',
        refundedTotal: { amount: 10_000, currency: 'CNY' },
        status: 'REFUNDED',
      });
      expect((await call('GET', `/payments/${order.payment.id}`)).body.status).toBe('REFUNDED');
    });

    it('refunds a received return once, however often the event is delivered', async () => {
      const order = await capturedOrder(10_000);
      const returnId = randomUUID();
      const received = await publish('return.received', order.orderId, {
        returnId,
        orderId: order.orderId,
        customerId: order.customerId,
        lines: [{ sku: 'PHONE-1', quantity: 1 }],
        refundAmount: { amount: 3_000, currency: 'CNY' },
      });
      // The same return again: once as a redelivery, once as a new event about the same return.
      await publishEvents(producer, received);
      await publishEvents(producer, { ...received, id: randomUUID() });
      const refunded = await readEvent(kafka.brokers, 'payment.refunded', order.payment.id);
      expect(refunded.data).toMatchObject({
        returnId,
        amount: { amount: 3_000 },
        status: 'PARTIALLY_REFUNDED',
      });
      await new Promise((r) => setTimeout(r, 500));
      const payment = (await call('GET', `/payments/${order.payment.id}`)).body;
      expect(payment.refunds).toEqual([
        expect.objectContaining({ returnId, amount: { amount: 3_000, currency: 'CNY' } }),
      ]);
      expect(payment.refundedTotal.amount).toBe(3_000);
    });
  });

  describe('events on Kafka', () => {
    it('names the payment as the subject of its events and keys them by the order id', async () => {
      const paid = await capturedOrder();
      expect((await refund(paid.payment.id, 900)).status).toBe(201);
      const declined = await anOrder();
      for (let i = 0; i < 3; i++)
        await confirm(declined.payment.id, { simulate: 'decline' }, declined.customer);
      const cancelled = await anOrder();
      await publish('order.cancelled', cancelled.orderId, {
        orderId: cancelled.orderId,
        customerId: cancelled.customerId,
        reason: 'CUSTOMER',
        cancelledAt: new Date().toISOString(),
      });
      const orders = new Map([paid, declined, cancelled].map((o) => [o.orderId, o.payment.id]));
      const about = (messages: readonly ReadMessage[]) =>
        messages
          .map((m) => ({ key: m.key, envelope: JSON.parse(m.value.toString()) as EventEnvelope }))
          .filter(({ envelope }) =>
            orders.has((envelope.data as { orderId?: string }).orderId ?? ''),
          );
      const published = about(
        await readTopic(kafka.brokers, 'payments.payment', (messages) => {
          const types = about(messages).map(({ envelope }) => envelope.type);
          return ['created', 'captured', 'refunded', 'failed', 'voided'].every((t) =>
            types.includes(`payment.${t}`),
          );
        }),
      );
      expect(published.length).toBeGreaterThanOrEqual(7);
      for (const { key, envelope } of published) {
        const { orderId, paymentId } = envelope.data as { orderId: string; paymentId: string };
        expect({ type: envelope.type, subject: envelope.subject, key }).toEqual({
          type: envelope.type,
          subject: orders.get(orderId),
          key: orderId,
        });
        expect(paymentId).toBe(orders.get(orderId));
        expect(envelope.correlationId).toBe(orderId);
      }
    });
  });

  describe('reconciliation', () => {
    const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

    it('reports the day per method with a balanced ledger, and finds planted mismatches', async () => {
      const paid = await capturedOrder(20_000);
      // Planted: money captured for an order nobody knows, and a second capture for a known order.
      const stray = randomUUID();
      const strayOrder = randomUUID();
      await query(
        `INSERT INTO payments (id, order_id, order_number, customer_id, method, provider, provider_ref, status, currency,
                               total_amount, captured_amount, captured_at)
         VALUES ($1, $2, 'EM-STRAY', $3, 'WECHAT_SANDBOX', 'wechat', $4, 'CAPTURED', 'CNY', 5000, 5000, now())`,
        [stray, strayOrder, randomUUID(), `wx_${stray}`],
      );
      const plantCapture = async (paymentId: string, orderId: string, amount: number) => {
        const [entry] = await query(
          "INSERT INTO ledger_entries (kind, payment_id, order_id, method, currency) VALUES ('CAPTURE', $1, $2, 'WECHAT_SANDBOX', 'CNY') RETURNING id",
          [paymentId, orderId],
        );
        await query(
          `INSERT INTO postings (entry_id, account, direction, posting_amount)
           VALUES ($1, 'provider-clearing:WECHAT_SANDBOX', 'DEBIT', $2), ($1, 'revenue', 'CREDIT', $2)`,
          [entry.id, amount],
        );
      };
      await plantCapture(stray, strayOrder, 5_000);
      const twice = randomUUID();
      await plantCapture(twice, paid.orderId, 19_000);

      const res = await call('GET', `/payments/reconciliation?date=${today()}`);
      expect(res.status).toBe(200);
      expect(res.body.timeZone).toBe('Asia/Shanghai');
      expect(res.body.ledger.balanced).toBe(true);
      expect(res.body.ledger.balance).toEqual({ amount: 0, currency: 'CNY' });
      expect(res.body.ledger.debits).toEqual(res.body.ledger.credits);
      const card = res.body.byMethod.find((m: { method: string }) => m.method === 'SANDBOX_CARD');
      expect(card.net.amount).toBe(card.captured.amount - card.refunded.amount);
      expect(card.fees.amount).toBeGreaterThan(0);
      const { mismatches } = res.body;
      expect(mismatches.paymentsWithoutOrders).toEqual([
        {
          paymentId: stray,
          orderId: strayOrder,
          reason: 'ORDER_UNKNOWN',
          held: { amount: 5_000, currency: 'CNY' },
        },
      ]);
      expect(mismatches.ordersPaidTwice).toEqual([
        {
          orderId: paid.orderId,
          captures: 2,
          paymentIds: expect.arrayContaining([paid.payment.id, twice]),
        },
      ]);
      expect(mismatches.amountMismatches).toEqual([
        expect.objectContaining({
          paymentId: twice,
          orderId: paid.orderId,
          captured: { amount: 19_000, currency: 'CNY' },
          expected: { amount: 20_000, currency: 'CNY' },
        }),
      ]);
      expect(mismatches.unbalancedJournals).toEqual([]);
    });

    it('finds an unbalanced journal', async () => {
      const [entry] = await query(
        "INSERT INTO ledger_entries (kind, payment_id, order_id, method, currency) VALUES ('FEE', $1, $2, 'SANDBOX_CARD', 'CNY') RETURNING id",
        [randomUUID(), randomUUID()],
      );
      await query(
        "INSERT INTO postings (entry_id, account, direction, posting_amount) VALUES ($1, 'provider-fees', 'DEBIT', 7)",
        [entry.id],
      );
      const utcToday = new Date().toISOString().slice(0, 10);
      const res = await call('GET', `/payments/reconciliation?date=${utcToday}&tz=UTC`);
      expect(res.body.mismatches.unbalancedJournals).toEqual([
        expect.objectContaining({ entryId: entry.id, debits: { amount: 7, currency: 'CNY' } }),
      ]);
      expect(res.body.ledger.balanced).toBe(false);
      await query('DELETE FROM postings WHERE entry_id = $1', [entry.id]);
      await query('DELETE FROM ledger_entries WHERE id = $1', [entry.id]);
    });

    it('is for merchants, and refuses a bad date or time zone with 400', async () => {
      expect(
        (
          await call(
            'GET',
            `/payments/reconciliation?date=${today()}`,
            undefined,
            await as(randomUUID(), 'customer'),
          )
        ).status,
      ).toBe(403);
      expect((await call('GET', '/payments/reconciliation?date=2026-13-01')).status).toBe(400);
      expect((await call('GET', '/payments/reconciliation')).status).toBe(400);
      expect(
        (await call('GET', `/payments/reconciliation?date=${today()}&tz=Mars/Olympus`)).status,
      ).toBe(400);
    });
  });
});
