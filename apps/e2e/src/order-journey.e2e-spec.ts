import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@emporium/testing';
import { money } from '@emporium/contracts';
import {
  aRegisteredCustomer,
  aStaffMember,
  aStockedProduct,
  readStatusEvents,
  login,
  runningPlatform,
  SHANGHAI_ADDRESS,
} from './support/shop';

const ADMIN = { email: 'admin@journey.test', password: 'journey-admin-password' };

/** A span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ExportedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly name: string;
}

/** A minimal OTLP/HTTP trace receiver: collects every exported span. */
function startTraceCollector(): Promise<{ url: string; spans: ExportedSpan[]; server: Server }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: { traceId: string; name: string }[] }[];
        }[];
      };
      for (const rs of payload.resourceSpans) {
        const service =
          rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const scope of rs.scopeSpans)
          for (const span of scope.spans)
            spans.push({ service, traceId: span.traceId, name: span.name });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server }),
    ),
  );
}

describe('the order journey through the gateway, every service a process', () => {
  let collector: Awaited<ReturnType<typeof startTraceCollector>>;
  beforeAll(async () => {
    collector = await startTraceCollector();
  });
  const shop = runningPlatform(['gateway', 'catalog', 'orders', 'payments', 'logistics'], () => ({
    EMPORIUM_ADMIN_EMAIL: ADMIN.email,
    EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
    ORDERS_SWEEP_INTERVAL_MS: '500',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
  }));
  const { call } = shop;
  // After the services have stopped, and sent their last spans.
  afterAll(() => {
    collector?.server.close();
  });
  const orderOf = async (id: string, token: string) =>
    (await call('GET', `/orders/${id}`, undefined, token)).body;
  const reach = (id: string, token: string, status: string) =>
    eventually(async () => (await orderOf(id, token)).status === status, {
      what: `the order to be ${status}`,
      timeoutMs: 30_000,
    });

  it('takes a customer from an empty cart to a delivered order, a return and its refund', async () => {
    // Staff set up the shop: a merchant, a product, stock and a 满减.
    const admin = await login(call, ADMIN.email, ADMIN.password);
    const merchant = await aStaffMember(call, admin);
    const { sku } = await aStockedProduct(call, merchant, { price: money(15_000), onHand: 20 });
    const now = Date.now();
    const promotion = await call(
      'POST',
      '/promotions',
      {
        name: '满 300 减 30',
        kind: 'THRESHOLD_OFF',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        target: { skus: [sku] },
        stackable: true,
        rules: { tiers: [{ minSubtotal: money(30_000), off: money(3_000) }] },
      },
      merchant,
    );
    expect(promotion.status).toBe(201);

    // A guest fills a cart, registers, and the cart follows them.
    const guest = await call('POST', '/cart/items', { sku, quantity: 2 });
    expect(guest.status).toBe(200);
    const cartToken = guest.headers.get('x-cart-token')!;
    const { token: customer } = await aRegisteredCustomer(call);
    const cart = await call('GET', '/cart', undefined, customer, { 'x-cart-token': cartToken });
    expect(cart.body).toMatchObject({
      subtotal: money(30_000),
      discountTotal: money(3_000),
      total: money(27_000),
    });

    const quote = await call(
      'POST',
      '/checkout/quote',
      { shippingAddress: SHANGHAI_ADDRESS, deliveryOption: 'EXPRESS' },
      customer,
    );
    expect(quote.status).toBe(200);
    const key = randomUUID();
    const placeBody = {
      shippingAddress: SHANGHAI_ADDRESS,
      deliveryOption: 'EXPRESS',
      paymentMethod: 'WECHAT_SANDBOX',
    };
    const placed = await call('POST', '/orders', placeBody, customer, { 'idempotency-key': key });
    expect(placed.status).toBe(201);
    expect(placed.body.totals.total).toEqual(quote.body.total);
    expect(
      (await call('POST', '/orders', placeBody, customer, { 'idempotency-key': key })).body.id,
    ).toBe(placed.body.id);
    const orderId = placed.body.id as string;

    // Watch the order's status stream while it moves.
    const stream = await fetch(`${shop.api()}/orders/${orderId}/stream?access_token=${customer}`);
    expect(stream.status).toBe(200);
    const streamed = readStatusEvents(stream, (s) => s.includes('DELIVERED')).then((events) =>
      events.map((e) => e.status),
    );

    await reach(orderId, customer, 'AWAITING_PAYMENT');
    const payment = await eventually(
      async () =>
        (await call('GET', `/payments?orderId=${orderId}`, undefined, customer)).body.items?.[0],
      { what: 'the payment' },
    );
    expect(payment).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
      method: 'WECHAT_SANDBOX',
      amount: quote.body.total,
    });
    const confirmed = await call(
      'POST',
      `/payments/${payment.id}/confirm`,
      { simulate: 'success' },
      customer,
      { 'idempotency-key': randomUUID() },
    );
    expect(confirmed.body.status).toBe('CAPTURED');
    await reach(orderId, customer, 'FULFILLING');

    const shipments = (await call('GET', `/shipments?orderId=${orderId}`, undefined, merchant)).body
      .items as { id: string }[];
    for (const shipment of shipments) {
      for (const status of ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
        expect(
          (await call('POST', `/shipments/${shipment.id}/events`, { status }, merchant)).status,
        ).toBe(201);
      }
    }
    await reach(orderId, customer, 'DELIVERED');
    // The stream reports changes after it opened; on a slow machine the order may already await
    // its payment by then.
    const journey = ['AWAITING_PAYMENT', 'PAID', 'FULFILLING', 'SHIPPED', 'DELIVERED'];
    const seen = await streamed;
    expect(journey.slice(journey.length - seen.length)).toEqual(seen);
    expect(seen.length).toBeGreaterThanOrEqual(4);

    // After-sale: one of the two boxes goes back and its paid amount is refunded.
    const requested = await call(
      'POST',
      `/orders/${orderId}/returns`,
      { lines: [{ sku, quantity: 1 }], reason: '买多了' },
      customer,
    );
    expect(requested.status).toBe(201);
    expect(requested.body.refundAmount).toEqual(money(13_500));
    expect((await call('POST', `/returns/${requested.body.id}/approve`, {}, merchant)).status).toBe(
      200,
    );
    const back = await eventually(
      async () => {
        const items = (await call('GET', `/shipments?orderId=${orderId}`, undefined, merchant)).body
          .items as { id: string; kind: string }[];
        return items.find((s) => s.kind === 'RETURN');
      },
      { what: 'the return parcel' },
    );
    for (const status of ['PICKED_UP', 'IN_TRANSIT', 'DELIVERED']) {
      expect(
        (await call('POST', `/shipments/${back.id}/events`, { status }, merchant)).status,
      ).toBe(201);
    }
    await reach(orderId, customer, 'PARTIALLY_REFUNDED');
    expect(
      (await call('GET', `/returns/${requested.body.id}`, undefined, customer)).body.status,
    ).toBe('REFUNDED');
    const refunded = (await call('GET', `/payments/${payment.id}`, undefined, customer)).body;
    expect(refunded).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunds: [expect.objectContaining({ amount: money(13_500) })],
    });
  });

  it('traces a checkout as one trace: gateway, orders, logistics and payments over HTTP and Kafka', async () => {
    // POST /orders (gateway → orders) → order.placed → logistics → stock.reserved → orders →
    // order.awaiting-payment → payments: every hop carries the trace in its traceparent.
    const trace = await eventually(
      () => {
        const place = collector.spans.find(
          (s) => s.service === 'gateway' && s.name === 'POST /api/v1/orders',
        );
        if (!place) return undefined;
        const services = new Set(
          collector.spans.filter((s) => s.traceId === place.traceId).map((s) => s.service),
        );
        return (
          ['gateway', 'orders', 'logistics', 'payments'].every((name) => services.has(name)) &&
          collector.spans.filter((s) => s.traceId === place.traceId)
        );
      },
      { what: 'one trace across the services', timeoutMs: 20_000 },
    );
    const names = trace.map((s) => `${s.service}: ${s.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'orders: POST /orders',
        'orders: order.placed publish',
        'logistics: order.placed process',
        'orders: stock.reserved process',
        'payments: order.awaiting-payment process',
      ]),
    );
  });

  it('lets an admin through wherever staff may go (API.md "auth"): the reconciliation, a refund', async () => {
    const admin = await login(call, ADMIN.email, ADMIN.password);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await call('GET', `/payments/reconciliation?date=${today}`, undefined, admin)).status,
    ).toBe(200);
    // Past the edge and the service's @Roles: there is no such payment.
    const refund = await call(
      'POST',
      `/payments/${randomUUID()}/refunds`,
      { amount: money(100), reason: 'goodwill' },
      admin,
      {
        'idempotency-key': randomUUID(),
      },
    );
    expect(refund.status).toBe(404);
  });
});
