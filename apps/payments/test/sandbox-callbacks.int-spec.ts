import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { signWebhook } from '@emporium/platform-auth';
import { eventually, type TestService } from '@emporium/testing';
import type { PaymentsConfig } from '../src/config';
import { SandboxCallbacks } from '../src/application/providers/sandbox-callbacks';
import { startPayments, type PaymentsSuite } from './support';

const CALLBACK_DELAY_MS = 300;

describe('payments: sandbox callbacks, late captures, the confirm/cancel race and the orders read model', () => {
  let service: TestService<PaymentsConfig>;
  let as: PaymentsSuite['as'];
  let call: PaymentsSuite['call'];
  let publish: PaymentsSuite['publish'];
  let query: PaymentsSuite['query'];
  let eventsAbout: PaymentsSuite['eventsAbout'];
  let anOrder: PaymentsSuite['anOrder'];
  let confirm: PaymentsSuite['confirm'];
  let ledgerBalance: PaymentsSuite['ledgerBalance'];
  let payments: PaymentsSuite | undefined;

  const paymentOf = async (id: string) => (await call('GET', `/payments/${id}`)).body;

  const cancel = (order: { orderId: string; customerId: string }, reason = 'CUSTOMER') =>
    publish('order.cancelled', order.orderId, {
      orderId: order.orderId,
      customerId: order.customerId,
      reason,
      cancelledAt: new Date().toISOString(),
    });

  const deliveriesOf = (paymentId: string) =>
    query(
      'SELECT event_type, outcome, deliveries FROM webhook_events WHERE payment_id = $1 ORDER BY received_at',
      [paymentId],
    );

  const journals = async (paymentId: string) =>
    (
      await query(
        'SELECT kind FROM ledger_entries WHERE payment_id = $1 ORDER BY posted_at, kind',
        [paymentId],
      )
    ).map((r) => r.kind);

  /** Sessions waiting to lock a payment row (the one the test holds). */
  const lockWaiters = async () =>
    Number(
      (
        await query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE 'SELECT "PaymentEntity".%'`,
        )
      )[0].n,
    );

  beforeAll(async () => {
    // No PAYMENTS_SANDBOX_CALLBACK_URL: the sandbox calls back the port the service listens on.
    payments = await startPayments('payments_callbacks', {
      PAYMENTS_DISPATCH_INTERVAL_MS: '200',
      PAYMENTS_SANDBOX_CALLBACK_DELAY_MS: String(CALLBACK_DELAY_MS),
    });
    ({ service, as, call, publish, query, eventsAbout, anOrder, confirm, ledgerBalance } =
      payments);
  });

  afterAll(async () => {
    await payments?.stop();
  });

  describe('asynchronous confirmation: the sandbox calls back', () => {
    it('accepts a pending confirmation, then captures once from its webhook although it arrives twice', async () => {
      const order = await anOrder({ amount: 12_900, method: 'ALIPAY_SANDBOX' });
      const res = await confirm(order.payment.id, { simulate: 'pending' }, order.customer);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'REQUIRES_CONFIRMATION', attempts: [] });

      // The test posts nothing: the provider's webhook, then its duplicate, do the rest.
      await eventually(async () => (await deliveriesOf(order.payment.id))[0]?.deliveries === 2, {
        what: 'the webhook and its duplicate',
      });
      expect(await deliveriesOf(order.payment.id)).toEqual([
        { event_type: 'payment.succeeded', outcome: 'applied', deliveries: 2 },
      ]);
      const payment = await paymentOf(order.payment.id);
      expect(payment).toMatchObject({
        status: 'CAPTURED',
        attempts: [{ outcome: 'CAPTURED' }],
      });
      expect(
        await query(
          "SELECT count(*)::int AS n FROM outbox WHERE event_type = 'payment.captured' AND message_key = $1",
          [order.orderId],
        ),
      ).toEqual([{ n: 1 }]);
      const captured = await eventsAbout(
        'payment.captured',
        order.payment.id,
        (e) => e.length >= 1,
      );
      expect(captured).toHaveLength(1);
      expect(captured[0].data).toMatchObject({
        paymentId: order.payment.id,
        amount: { amount: 12_900, currency: 'CNY' },
      });
      expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
    });

    it('records a declined attempt from a pending-decline webhook, once', async () => {
      const order = await anOrder({ amount: 5_000, method: 'WECHAT_SANDBOX' });
      const res = await confirm(order.payment.id, { simulate: 'pending-decline' }, order.customer);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'REQUIRES_CONFIRMATION', attempts: [] });
      await eventually(async () => (await deliveriesOf(order.payment.id))[0]?.deliveries === 2, {
        what: 'the webhook and its duplicate',
      });
      const payment = await paymentOf(order.payment.id);
      expect(payment).toMatchObject({
        status: 'REQUIRES_CONFIRMATION',
        attempts: [{ outcome: 'DECLINED', reason: 'declined by the sandbox issuer' }],
      });
      expect(payment.attempts).toHaveLength(1);
      expect(await journals(order.payment.id)).toEqual([]);
      // The customer may try again, and succeed.
      const again = await confirm(order.payment.id, { simulate: 'success' }, order.customer);
      expect(again.body.status).toBe('CAPTURED');
    });

    it('lets the customer confirm again while the provider has not reported', async () => {
      const order = await anOrder();
      expect(
        (await confirm(order.payment.id, { simulate: 'pending' }, order.customer)).body.status,
      ).toBe('REQUIRES_CONFIRMATION');
      // Paid another way before the notification: the late success changes nothing.
      expect(
        (await confirm(order.payment.id, { simulate: 'success' }, order.customer)).body.status,
      ).toBe('CAPTURED');
      await eventually(async () => (await deliveriesOf(order.payment.id))[0]?.deliveries === 2, {
        what: 'the webhook and its duplicate',
      });
      expect((await deliveriesOf(order.payment.id))[0]).toMatchObject({
        outcome: 'already CAPTURED',
      });
      expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE']);
    });
  });

  describe('late captures', () => {
    it('refunds at once, and flags, a success reported after the payment FAILED', async () => {
      const order = await anOrder({ amount: 8_000 });
      for (let i = 0; i < 3; i++)
        await confirm(order.payment.id, { simulate: 'decline' }, order.customer);
      expect((await paymentOf(order.payment.id)).status).toBe('FAILED');
      const [{ provider_ref: ref }] = await query(
        'SELECT provider_ref FROM payments WHERE id = $1',
        [order.payment.id],
      );
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type: 'payment.succeeded',
        data: { providerRef: ref },
      });
      const res = await fetch(`${service.url}/webhooks/payments/sandbox`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': signWebhook(body, service.config.PAYMENTS_WEBHOOK_SECRET_SANDBOX),
        },
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: 'applied', paymentStatus: 'REFUNDED' });

      const payment = await paymentOf(order.payment.id);
      expect(payment).toMatchObject({
        status: 'REFUNDED',
        flag: 'CAPTURED_AFTER_FAILED',
        refundedTotal: { amount: 8_000, currency: 'CNY' },
        refunds: [{ amount: { amount: 8_000, currency: 'CNY' }, reason: 'order cancelled' }],
      });
      expect(payment.attempts.at(-1)).toMatchObject({
        outcome: 'CAPTURED',
        reason: 'after the payment was FAILED',
      });
      expect(
        await query('SELECT kind FROM refunds WHERE payment_id = $1', [order.payment.id]),
      ).toEqual([{ kind: 'LATE_CAPTURE' }]);
      const captured = await eventsAbout(
        'payment.captured',
        order.payment.id,
        (e) => e.length >= 1,
      );
      const refunded = await eventsAbout(
        'payment.refunded',
        order.payment.id,
        (e) => e.length >= 1,
      );
      expect(captured).toHaveLength(1);
      expect(refunded[0].data).toMatchObject({ status: 'REFUNDED', amount: { amount: 8_000 } });
      expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE', 'REFUND']);
      const ledger = await ledgerBalance(order.payment.id);
      expect(ledger.debits).toBe(ledger.credits);
      // And the money goes back at the provider.
      await eventually(
        async () =>
          (
            await query(
              "SELECT id FROM refunds WHERE payment_id = $1 AND provider_status = 'SUCCEEDED'",
              [order.payment.id],
            )
          ).length === 1,
        { what: 'the provider refund' },
      );
    });
  });

  describe('confirmation racing the cancellation', () => {
    /** Money taken is given back in full, or none was taken; the ledger balances. */
    const expectNothingKept = async (paymentId: string) => {
      const settled = await eventually(
        async () => {
          const [row] = await query(
            'SELECT status, captured_amount, refunded_amount, flag FROM payments WHERE id = $1',
            [paymentId],
          );
          return ['VOIDED', 'REFUNDED'].includes(String(row.status)) && row;
        },
        { what: `payment ${paymentId} settled` },
      );
      expect(Number(settled.captured_amount)).toBe(Number(settled.refunded_amount));
      const kinds = await journals(paymentId);
      expect(kinds.filter((k) => k === 'CAPTURE').length).toBeLessThanOrEqual(1);
      if (settled.status === 'REFUNDED') expect(kinds).toContain('REFUND');
      else expect(kinds).toEqual([]);
      const ledger = await ledgerBalance(paymentId);
      expect(ledger.debits).toBe(ledger.credits);
      return settled;
    };

    /**
     * Holds the payment's row lock while `queue` lines up the contenders, so the test decides who
     * goes first: each waits on the lock, and Postgres grants it in the order they queued.
     */
    const inQueueOrder = async (paymentId: string, contenders: (() => Promise<unknown>)[]) => {
      const runner = service.app.get(DataSource).createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      const started: Promise<unknown>[] = [];
      try {
        await runner.query('SELECT id FROM payments WHERE id = $1 FOR UPDATE', [paymentId]);
        const waiting = await lockWaiters();
        for (const [i, contender] of contenders.entries()) {
          started.push(contender());
          await eventually(async () => (await lockWaiters()) >= waiting + i + 1, {
            what: `contender ${i + 1} waiting for the payment`,
          });
        }
      } finally {
        await runner.commitTransaction();
        await runner.release();
      }
      return Promise.all(started);
    };

    it('refunds money the provider took while the cancellation voided the payment', async () => {
      const order = await anOrder({ amount: 6_600 });
      // The confirmation records its intent first, the cancellation voids the payment next, then
      // the provider's capture is recorded on a VOIDED payment.
      const [res] = (await inQueueOrder(order.payment.id, [
        () => confirm(order.payment.id, {}, order.customer),
        () => cancel(order),
      ])) as [{ status: number }];
      expect(res.status).toBe(200);
      const settled = await expectNothingKept(order.payment.id);
      expect(settled).toMatchObject({ status: 'REFUNDED', flag: 'CAPTURED_AFTER_VOIDED' });
      expect(
        await query('SELECT kind FROM refunds WHERE payment_id = $1', [order.payment.id]),
      ).toEqual([{ kind: 'LATE_CAPTURE' }]);
    });

    it('never takes the money when the cancellation is first', async () => {
      const order = await anOrder();
      const [, res] = (await inQueueOrder(order.payment.id, [
        () => cancel(order),
        () => confirm(order.payment.id, {}, order.customer),
      ])) as [unknown, { status: number; body: { type: string } }];
      expect(res.status).toBe(409);
      expect(res.body.type).toBe('urn:emporium:problem:payment-not-confirmable');
      expect(await expectNothingKept(order.payment.id)).toMatchObject({ status: 'VOIDED' });
    });

    it('keeps nothing for a cancelled order, whatever the interleaving', async () => {
      const orders = await Promise.all(Array.from({ length: 6 }, () => anOrder({ amount: 3_300 })));
      const answers = await Promise.all(
        orders.map(async (order) => {
          const [res] = await Promise.all([
            confirm(order.payment.id, {}, order.customer),
            cancel(order),
          ]);
          return res.status;
        }),
      );
      expect(answers.every((s) => s === 200 || s === 409)).toBe(true);
      for (const order of orders) await expectNothingKept(order.payment.id);
    });

    it('refunds a pending payment the provider reports paid after the cancellation', async () => {
      const order = await anOrder({ amount: 4_400, method: 'ALIPAY_SANDBOX' });
      const res = await confirm(order.payment.id, { simulate: 'pending' }, order.customer);
      expect(res.body.status).toBe('REQUIRES_CONFIRMATION');
      await cancel(order);
      await eventually(async () => (await deliveriesOf(order.payment.id))[0]?.deliveries === 2, {
        what: 'the webhook and its duplicate',
      });
      const settled = await expectNothingKept(order.payment.id);
      // Usually the cancellation lands first (a late capture); if not, the capture is refunded.
      expect(settled.status).toBe('REFUNDED');
      expect(await journals(order.payment.id)).toEqual(['CAPTURE', 'FEE', 'REFUND']);
    });
  });

  describe('the orders read model reconciliation uses', () => {
    const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const view = async (orderId: string) =>
      (
        await query(
          'SELECT number, customer_id, order_amount, currency, status FROM order_views WHERE order_id = $1',
          [orderId],
        )
      )[0];
    const placed = (orderId: string, customerId: string, total: number) => ({
      orderId,
      number: 'EM20261125-424242',
      customerId,
      totals: {
        subtotal: { amount: total, currency: 'CNY' },
        discount: { amount: 0, currency: 'CNY' },
        shipping: { amount: 0, currency: 'CNY' },
        total: { amount: total, currency: 'CNY' },
      },
    });
    const paid = (orderId: string, customerId: string, total: number) => ({
      orderId,
      customerId,
      lines: [],
      total: { amount: total, currency: 'CNY' },
      paidAt: new Date().toISOString(),
    });

    it('follows order.placed, order.awaiting-payment and order.paid, and reconciles the order cleanly', async () => {
      const orderId = randomUUID();
      const customerId = randomUUID();
      await publish('order.placed', orderId, placed(orderId, customerId, 13_900));
      await eventually(async () => (await view(orderId))?.status === 'PLACED', { what: 'placed' });
      expect(await view(orderId)).toEqual({
        number: 'EM20261125-424242',
        customer_id: customerId,
        order_amount: '13900',
        currency: 'CNY',
        status: 'PLACED',
      });
      // The amount asked for payment is what captures are checked against.
      await publish('order.awaiting-payment', orderId, {
        orderId,
        number: 'EM20261125-424242',
        customerId,
        amount: { amount: 12_900, currency: 'CNY' },
        paymentMethod: 'SANDBOX_CARD',
        paymentDueAt: new Date(Date.now() + 900_000).toISOString(),
      });
      const payment = await eventually(
        async () => (await call('GET', `/payments?orderId=${orderId}`)).body.items?.[0],
        { what: 'the payment' },
      );
      expect(await view(orderId)).toMatchObject({
        order_amount: '12900',
        status: 'AWAITING_PAYMENT',
      });
      const customer = await as(customerId, 'customer');
      expect((await confirm(payment.id, {}, customer)).body.status).toBe('CAPTURED');
      await publish('order.paid', orderId, paid(orderId, customerId, 99));
      await eventually(async () => (await view(orderId))?.status === 'PAID', { what: 'paid' });
      expect((await view(orderId)).order_amount).toBe('12900');

      const report = (await call('GET', `/payments/reconciliation?date=${today()}`)).body;
      const about = (list: { orderId: string }[]) => list.filter((m) => m.orderId === orderId);
      expect(about(report.mismatches.paymentsWithoutOrders)).toEqual([]);
      expect(about(report.mismatches.ordersPaidTwice)).toEqual([]);
      expect(about(report.mismatches.amountMismatches)).toEqual([]);
    });

    it('keeps a cancelled order cancelled, and reports money still held for it', async () => {
      const orderId = randomUUID();
      const customerId = randomUUID();
      await publish('order.placed', orderId, placed(orderId, customerId, 7_700));
      await cancel({ orderId, customerId }, 'CUSTOMER');
      await eventually(async () => (await view(orderId))?.status === 'CANCELLED', {
        what: 'cancelled',
      });
      // Late and out of order: nothing reopens it.
      await publish('order.paid', orderId, paid(orderId, customerId, 7_700));
      await publish('order.placed', orderId, placed(orderId, customerId, 7_700));
      const marker = randomUUID();
      await publish('order.placed', marker, placed(marker, customerId, 1));
      await eventually(async () => (await view(marker))?.status === 'PLACED', { what: 'marker' });
      expect((await view(orderId)).status).toBe('CANCELLED');

      // Planted: a capture for it that nobody refunded (what reconciliation exists to catch).
      const stray = randomUUID();
      await query(
        `INSERT INTO payments (id, order_id, order_number, customer_id, method, provider, provider_ref, status, currency,
                               total_amount, captured_amount, captured_at)
         VALUES ($1, $2, 'EM-CANCELLED', $3, 'SANDBOX_CARD', 'sandbox', $4, 'CAPTURED', 'CNY', 7700, 7700, now())`,
        [stray, orderId, customerId, `sbx_${stray.replace(/-/g, '')}`],
      );
      const [entry] = await query(
        "INSERT INTO ledger_entries (kind, payment_id, order_id, method, currency) VALUES ('CAPTURE', $1, $2, 'SANDBOX_CARD', 'CNY') RETURNING id",
        [stray, orderId],
      );
      await query(
        `INSERT INTO postings (entry_id, account, direction, posting_amount)
         VALUES ($1, 'provider-clearing:SANDBOX_CARD', 'DEBIT', 7700), ($1, 'revenue', 'CREDIT', 7700)`,
        [entry.id],
      );
      const report = (await call('GET', `/payments/reconciliation?date=${today()}`)).body;
      expect(
        report.mismatches.paymentsWithoutOrders.filter(
          (m: { orderId: string }) => m.orderId === orderId,
        ),
      ).toEqual([
        {
          paymentId: stray,
          orderId,
          reason: 'ORDER_CANCELLED',
          held: { amount: 7_700, currency: 'CNY' },
        },
      ]);
    });
  });
});

describe('payments: the sandbox calls back although payments restarted meanwhile', () => {
  // Long enough for the service to be stopped well before the callback is due.
  const RESTART_CALLBACK_DELAY_MS = 1_500;
  let payments: PaymentsSuite | undefined;

  beforeAll(async () => {
    payments = await startPayments('payments_callbacks_restart', {
      PAYMENTS_DISPATCH_INTERVAL_MS: '200',
      PAYMENTS_SANDBOX_CALLBACK_DELAY_MS: String(RESTART_CALLBACK_DELAY_MS),
    });
  });

  afterAll(async () => {
    await payments?.stop();
  });

  it('captures a pending payment once, from the callback stored before the restart', async () => {
    const suite = payments!;
    const order = await suite.anOrder({ amount: 9_900, method: 'ALIPAY_SANDBOX' });
    const res = await suite.confirm(order.payment.id, { simulate: 'pending' }, order.customer);
    expect(res.body.status).toBe('REQUIRES_CONFIRMATION');
    const callbacks = () =>
      suite.query(
        `SELECT c.duplicate, c.attempts, c.delivered_at IS NOT NULL AS delivered
           FROM sandbox_callbacks c JOIN payments p ON p.provider_ref = c.provider_ref
          WHERE p.id = $1 ORDER BY c.duplicate`,
        [order.payment.id],
      );
    expect(await callbacks()).toEqual([{ duplicate: false, attempts: 0, delivered: false }]);

    const firstUrl = suite.service.url;
    await suite.restart();
    expect(suite.service.url).not.toBe(firstUrl);

    const captured = await suite.eventsAbout(
      'payment.captured',
      order.payment.id,
      (e) => e.length >= 1,
    );
    expect(captured).toHaveLength(1);
    expect(captured[0].data).toMatchObject({
      paymentId: order.payment.id,
      amount: { amount: 9_900, currency: 'CNY' },
    });
    // The provider's duplicate arrives too, and changes nothing.
    await eventually(async () => (await callbacks())[1]?.delivered === true, {
      what: 'the callback and its duplicate delivered',
    });
    expect(await callbacks()).toEqual([
      { duplicate: false, attempts: 1, delivered: true },
      { duplicate: true, attempts: 1, delivered: true },
    ]);
    expect(
      await suite.query(
        'SELECT event_type, outcome, deliveries FROM webhook_events WHERE payment_id = $1',
        [order.payment.id],
      ),
    ).toEqual([{ event_type: 'payment.succeeded', outcome: 'applied', deliveries: 2 }]);
    expect((await suite.call('GET', `/payments/${order.payment.id}`)).body).toMatchObject({
      status: 'CAPTURED',
      attempts: [{ outcome: 'CAPTURED' }],
    });
    expect(
      (
        await suite.query(
          'SELECT kind FROM ledger_entries WHERE payment_id = $1 ORDER BY posted_at, kind',
          [order.payment.id],
        )
      ).map((r) => r.kind),
    ).toEqual(['CAPTURE', 'FEE']);
    expect(
      await suite.query(
        "SELECT count(*)::int AS n FROM outbox WHERE event_type = 'payment.captured' AND message_key = $1",
        [order.orderId],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('deletes callbacks finished longer ago than the retention, and keeps the others', async () => {
    const suite = payments!;
    const delivered = await suite.anOrder({ amount: 5_900, method: 'ALIPAY_SANDBOX' });
    await suite.confirm(delivered.payment.id, { simulate: 'pending' }, delivered.customer);
    await suite.eventsAbout('payment.captured', delivered.payment.id, (e) => e.length >= 1);
    const rowsOf = (paymentId: string) =>
      suite.query(
        `SELECT c.id FROM sandbox_callbacks c JOIN payments p ON p.provider_ref = c.provider_ref WHERE p.id = $1`,
        [paymentId],
      );
    await eventually(async () => (await rowsOf(delivered.payment.id)).length === 2, {
      what: 'the duplicate stored',
    });
    await eventually(
      async () =>
        (
          await suite.query(
            `SELECT count(*)::int AS n FROM sandbox_callbacks c JOIN payments p ON p.provider_ref = c.provider_ref
            WHERE p.id = $1 AND c.delivered_at IS NULL`,
            [delivered.payment.id],
          )
        )[0].n === 0,
      { what: 'both deliveries acknowledged' },
    );
    // Finished eight days ago; another one finished a day ago, one still waiting for a week.
    await suite.query(
      `UPDATE sandbox_callbacks c SET delivered_at = now() - interval '8 days'
         FROM payments p WHERE p.provider_ref = c.provider_ref AND p.id = $1`,
      [delivered.payment.id],
    );
    const recent = randomUUID();
    const waiting = randomUUID();
    await suite.query(
      `INSERT INTO sandbox_callbacks (provider, provider_ref, event_id, event_type, body, due_at, delivered_at, created_at)
       VALUES ('alipay', $1, $1, 'payment.succeeded', '{}', now() + interval '1 day', now() - interval '1 day', now() - interval '2 days'),
              ('alipay', $2, $2, 'payment.succeeded', '{}', now() + interval '1 day', NULL, now() - interval '7 days')`,
      [recent, waiting],
    );
    expect(await suite.service.app.get(SandboxCallbacks).purgeFinished()).toBe(2);
    expect(await rowsOf(delivered.payment.id)).toEqual([]);
    expect(
      (
        await suite.query(
          'SELECT provider_ref FROM sandbox_callbacks WHERE provider_ref = ANY($1) ORDER BY provider_ref',
          [[recent, waiting]],
        )
      ).map((r) => r.provider_ref),
    ).toEqual([recent, waiting].sort());
  });
});
