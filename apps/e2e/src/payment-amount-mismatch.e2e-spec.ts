import { createHmac, randomUUID } from 'node:crypto';
import { eventually } from '@emporium/testing';
import { money } from '@emporium/contracts';
import {
  aRegisteredCustomer,
  aStaffMember,
  aStockedProduct,
  login,
  SHANGHAI_ADDRESS,
  runningPlatform,
} from './support/shop';

const ADMIN = { email: 'admin@mismatch.test', password: 'mismatch-admin-password' };
const ALIPAY_SECRET = 'e2e-alipay-webhook-secret-0123456789abcdef';

/** `X-Signature: t=<unix>,v1=<hex hmac-sha256 of "t.body">`, as the provider signs its notifications. */
const signature = (body: string, secret: string) => {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
};

describe('a provider reporting less than the order total, through the gateway', () => {
  const shop = runningPlatform(
    ['gateway', 'catalog', 'orders', 'payments', 'logistics', 'customer-service'],
    {
      EMPORIUM_ADMIN_EMAIL: ADMIN.email,
      EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
      PAYMENTS_WEBHOOK_SECRET_ALIPAY: ALIPAY_SECRET,
      // Long enough to report the payment in, short enough to see the unpaid order closed.
      ORDERS_PAYMENT_WINDOW_SECONDS: '10',
      ORDERS_SWEEP_INTERVAL_MS: '500',
    },
  );
  const { call } = shop;

  it('never ships an order whose provider reported 1 fen in USD for ¥200.00, and opens a ticket for staff', async () => {
    const admin = await login(call, ADMIN.email, ADMIN.password);
    const merchant = await aStaffMember(call, admin, 'merchant');
    const agent = await aStaffMember(call, admin, 'agent');
    const { sku } = await aStockedProduct(call, merchant, { price: money(20_000), onHand: 5 });

    const { token: customer, id: customerId } = await aRegisteredCustomer(call);
    expect((await call('POST', '/cart/items', { sku, quantity: 1 }, customer)).status).toBe(200);
    const placed = await call(
      'POST',
      '/orders',
      {
        shippingAddress: SHANGHAI_ADDRESS,
        deliveryOption: 'STANDARD',
        paymentMethod: 'ALIPAY_SANDBOX',
      },
      customer,
      { 'idempotency-key': randomUUID() },
    );
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    const total = placed.body.totals.total as { amount: number; currency: string };
    expect(total.amount).toBeGreaterThanOrEqual(20_000);

    await eventually(
      async () =>
        (await call('GET', `/orders/${orderId}`, undefined, customer)).body.status ===
        'AWAITING_PAYMENT',
      { what: 'the order to await payment' },
    );
    const payment = await eventually(
      async () =>
        (await call('GET', `/payments?orderId=${orderId}`, undefined, customer)).body.items?.[0],
      { what: 'the payment' },
    );

    // The provider (the sandbox's Alipay: its reference is `ali_` and the payment id without dashes)
    // notifies a success of 1 fen in USD, correctly signed.
    const body = JSON.stringify({
      id: `evt_${randomUUID()}`,
      type: 'payment.succeeded',
      createdAt: new Date().toISOString(),
      data: {
        providerRef: `ali_${String(payment.id).replace(/-/g, '')}`,
        amount: { amount: 1, currency: 'USD' },
      },
    });
    const notified = await fetch(`${shop.api()}/webhooks/payments/alipay`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': signature(body, ALIPAY_SECRET),
      },
      body,
    });
    expect(notified.status).toBe(200);
    expect(await notified.json()).toMatchObject({
      outcome: 'amount-mismatch',
      paymentStatus: 'REQUIRES_CONFIRMATION',
    });

    const flagged = (await call('GET', `/payments/${payment.id}`, undefined, merchant)).body;
    expect(flagged).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
      flags: ['AMOUNT_MISMATCH'],
      amountMismatches: [
        { source: 'WEBHOOK', expected: total, reported: { amount: 1, currency: 'USD' } },
      ],
    });

    // Staff hear of it: a system ticket for the order.
    const ticket = await eventually(
      async () => {
        const items = (await call('GET', `/tickets?customerId=${customerId}`, undefined, agent))
          .body.items as { orderId: string; origin: string; type: string }[] | undefined;
        return items?.find((t) => t.orderId === orderId && t.origin === 'SYSTEM');
      },
      { what: 'a system ticket for the order', timeoutMs: 20_000 },
    );
    expect(ticket.type).toBe('ORDER_ISSUE');

    // Nothing ships: unpaid, the order is closed when its payment window passes.
    const closed = await eventually(
      async () => {
        const order = (await call('GET', `/orders/${orderId}`, undefined, customer)).body;
        return order.status === 'CANCELLED' && order;
      },
      { what: 'the unpaid order to be cancelled', timeoutMs: 30_000 },
    );
    const statuses = (closed.statusHistory as { status: string; reason?: string }[]).map(
      (h) => h.status,
    );
    expect(statuses).not.toContain('PAID');
    expect(statuses).not.toContain('FULFILLING');
    expect(closed.statusHistory.at(-1)).toMatchObject({
      status: 'CANCELLED',
      reason: 'PAYMENT_TIMEOUT',
    });
    expect(
      (await call('GET', `/shipments?orderId=${orderId}`, undefined, merchant)).body.items,
    ).toEqual([]);
    await eventually(
      async () =>
        (await call('GET', `/payments/${payment.id}`, undefined, merchant)).body.status ===
        'VOIDED',
      { what: 'the payment voided' },
    );
  });
});
