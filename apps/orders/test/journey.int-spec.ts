import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import { anEnvelope, eventually, publishEvents, readEvent, uniqueSuffix } from '@emporium/testing';
import {
  aCustomer,
  aMerchant,
  address,
  payFor,
  refundedPayment,
  serviceOf,
  startPlatform,
  stockedProduct,
  type Caller,
  type Platform,
} from './support';
import { money } from '@emporium/contracts';
import { MemberPointsService } from '../src/membership/application/member-points.service';

describe('orders: the order journey across logistics and payments', () => {
  let platform: Platform;
  let producer: Producer;
  const merchant = aMerchant();

  const orders = serviceOf(() => platform, 'orders', merchant);
  const logistics = serviceOf(() => platform, 'logistics', merchant);
  const payments = serviceOf(() => platform, 'payments', merchant);
  const sql = (query: string, params: unknown[] = []) =>
    platform.orders.app.get(DataSource).query(query, params) as Promise<Record<string, unknown>[]>;

  /** A customer's order of `quantity` units of a fresh product (price 10,000 fen, stock 10). */
  const placeOrder = async (quantity = 1, stock = 10) => {
    const customer = aCustomer();
    const { skus } = await stockedProduct(platform, [{ price: 10_000, stock }]);
    await orders('POST', '/cart/items', { sku: skus[0], quantity }, customer);
    const placed = await orders(
      'POST',
      '/orders',
      { shippingAddress: address, deliveryOption: 'STANDARD', paymentMethod: 'SANDBOX_CARD' },
      customer,
      {
        'idempotency-key': randomUUID(),
      },
    );
    if (placed.status !== 201) throw new Error(`place: ${JSON.stringify(placed.body)}`);
    return {
      customer,
      sku: skus[0],
      order: placed.body as { id: string; totals: { total: { amount: number } } },
    };
  };
  const statusOf = async (orderId: string) => (await orders('GET', `/orders/${orderId}`)).body;
  const reach = (orderId: string, status: string) =>
    eventually(
      async () => {
        const order = await statusOf(orderId);
        return order.status === status && order;
      },
      { what: `order ${orderId} to be ${status}`, timeoutMs: 20_000 },
    );
  const paymentOf = (orderId: string) =>
    eventually(
      async () => (await payments('GET', `/payments?orderId=${orderId}`)).body.items?.[0],
      { what: 'the payment' },
    );
  const confirm = (
    paymentId: string,
    customer: Caller,
    simulate: 'success' | 'decline' = 'success',
  ) =>
    payments('POST', `/payments/${paymentId}/confirm`, { simulate }, customer, {
      'idempotency-key': randomUUID(),
    });
  const paid = async (quantity = 1) => {
    const placed = await placeOrder(quantity);
    const payment = await payFor(platform, placed.order.id, placed.customer);
    // Logistics turns a paid order FULFILLING within milliseconds: wait for PAID in its history.
    await eventually(
      async () =>
        (await statusOf(placed.order.id)).statusHistory.some(
          (h: { status: string }) => h.status === 'PAID',
        ),
      {
        what: `order ${placed.order.id} to be paid`,
        timeoutMs: 20_000,
      },
    );
    return { ...placed, payment };
  };
  const shipmentsOf = (orderId: string, kind = 'OUTBOUND') =>
    eventually(
      async () => {
        const items = (await logistics('GET', `/shipments?orderId=${orderId}`)).body.items as {
          id: string;
          kind: string;
        }[];
        const ofKind = items.filter((s) => s.kind === kind);
        return ofKind.length > 0 && ofKind;
      },
      { what: `${kind} shipments` },
    );
  const track = async (shipmentId: string, statuses: string[]) => {
    for (const status of statuses)
      expect((await logistics('POST', `/shipments/${shipmentId}/events`, { status })).status).toBe(
        201,
      );
  };
  const delivered = async (quantity = 2) => {
    const order = await paid(quantity);
    await reach(order.order.id, 'FULFILLING');
    for (const shipment of await shipmentsOf(order.order.id)) {
      await track(shipment.id, ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    }
    await reach(order.order.id, 'DELIVERED');
    return order;
  };
  const reserved = async (sku: string) =>
    (await logistics('GET', `/inventory/${sku}`)).body.warehouses.reduce(
      (n: number, w: { reserved: number }) => n + w.reserved,
      0,
    );

  beforeAll(async () => {
    // One paid order of the suite's products (¥100 and shipping) makes a SILVER member.
    platform = await startPlatform('journey', {
      ordersEnv: { ORDERS_TIER_THRESHOLDS: 'SILVER:10000,GOLD:5000000,PLATINUM:9000000' },
    });
    producer = createKafka({ brokers: platform.kafka.brokers, clientId: 'journey-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.stop();
  });

  it('goes from PENDING to DELIVERED: reserved, paid, fulfilled, shipped and delivered', async () => {
    const { order, customer } = await delivered(1);
    const final = await statusOf(order.id);
    expect(final.statusHistory.map((s: { status: string }) => s.status)).toEqual([
      'PENDING',
      'AWAITING_PAYMENT',
      'PAID',
      'FULFILLING',
      'SHIPPED',
      'DELIVERED',
    ]);
    expect(final.paymentId).toEqual(expect.any(String));
    expect(final.shipmentIds).toHaveLength(1);
    const awaiting = await readEvent(platform.kafka.brokers, 'order.awaiting-payment', order.id);
    expect(awaiting.data).toMatchObject({
      orderId: order.id,
      customerId: customer.userId,
      amount: order.totals.total,
      paymentMethod: 'SANDBOX_CARD',
    });
    const deliveredEvent = await readEvent(platform.kafka.brokers, 'order.delivered', order.id);
    expect(deliveredEvent.correlationId).toBe(order.id);
  });

  it('cancels an order whose stock is short as OUT_OF_STOCK and holds nothing', async () => {
    // Pickup at a store that sold out after the quote: logistics cannot reserve there.
    const { skus } = await stockedProduct(platform, [{ price: 10_000, stock: 5 }]);
    const store = async (stock: number) => {
      const code = `ST-${uniqueSuffix()}`.toUpperCase();
      const created = await logistics('POST', '/warehouses', {
        code,
        name: '门店',
        kind: 'STORE',
        address,
        location: { lat: 31.2, lon: 121.5 },
      });
      await logistics('PUT', `/warehouses/${created.body.id}/stock/${skus[0]}`, { onHand: stock });
      return created.body.id as string;
    };
    await store(5);
    const soldOut = await store(0);
    const customer = aCustomer();
    await orders('POST', '/cart/items', { sku: skus[0], quantity: 2 }, customer);
    const body = {
      shippingAddress: address,
      deliveryOption: 'STORE_PICKUP',
      pickupStoreId: soldOut,
      paymentMethod: 'SANDBOX_CARD',
    };
    const placed = await orders('POST', '/orders', body, customer, {
      'idempotency-key': randomUUID(),
    });
    expect(placed.status).toBe(201);
    const cancelled = await reach(placed.body.id, 'CANCELLED');
    expect(cancelled.statusHistory.at(-1)).toMatchObject({
      status: 'CANCELLED',
      reason: 'OUT_OF_STOCK',
    });
    const event = await readEvent(platform.kafka.brokers, 'order.cancelled', placed.body.id);
    expect(event.data).toMatchObject({ reason: 'OUT_OF_STOCK', previousStatus: 'PENDING' });
    expect(await reserved(skus[0])).toBe(0);
  });

  it('records declined attempts, fails the payment on the third, and cancels the order as PAYMENT_FAILED', async () => {
    const { order, customer, sku } = await placeOrder(1);
    await reach(order.id, 'AWAITING_PAYMENT');
    const payment = await paymentOf(order.id);
    for (let i = 0; i < 2; i++) {
      const declined = await confirm(payment.id, customer, 'decline');
      expect(declined.body.status).toBe('REQUIRES_CONFIRMATION');
    }
    expect((await statusOf(order.id)).status).toBe('AWAITING_PAYMENT');
    expect((await confirm(payment.id, customer, 'decline')).body.status).toBe('FAILED');
    const cancelled = await reach(order.id, 'CANCELLED');
    expect(cancelled.statusHistory.at(-1).reason).toBe('PAYMENT_FAILED');
    await eventually(async () => (await reserved(sku)) === 0, { what: 'the stock to be released' });
  });

  it('cancels an order whose payment window passed as PAYMENT_TIMEOUT, and payments voids the payment', async () => {
    const { order, sku } = await placeOrder(1);
    await reach(order.id, 'AWAITING_PAYMENT');
    const payment = await paymentOf(order.id);
    await sql(`UPDATE orders SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [
      order.id,
    ]);
    const cancelled = await reach(order.id, 'CANCELLED');
    expect(cancelled.statusHistory.at(-1).reason).toBe('PAYMENT_TIMEOUT');
    await eventually(
      async () => (await payments('GET', `/payments/${payment.id}`)).body.status === 'VOIDED',
      { what: 'the void' },
    );
    await eventually(async () => (await reserved(sku)) === 0, { what: 'the stock to be released' });
  });

  it('lets the customer cancel a paid order before pickup and refunds the payment in full', async () => {
    const { order, customer, payment } = await paid(1);
    const cancelled = await orders('POST', `/orders/${order.id}/cancel`, undefined, customer);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.statusHistory.at(-1)).toMatchObject({
      status: 'CANCELLED',
      reason: 'CUSTOMER',
    });
    const refunded = await refundedPayment(platform, payment.id, merchant);
    expect(
      refunded.refunds.reduce(
        (n: number, r: { amount: { amount: number } }) => n + r.amount.amount,
        0,
      ),
    ).toBe(order.totals.total.amount);
  });

  it('ranks the member by net paid spend: paid raises the tier, the refund lowers it, each change announced', async () => {
    const { order, customer, payment } = await paid(1);
    const total = order.totals.total.amount;
    const member = async () =>
      (
        await sql('SELECT paid_amount, refunded_amount, tier FROM members WHERE customer_id = $1', [
          customer.userId,
        ])
      )[0];
    // Counted in the transaction that made the order PAID.
    expect(await member()).toEqual({
      paid_amount: String(total),
      refunded_amount: '0',
      tier: 'SILVER',
    });

    await orders('POST', `/orders/${order.id}/cancel`, undefined, customer);
    await refundedPayment(platform, payment.id, merchant);
    await eventually(async () => (await member()).tier === 'REGULAR', { what: 'tier REGULAR' });
    // A refund repeated under a new event id takes nothing more than the order paid.
    const again = randomUUID();
    await publishEvents(
      producer,
      anEnvelope(
        'payment.refunded',
        payment.id,
        {
          paymentId: payment.id,
          orderId: order.id,
          refundId: randomUUID(),
          amount: money(total),
        },
        { id: again },
      ),
    );
    await eventually(
      async () => (await sql('SELECT 1 FROM inbox WHERE event_id = $1', [again])).length > 0,
      { what: 'the repeated refund handled' },
    );
    expect(await member()).toEqual({
      paid_amount: String(total),
      refunded_amount: String(total),
      tier: 'REGULAR',
    });
    const changes = await sql(
      `SELECT envelope FROM outbox WHERE event_type = 'customer.tier-changed' AND message_key = $1
       ORDER BY id`,
      [customer.userId],
    );
    expect(changes.map((row) => (row.envelope as { data: unknown }).data)).toEqual([
      { customerId: customer.userId, from: 'REGULAR', to: 'SILVER' },
      { customerId: customer.userId, from: 'SILVER', to: 'REGULAR' },
    ]);
  });

  it('refuses to cancel once the first parcel is picked up (409), and hides others’ orders (404)', async () => {
    const { order, customer } = await paid(1);
    await reach(order.id, 'FULFILLING');
    const [shipment] = await shipmentsOf(order.id);
    await track(shipment.id, ['PICKED_UP']);
    await reach(order.id, 'SHIPPED');
    expect(
      (await orders('POST', `/orders/${order.id}/cancel`, undefined, aCustomer())).status,
    ).toBe(404);
    const late = await orders('POST', `/orders/${order.id}/cancel`, undefined, customer);
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('urn:emporium:problem:order-not-cancellable');
  });

  it('does not mark an order PAID on a capture of less than its total, or in another currency', async () => {
    const { order, customer } = await placeOrder(1);
    await reach(order.id, 'AWAITING_PAYMENT');
    const payment = await paymentOf(order.id);
    const captureOf = (amount: { amount: number; currency: string }) =>
      anEnvelope('payment.captured', payment.id, {
        paymentId: payment.id,
        orderId: order.id,
        customerId: payment.customerId,
        method: 'SANDBOX_CARD',
        amount,
        capturedAt: new Date().toISOString(),
      });
    const short = captureOf(money(1));
    const foreign = captureOf({ amount: order.totals.total.amount, currency: 'USD' });
    await publishEvents(producer, short, foreign);
    await eventually(
      async () =>
        (await sql('SELECT 1 FROM inbox WHERE event_id = ANY($1)', [[short.id, foreign.id]]))
          .length === 2,
      {
        what: 'the short captures to be handled',
      },
    );
    const after = await statusOf(order.id);
    expect(after.status).toBe('AWAITING_PAYMENT');
    expect(after.statusHistory.map((h: { status: string }) => h.status)).not.toContain('PAID');
    expect(
      await sql(`SELECT 1 FROM outbox WHERE event_type = 'order.paid' AND message_key = $1`, [
        order.id,
      ]),
    ).toEqual([]);
    // The whole amount, taken by payments itself, still pays the order.
    expect((await confirm(payment.id, customer)).status).toBe(200);
    await eventually(
      async () =>
        (await statusOf(order.id)).statusHistory.some(
          (h: { status: string }) => h.status === 'PAID',
        ),
      {
        what: `order ${order.id} to be paid`,
        timeoutMs: 20_000,
      },
    );
  });

  it('gives a redelivered event no second effect', async () => {
    const { order, payment } = await paid(1);
    const before = await statusOf(order.id);
    const captured = await readEvent(platform.kafka.brokers, 'payment.captured', payment.id);
    const capturedData = captured.data as Record<string, unknown>;
    const again = anEnvelope('stock.reserved', order.id, {
      orderId: order.id,
      allocations: [],
      levels: [],
    });
    const secondCapture = anEnvelope('payment.captured', payment.id, {
      ...capturedData,
      paymentId: payment.id,
    });
    // The very same event again, then two new ones saying what already happened; the last one on
    // each topic is handled only after the ones before it on the same key.
    await publishEvents(producer, captured, again, secondCapture);
    await eventually(
      async () =>
        (await sql('SELECT 1 FROM inbox WHERE event_id = ANY($1)', [[again.id, secondCapture.id]]))
          .length === 2,
      {
        what: 'the redelivered events to be handled',
      },
    );
    const after = await statusOf(order.id);
    expect(after.statusHistory.filter((s: { status: string }) => s.status === 'PAID')).toHaveLength(
      1,
    );
    expect(after.statusHistory.length).toBeGreaterThanOrEqual(before.statusHistory.length);
    const announced = await sql(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'order.paid' AND message_key = $1`,
      [order.id],
    );
    expect(announced[0].n).toBe(1);
  });

  it('exposes the journey on /metrics: orders placed, outbox backlog and age, consumer lag', async () => {
    await paid(1);
    const text = await (await fetch(`${platform.orders.url}/metrics`)).text();
    const value = (name: string) =>
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('emporium_orders_placed_total')).toBeGreaterThan(0);
    expect(value('emporium_outbox_pending_events')).toBeGreaterThanOrEqual(0);
    expect(value('emporium_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(
      /^emporium_consumer_lag_messages\{group="[^"]+",topic="payments\.payment",partition="\d+"\} \d+$/m,
    );
  });

  describe('returns', () => {
    it('refunds exactly the returned lines’ paid amounts after the goods are back, and restocks them', async () => {
      const { order, customer, payment, sku } = await delivered(2);
      const requested = await orders(
        'POST',
        `/orders/${order.id}/returns`,
        { lines: [{ sku, quantity: 1 }], reason: '尺码不合适' },
        customer,
      );
      expect(requested.status).toBe(201);
      expect(requested.body).toMatchObject({
        orderId: order.id,
        status: 'REQUESTED',
        refundAmount: money(10_000),
      });
      expect((await statusOf(order.id)).status).toBe('RETURN_REQUESTED');
      expect(
        (await orders('POST', `/returns/${requested.body.id}/approve`, {}, customer)).status,
      ).toBe(403);
      const approved = await orders('POST', `/returns/${requested.body.id}/approve`, {});
      expect(approved.body.status).toBe('APPROVED');
      const [back] = await shipmentsOf(order.id, 'RETURN');
      await track(back.id, ['PICKED_UP', 'IN_TRANSIT', 'DELIVERED']);
      const done = await eventually(
        async () => {
          const r = (await orders('GET', `/returns/${requested.body.id}`, undefined, customer))
            .body;
          return r.status === 'REFUNDED' && r;
        },
        { what: 'the return to be refunded', timeoutMs: 20_000 },
      );
      expect(done.refundAmount).toEqual(money(10_000));
      const after = await statusOf(order.id);
      expect(after.status).toBe('PARTIALLY_REFUNDED');
      expect(after.refunded).toEqual(money(10_000));
      const p = (await payments('GET', `/payments/${payment.id}`)).body;
      expect(p.status).toBe('PARTIALLY_REFUNDED');
      expect(p.refunds.map((r: { amount: unknown }) => r.amount)).toEqual([money(10_000)]);
      const inventory = (await logistics('GET', `/inventory/${sku}`)).body;
      expect(inventory.available).toBe(10 - 2 + 1); // two sold, one back on the shelf
      const requestedEvent = await readEvent(platform.kafka.brokers, 'return.requested', order.id);
      expect(requestedEvent.data).toMatchObject({
        returnId: requested.body.id,
        reason: '尺码不合适',
        orderStatus: 'RETURN_REQUESTED',
      });
      const refundedEvent = await readEvent(platform.kafka.brokers, 'return.refunded', order.id);
      expect(refundedEvent.data).toMatchObject({
        returnId: requested.body.id,
        amount: money(10_000),
        orderStatus: 'PARTIALLY_REFUNDED',
      });
    });

    it('puts the order back to its status when a return is rejected', async () => {
      const { order, customer, sku } = await delivered(1);
      const requested = await orders(
        'POST',
        `/orders/${order.id}/returns`,
        { lines: [{ sku, quantity: 1 }], reason: '不想要了' },
        customer,
      );
      const again = await orders(
        'POST',
        `/orders/${order.id}/returns`,
        { lines: [{ sku, quantity: 1 }], reason: '再来一次' },
        customer,
      );
      expect(again.status).toBe(409);
      const rejected = await orders('POST', `/returns/${requested.body.id}/reject`, {
        note: '商品已使用',
      });
      expect(rejected.body).toMatchObject({ status: 'REJECTED', decisionNote: '商品已使用' });
      expect((await statusOf(order.id)).status).toBe('DELIVERED');
      const rejectedEvent = await readEvent(platform.kafka.brokers, 'return.rejected', order.id);
      expect(rejectedEvent.data).toMatchObject({
        returnId: requested.body.id,
        reason: '商品已使用',
        orderStatus: 'DELIVERED',
      });
      expect((await orders('POST', `/returns/${requested.body.id}/approve`, {})).status).toBe(409);
    });

    it('refuses returns of undelivered orders (409), of more than was bought (422), and after the window (422)', async () => {
      const { order, customer, sku } = await paid(1);
      expect(
        (
          await orders(
            'POST',
            `/orders/${order.id}/returns`,
            { lines: [{ sku, quantity: 1 }], reason: 'x' },
            customer,
          )
        ).status,
      ).toBe(409);
      const done = await delivered(1);
      const tooMany = await orders(
        'POST',
        `/orders/${done.order.id}/returns`,
        { lines: [{ sku: done.sku, quantity: 2 }], reason: 'x' },
        done.customer,
      );
      expect(tooMany.status).toBe(422);
      await sql(
        `UPDATE orders SET delivered_at = now() - interval '7 days 1 minute' WHERE id = $1`,
        [done.order.id],
      );
      const late = await orders(
        'POST',
        `/orders/${done.order.id}/returns`,
        { lines: [{ sku: done.sku, quantity: 1 }], reason: 'x' },
        done.customer,
      );
      expect(late.status).toBe(422);
      expect(late.body.type).toBe('urn:emporium:problem:return-window-closed');
      // Once the timers have completed it, the order still gives the customer that reason.
      await reach(done.order.id, 'COMPLETED');
      const completed = await orders(
        'POST',
        `/orders/${done.order.id}/returns`,
        { lines: [{ sku: done.sku, quantity: 1 }], reason: 'x' },
        done.customer,
      );
      expect([completed.status, completed.body.type]).toEqual([
        422,
        'urn:emporium:problem:return-window-closed',
      ]);
    });

    it('credits points when the order completes, takes back a refund’s share, and expires them', async () => {
      const { order, customer, payment } = await delivered(1);
      const total = order.totals.total.amount;
      const points = () => orders('GET', '/me/points', undefined, customer);
      // ¥100 of goods at the REGULAR rate (1 a yuan; shipping earns nothing), pending until complete.
      expect((await points()).body).toEqual({
        balance: 0,
        pending: 100,
        expiringSoon: [],
        history: [],
      });
      await sql(`UPDATE orders SET delivered_at = now() - interval '8 days' WHERE id = $1`, [
        order.id,
      ]);
      await reach(order.id, 'COMPLETED');
      const credited = (await points()).body;
      expect(credited).toMatchObject({ balance: 100, pending: 0, expiringSoon: [] });
      expect(credited.history).toEqual([
        {
          kind: 'EARNED',
          points: 100,
          orderId: order.id,
          at: expect.any(String),
          expiresAt: expect.any(String),
        },
      ]);
      expect(Date.parse(credited.history[0].expiresAt) - Date.parse(credited.history[0].at)).toBe(
        365 * 86_400_000,
      );

      // A refund of a quarter of what was paid takes back a quarter of the points, rounded so
      // the points kept are whole.
      const refund = Math.floor(total / 4);
      const kept = Math.floor((100 * (total - refund)) / total);
      await publishEvents(
        producer,
        anEnvelope('payment.refunded', payment.id, {
          paymentId: payment.id,
          orderId: order.id,
          refundId: randomUUID(),
          amount: money(refund),
        }),
      );
      const reversed = await eventually(
        async () => {
          const body = (await points()).body;
          return body.balance === kept && body;
        },
        { what: `${kept} points kept` },
      );
      expect(reversed.history[0]).toMatchObject({
        kind: 'REVERSED',
        points: kept - 100,
        orderId: order.id,
      });
      // A second quarter: the two reversals together take what one refund of half would.
      const keptAfterHalf = Math.floor((100 * (total - 2 * refund)) / total);
      await publishEvents(
        producer,
        anEnvelope('payment.refunded', payment.id, {
          paymentId: payment.id,
          orderId: order.id,
          refundId: randomUUID(),
          amount: money(refund),
        }),
      );
      await eventually(async () => (await points()).body.balance === keptAfterHalf, {
        what: `${keptAfterHalf} points kept after half was refunded`,
      });

      // Due in a week: listed as expiring soon; past due: the sweep expires what is left.
      await sql(
        `UPDATE points_ledger SET expires_at = now() + interval '7 days' WHERE order_id = $1 AND kind = 'EARNED'`,
        [order.id],
      );
      expect((await points()).body.expiringSoon).toEqual([
        { points: keptAfterHalf, expiresAt: expect.any(String) },
      ]);
      await sql(
        `UPDATE points_ledger SET expires_at = now() - interval '1 second' WHERE order_id = $1 AND kind = 'EARNED'`,
        [order.id],
      );
      await platform.orders.app.get(MemberPointsService).expireDue();
      const expired = (await points()).body;
      expect(expired).toMatchObject({ balance: 0, pending: 0, expiringSoon: [] });
      expect(
        expired.history.map((e: { kind: string; points: number }) => [e.kind, e.points]),
      ).toEqual([
        ['EXPIRED', -keptAfterHalf],
        ['REVERSED', keptAfterHalf - kept],
        ['REVERSED', kept - 100],
        ['EARNED', 100],
      ]);
    });

    it('completes a delivered order once the return window has closed', async () => {
      const { order } = await delivered(1);
      await sql(`UPDATE orders SET delivered_at = now() - interval '8 days' WHERE id = $1`, [
        order.id,
      ]);
      await reach(order.id, 'COMPLETED');
      const completed = await readEvent(platform.kafka.brokers, 'order.completed', order.id);
      expect(completed.data).toMatchObject({ orderId: order.id });
    });
  });
});
