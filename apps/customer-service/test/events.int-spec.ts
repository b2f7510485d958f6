import { randomUUID } from 'node:crypto';
import { eventually } from '@emporium/testing';
import { aCustomer, aMerchant, anAgent, startDesk, type Desk } from './support';
import { money } from '@emporium/contracts';

const HOUR = 3_600_000;

describe('customer-service: event-fed read models, priorities, system tickets and the overview', () => {
  let desk: Desk;
  const merchant = aMerchant();
  const agent = anAgent();

  const ticketsOf = async (customerId: string) =>
    (await desk.call('GET', `/tickets?customerId=${customerId}&status=OPEN`, undefined, merchant))
      .body.items as {
      id: string;
      origin: string;
      type: string;
      orderId: string;
      subject: string;
      priority: string;
    }[];
  const systemTicket = (customerId: string) =>
    eventually(async () => (await ticketsOf(customerId)).find((t) => t.origin === 'SYSTEM'), {
      what: 'a system ticket',
    });
  const orderView = (orderId: string, status: string) =>
    eventually(
      async () =>
        (await desk.sql('SELECT status FROM order_views WHERE id = $1', [orderId]))[0]?.status ===
        status,
      { what: `order ${status}` },
    );

  const placed = (orderId: string, customerId: string, total: number, at = new Date()) =>
    desk.publish(
      'order.placed',
      orderId,
      {
        orderId,
        number: `EM20261125-${orderId.slice(0, 6)}`,
        customerId,
        memberTier: 'REGULAR',
        lines: [
          {
            sku: 'PHONE',
            productId: randomUUID(),
            name: '手机',
            quantity: 2,
            unitPrice: money(total / 2),
            discount: money(0),
            lineTotal: money(total),
          },
        ],
        totals: {
          subtotal: money(total),
          discount: money(0),
          shipping: money(0),
          total: money(total),
        },
        deliveryOption: 'STANDARD',
        shippingAddress: {
          name: '张三',
          phone: '13800138000',
          province: '上海市',
          city: '上海市',
          line1: '1 号',
        },
      },
      { occurredAt: at.toISOString() },
    );

  beforeAll(async () => {
    desk = await startDesk('cs_events');
  });

  afterAll(async () => {
    await desk?.stop();
  });

  it('builds the overview from a journey’s events: profile, tier, orders, payments, shipments, tickets, lifetime value', async () => {
    const customer = aCustomer();
    const c = customer.userId;
    await desk.publish('customer.registered', c, {
      customerId: c,
      email: 'wang@example.com',
      name: '王芳',
      memberTier: 'REGULAR',
      registeredAt: '2026-01-01T00:00:00.000Z',
    });
    await desk.publish('customer.tier-changed', c, { customerId: c, from: 'REGULAR', to: 'GOLD' });

    const orderId = randomUUID();
    const paymentId = randomUUID();
    const shipmentId = randomUUID();
    await placed(orderId, c, 20_000);
    await desk.publish('order.awaiting-payment', orderId, {
      orderId,
      number: 'EM-1',
      customerId: c,
      amount: money(20_000),
      paymentMethod: 'ALIPAY_SANDBOX',
      paymentDueAt: new Date().toISOString(),
    });
    await desk.publish('payment.created', orderId, {
      paymentId,
      orderId,
      customerId: c,
      method: 'ALIPAY_SANDBOX',
      amount: money(20_000),
    });
    await desk.publish('payment.captured', orderId, {
      paymentId,
      orderId,
      customerId: c,
      method: 'ALIPAY_SANDBOX',
      amount: money(20_000),
      capturedAt: new Date().toISOString(),
    });
    await desk.publish('order.paid', orderId, {
      orderId,
      customerId: c,
      lines: [],
      total: money(20_000),
      paidAt: new Date().toISOString(),
    });
    await desk.publish('shipment.created', orderId, {
      shipmentId,
      orderId,
      customerId: c,
      kind: 'OUTBOUND',
      warehouseId: randomUUID(),
      mode: 'THIRD_PARTY',
      carrier: 'SF',
      trackingNumber: 'SF123',
      items: [],
      costAmount: 1200,
    });
    await desk.publish('order.fulfilling', orderId, {
      orderId,
      customerId: c,
      shipmentIds: [shipmentId],
    });
    for (const [from, to] of [
      ['CREATED', 'PICKED_UP'],
      ['PICKED_UP', 'IN_TRANSIT'],
      ['IN_TRANSIT', 'OUT_FOR_DELIVERY'],
      ['OUT_FOR_DELIVERY', 'DELIVERED'],
    ]) {
      await desk.publish('shipment.status-changed', orderId, {
        shipmentId,
        orderId,
        kind: 'OUTBOUND',
        from,
        to,
        at: new Date().toISOString(),
      });
    }
    await desk.publish('order.shipped', orderId, {
      orderId,
      customerId: c,
      shippedAt: new Date().toISOString(),
    });
    await desk.publish('shipment.delivered', orderId, {
      shipmentId,
      orderId,
      kind: 'OUTBOUND',
      deliveredAt: new Date().toISOString(),
    });
    await desk.publish('order.delivered', orderId, {
      orderId,
      customerId: c,
      lines: [],
      deliveredAt: new Date().toISOString(),
    });
    await desk.publish('payment.refunded', orderId, {
      paymentId,
      orderId,
      customerId: c,
      refundId: randomUUID(),
      amount: money(3_000),
      reason: 'return',
      refundedTotal: money(3_000),
      status: 'PARTIALLY_REFUNDED',
    });
    // A second order that never got paid.
    const unpaid = randomUUID();
    await placed(unpaid, c, 9_900);
    await desk.publish('order.cancelled', unpaid, {
      orderId: unpaid,
      customerId: c,
      reason: 'PAYMENT_TIMEOUT',
      cancelledAt: new Date().toISOString(),
      previousStatus: 'AWAITING_PAYMENT',
    });
    await orderView(orderId, 'DELIVERED');
    await orderView(unpaid, 'CANCELLED');
    await eventually(
      async () =>
        (await desk.sql('SELECT status FROM payment_views WHERE id = $1', [paymentId]))[0]
          ?.status === 'PARTIALLY_REFUNDED',
      { what: 'the refund' },
    );

    const { body: ticket } = await desk.call(
      'POST',
      '/tickets',
      { type: 'AFTER_SALE', channel: 'CHAT', subject: '屏幕有划痕', message: 'scratched', orderId },
      customer,
    );
    expect(ticket.priorityReasons.map((r: { rule: string }) => r.rule)).toEqual(
      expect.arrayContaining(['member-tier']),
    );

    expect((await desk.call('GET', `/customers/${c}/overview`, undefined, customer)).status).toBe(
      403,
    );
    const { status, body } = await desk.call('GET', `/customers/${c}/overview`, undefined, agent);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      customerId: c,
      profile: {
        name: '王芳',
        email: 'wang@example.com',
        registeredAt: '2026-01-01T00:00:00.000Z',
      },
      memberTier: 'GOLD',
      lifetimeValue: money(17_000),
      paidTotal: money(20_000),
      refundedTotal: money(3_000),
      orderCount: 2,
    });
    expect(body.orders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: orderId,
          status: 'DELIVERED',
          total: money(20_000),
          itemCount: 2,
        }),
        expect.objectContaining({
          id: unpaid,
          status: 'CANCELLED',
          total: money(9_900),
          cancelReason: 'PAYMENT_TIMEOUT',
        }),
      ]),
    );
    expect(body.payments).toEqual([
      expect.objectContaining({
        id: paymentId,
        status: 'PARTIALLY_REFUNDED',
        amount: money(20_000),
        refunded: money(3_000),
        method: 'ALIPAY_SANDBOX',
      }),
    ]);
    expect(body.shipments).toEqual([
      expect.objectContaining({
        id: shipmentId,
        status: 'DELIVERED',
        carrier: 'SF',
        trackingNumber: 'SF123',
      }),
    ]);
    expect(body.tickets).toEqual([expect.objectContaining({ id: ticket.id, status: 'OPEN' })]);
    const nobody = await desk.call('GET', `/customers/${randomUUID()}/overview`, undefined, agent);
    expect(nobody.body).toMatchObject({ profile: null, orders: [], lifetimeValue: money(0) });
  });

  it('shows agents a store pickup order READY_FOR_PICKUP while it waits at the store, and NOT_COLLECTED when never collected', async () => {
    const customerId = randomUUID();
    const orderId = randomUUID();
    await placed(orderId, customerId, 8_800);
    await desk.publish('order.ready-for-pickup', orderId, {
      orderId,
      customerId,
      shipmentId: randomUUID(),
      pickupStoreId: randomUUID(),
      readyAt: new Date().toISOString(),
      collectBy: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    await orderView(orderId, 'READY_FOR_PICKUP');
    await desk.publish('order.cancelled', orderId, {
      orderId,
      customerId,
      reason: 'CUSTOMER',
      cause: 'NOT_COLLECTED',
      cancelledAt: new Date().toISOString(),
      previousStatus: 'READY_FOR_PICKUP',
    });
    await orderView(orderId, 'CANCELLED');
    const [view] = await desk.sql('SELECT cancel_reason FROM order_views WHERE id = $1', [orderId]);
    expect(view.cancel_reason).toBe('NOT_COLLECTED');
  });

  it('scores an order paid 48 h ago and not shipped, and its value, from the orders read model', async () => {
    const customer = aCustomer();
    const orderId = randomUUID();
    const threeDaysAgo = new Date(Date.now() - 72 * HOUR);
    await placed(orderId, customer.userId, 250_000, threeDaysAgo);
    await desk.publish('order.paid', orderId, {
      orderId,
      customerId: customer.userId,
      lines: [],
      total: money(250_000),
      paidAt: threeDaysAgo.toISOString(),
    });
    await orderView(orderId, 'PAID');
    const { status, body } = await desk.call(
      'POST',
      '/tickets',
      {
        type: 'ORDER_ISSUE',
        channel: 'WEB',
        subject: 'Not shipped',
        message: '怎么还没发货',
        orderId,
      },
      customer,
    );
    expect(status).toBe(201);
    // ORDER_ISSUE 15 + value ≥ ¥2,000 15 + PAID for 72 h 20 = 50 → P2.
    expect(body).toMatchObject({ priority: 'P2', priorityScore: 50, orderId });
    expect(body.priorityReasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'order-stuck', points: 20 }),
        expect.objectContaining({ rule: 'order-value', points: 15 }),
      ]),
    );
  });

  it('opens one system ticket for a failed delivery, however often the event is delivered; a new attempt adds a message', async () => {
    const customer = aCustomer();
    const orderId = randomUUID();
    const shipmentId = randomUUID();
    await placed(orderId, customer.userId, 5_000);
    await desk.publish('shipment.created', orderId, {
      shipmentId,
      orderId,
      customerId: customer.userId,
      kind: 'OUTBOUND',
      warehouseId: randomUUID(),
      mode: 'OWN_FLEET',
      carrier: 'EMPORIUM',
      trackingNumber: 'EM1',
      items: [],
      costAmount: 500,
    });
    const failed = await desk.publish('shipment.status-changed', orderId, {
      shipmentId,
      orderId,
      kind: 'OUTBOUND',
      from: 'OUT_FOR_DELIVERY',
      to: 'FAILED_ATTEMPT',
      at: '2026-11-25T08:00:00.000Z',
      location: '浦东新区',
    });
    await desk.republish(failed); // the same event again (a redelivery)
    await desk.republish({ ...failed, id: randomUUID() }); // the same fact under another event id
    const ticket = await systemTicket(customer.userId);
    expect(ticket).toMatchObject({ type: 'ORDER_ISSUE', orderId });
    expect(ticket.subject).toContain('配送失败');

    // A second attempt that also fails, then the first one yet again.
    await desk.publish('shipment.status-changed', orderId, {
      shipmentId,
      orderId,
      kind: 'OUTBOUND',
      from: 'FAILED_ATTEMPT',
      to: 'OUT_FOR_DELIVERY',
      at: '2026-11-26T01:00:00.000Z',
    });
    await desk.publish('shipment.status-changed', orderId, {
      shipmentId,
      orderId,
      kind: 'OUTBOUND',
      from: 'OUT_FOR_DELIVERY',
      to: 'FAILED_ATTEMPT',
      at: '2026-11-26T08:00:00.000Z',
    });
    await desk.republish({ ...failed, id: randomUUID() });
    const messages = await eventually(
      async () => {
        const detail = (await desk.call('GET', `/tickets/${ticket.id}`, undefined, customer)).body;
        return detail.messages.length === 2 && detail.messages;
      },
      { what: 'the second attempt’s message' },
    );
    expect(messages.map((m: { author: string }) => m.author)).toEqual(['SYSTEM', 'SYSTEM']);
    await eventually(
      async () =>
        (await desk.sql('SELECT status FROM shipment_views WHERE id = $1', [shipmentId]))[0]
          ?.status === 'FAILED_ATTEMPT',
    );
    expect(
      await desk.sql('SELECT count(*)::int AS n FROM tickets WHERE customer_id = $1', [
        customer.userId,
      ]),
    ).toEqual([{ n: 1 }]);
    expect(
      (await desk.call('GET', '/tickets', undefined, customer)).body.items.map(
        (t: { id: string }) => t.id,
      ),
    ).toEqual([ticket.id]);
  });

  it('opens a ticket for money captured after an unpaid cancellation, whichever event arrives first', async () => {
    const capture = (orderId: string, c: string, paymentId: string) =>
      desk.publish('payment.captured', orderId, {
        paymentId,
        orderId,
        customerId: c,
        method: 'SANDBOX_CARD',
        amount: money(12_900),
        capturedAt: new Date().toISOString(),
      });
    const refund = (orderId: string, c: string, paymentId: string) =>
      desk.publish('payment.refunded', orderId, {
        paymentId,
        orderId,
        customerId: c,
        refundId: randomUUID(),
        amount: money(12_900),
        reason: 'order cancelled',
        refundedTotal: money(12_900),
        status: 'REFUNDED',
      });
    const cancel = (orderId: string, c: string, previousStatus: string) =>
      desk.publish('order.cancelled', orderId, {
        orderId,
        customerId: c,
        reason: 'PAYMENT_TIMEOUT',
        cancelledAt: new Date().toISOString(),
        previousStatus,
      });

    // Cancelled first, then the late capture (and its automatic refund).
    const first = aCustomer();
    const o1 = randomUUID();
    const p1 = randomUUID();
    await placed(o1, first.userId, 12_900);
    await cancel(o1, first.userId, 'AWAITING_PAYMENT');
    await orderView(o1, 'CANCELLED');
    const captured = await capture(o1, first.userId, p1);
    await refund(o1, first.userId, p1);
    await desk.republish({ ...captured, id: randomUUID() });
    const t1 = await systemTicket(first.userId);
    expect(t1).toMatchObject({ type: 'ORDER_ISSUE', orderId: o1 });
    expect(t1.subject).toContain('Payment taken for a cancelled order');

    // Captured first (seen before the cancellation), then the cancellation.
    const second = aCustomer();
    const o2 = randomUUID();
    const p2 = randomUUID();
    await capture(o2, second.userId, p2);
    await eventually(
      async () => (await desk.sql('SELECT 1 FROM payment_views WHERE id = $1', [p2])).length > 0,
    );
    await cancel(o2, second.userId, 'AWAITING_PAYMENT');
    expect(await systemTicket(second.userId)).toMatchObject({ orderId: o2 });

    // A paid order cancelled by the customer and refunded is no mistake.
    const third = aCustomer();
    const o3 = randomUUID();
    const p3 = randomUUID();
    await placed(o3, third.userId, 12_900);
    await capture(o3, third.userId, p3);
    await desk.publish('order.paid', o3, {
      orderId: o3,
      customerId: third.userId,
      lines: [],
      total: money(12_900),
      paidAt: new Date().toISOString(),
    });
    await cancel(o3, third.userId, 'PAID');
    await refund(o3, third.userId, p3);
    await orderView(o3, 'CANCELLED');
    await eventually(
      async () =>
        (await desk.sql('SELECT status FROM payment_views WHERE id = $1', [p3]))[0]?.status ===
        'REFUNDED',
    );
    expect(await ticketsOf(third.userId)).toEqual([]);
    expect(
      await desk.sql('SELECT count(*)::int AS n FROM tickets WHERE customer_id = $1', [
        first.userId,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('opens one AFTER_SALE ticket for a rejected return', async () => {
    const customer = aCustomer();
    const orderId = randomUUID();
    const returnId = randomUUID();
    const rejected = await desk.publish('return.rejected', orderId, {
      returnId,
      orderId,
      customerId: customer.userId,
      reason: '商品已使用',
    });
    await desk.republish(rejected);
    await desk.republish({ ...rejected, id: randomUUID() });
    const ticket = await systemTicket(customer.userId);
    expect(ticket).toMatchObject({ type: 'AFTER_SALE', orderId });
    const detail = (await desk.call('GET', `/tickets/${ticket.id}`, undefined, agent)).body;
    expect(detail.messages).toEqual([
      expect.objectContaining({ author: 'SYSTEM', body: expect.stringContaining('商品已使用') }),
    ]);
    expect(detail.audit[0]).toMatchObject({
      action: 'opened',
      actorRole: 'system',
      changes: expect.objectContaining({ systemCause: 'RETURN_REJECTED' }),
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(
      await desk.sql('SELECT count(*)::int AS n FROM tickets WHERE customer_id = $1', [
        customer.userId,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('opens one ORDER_ISSUE ticket for a payment a provider reported with a wrong amount; a new report adds a message', async () => {
    const customer = aCustomer();
    const orderId = randomUUID();
    const paymentId = randomUUID();
    await placed(orderId, customer.userId, 20_000);
    await orderView(orderId, 'PENDING');
    const flagged = (flaggedAt: string) =>
      desk.publish('payment.flagged', paymentId, {
        paymentId,
        orderId,
        customerId: customer.userId,
        flag: 'AMOUNT_MISMATCH',
        source: 'WEBHOOK',
        providerEventId: `evt_${randomUUID()}`,
        expected: money(20_000),
        reported: { amount: 1, currency: 'USD' },
        status: 'REQUIRES_CONFIRMATION',
        flaggedAt,
      });
    const first = await flagged('2026-11-25T08:00:00.000Z');
    await desk.republish(first);
    const ticket = await systemTicket(customer.userId);
    expect(ticket).toMatchObject({ type: 'ORDER_ISSUE', orderId });
    expect(ticket.subject).toContain(`EM20261125-${orderId.slice(0, 6)}`);
    await flagged('2026-11-25T08:05:00.000Z');
    const detail = await eventually(
      async () => {
        const d = (await desk.call('GET', `/tickets/${ticket.id}`, undefined, agent)).body;
        return d.messages.length === 2 && d;
      },
      { what: 'the second report as a message' },
    );
    expect(detail.messages[0]).toMatchObject({
      author: 'SYSTEM',
      body: expect.stringContaining('¥200.00'),
    });
    expect(detail.messages[0].body).toContain('0.01 USD');
    expect(detail.audit[0]).toMatchObject({
      action: 'opened',
      changes: expect.objectContaining({ systemCause: 'PAYMENT_AMOUNT_MISMATCH' }),
    });
    expect(
      await desk.sql('SELECT count(*)::int AS n FROM tickets WHERE customer_id = $1', [
        customer.userId,
      ]),
    ).toEqual([{ n: 1 }]);
  });
});
