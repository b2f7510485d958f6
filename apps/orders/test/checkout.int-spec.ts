import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { eventually, readEvent } from '@emporium/testing';
import {
  aCustomer,
  aMerchant,
  address,
  startPlatform,
  stockedProduct,
  type Caller,
  type Platform,
} from './support';
import { money } from '@emporium/contracts';

const week = () => ({
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
});

describe('orders: cart, promotions at checkout, and placing orders', () => {
  let platform: Platform;
  let call: (
    method: string,
    path: string,
    body?: unknown,
    as?: Caller,
    headers?: Record<string, string>,
  ) => ReturnType<Platform['call']>;
  const merchant = aMerchant();
  const checkout = { shippingAddress: address, deliveryOption: 'STANDARD' };
  const order = { ...checkout, paymentMethod: 'SANDBOX_CARD' };

  const promote = async (body: Record<string, unknown>) => {
    const res = await call(
      'POST',
      '/promotions',
      { stackable: true, ...week(), ...body },
      merchant,
    );
    if (res.status !== 201) throw new Error(`promotion: ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const fill = async (customer: Caller, items: { sku: string; quantity: number }[]) => {
    for (const item of items)
      expect((await call('POST', '/cart/items', item, customer)).status).toBe(200);
  };
  const place = (customer: Caller, key = randomUUID(), body: unknown = order) =>
    call('POST', '/orders', body, customer, { 'idempotency-key': key });

  beforeAll(async () => {
    platform = await startPlatform('checkout');
    call = (method, path, body, as, headers) =>
      platform.call(platform.orders, method, path, body, as, headers);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  describe('cart', () => {
    it('answers an empty cart before anything was added', async () => {
      const res = await call('GET', '/cart', undefined, aCustomer());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        items: [],
        appliedPromotions: [],
        gifts: [],
        couponCodes: [],
        subtotal: money(0),
        discountTotal: money(0),
        total: money(0),
      });
    });

    it('prices items from the catalog and answers every change with the whole cart', async () => {
      const { skus, productId } = await stockedProduct(platform, [
        { price: 12_900, stock: 10 },
        { price: 5_000, stock: 10 },
      ]);
      const customer = aCustomer();
      const added = await call('POST', '/cart/items', { sku: skus[0], quantity: 2 }, customer);
      expect(added.status).toBe(200);
      expect(added.body.items).toEqual([
        expect.objectContaining({
          sku: skus[0],
          productId,
          quantity: 2,
          unitPrice: money(12_900),
          discount: money(0),
          lineTotal: money(25_800),
        }),
      ]);
      await call('POST', '/cart/items', { sku: skus[1], quantity: 1 }, customer);
      const again = await call('POST', '/cart/items', { sku: skus[0], quantity: 1 }, customer);
      expect(again.body.items.find((i: { sku: string }) => i.sku === skus[0]).quantity).toBe(3);
      expect(again.body.total).toEqual(money(3 * 12_900 + 5_000));
      const patched = await call('PATCH', `/cart/items/${skus[0]}`, { quantity: 1 }, customer);
      expect(patched.body.subtotal).toEqual(money(12_900 + 5_000));
      const removed = await call('DELETE', `/cart/items/${skus[1]}`, undefined, customer);
      expect(removed.body.items.map((i: { sku: string }) => i.sku)).toEqual([skus[0]]);
      expect((await call('DELETE', `/cart/items/${skus[1]}`, undefined, customer)).status).toBe(
        404,
      );
    });

    it('refuses more than is available with 409, an unknown SKU with 422, and bad input with 400', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 1_000, stock: 3 }]);
      const customer = aCustomer();
      const tooMany = await call('POST', '/cart/items', { sku: skus[0], quantity: 4 }, customer);
      expect(tooMany.status).toBe(409);
      expect(tooMany.body.type).toBe('urn:emporium:problem:insufficient-stock');
      expect(
        (await call('POST', '/cart/items', { sku: 'NO-SUCH-SKU', quantity: 1 }, customer)).status,
      ).toBe(422);
      const bad = await call(
        'POST',
        '/cart/items',
        { sku: '', quantity: 0, extra: true },
        customer,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['sku', 'quantity']),
      );
      expect((await call('GET', '/cart', undefined, customer)).body.items).toEqual([]);
    });

    it('gives a guest a cart token and merges the guest cart into the customer cart on sign-in', async () => {
      const { skus } = await stockedProduct(platform, [
        { price: 2_000, stock: 20 },
        { price: 3_000, stock: 20 },
      ]);
      const guest = await call('POST', '/cart/items', { sku: skus[0], quantity: 2 });
      expect(guest.status).toBe(200);
      const token = guest.headers.get('x-cart-token')!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      await call('POST', '/cart/items', { sku: skus[1], quantity: 1 }, undefined, {
        'x-cart-token': token,
      });
      expect(
        (await call('GET', '/cart', undefined, undefined, { 'x-cart-token': token })).body.items,
      ).toHaveLength(2);

      const customer = aCustomer();
      await fill(customer, [{ sku: skus[0], quantity: 1 }]);
      const merged = await call('GET', '/cart', undefined, customer, { 'x-cart-token': token });
      expect(
        merged.body.items.map((i: { sku: string; quantity: number }) => [i.sku, i.quantity]),
      ).toEqual([
        [skus[0], 3],
        [skus[1], 1],
      ]);
      // The guest cart is gone: merging again adds nothing.
      const again = await call('GET', '/cart', undefined, customer, { 'x-cart-token': token });
      expect(again.body.items.find((i: { sku: string }) => i.sku === skus[0]).quantity).toBe(3);
    });

    it('applies a 满减 threshold on the subtotal after item discounts and explains it', async () => {
      const { skus, categoryId } = await stockedProduct(platform, [{ price: 10_000, stock: 50 }]);
      await promote({
        name: '品类九折',
        kind: 'PERCENT_OFF',
        target: { categoryIds: [categoryId] },
        rules: { percent: 10 },
      });
      await promote({
        name: '满 199 减 20, 满 399 减 50',
        kind: 'THRESHOLD_OFF',
        target: { skus },
        rules: {
          tiers: [
            { minSubtotal: money(19_900), off: money(2_000) },
            { minSubtotal: money(39_900), off: money(5_000) },
          ],
        },
      });
      const customer = aCustomer();
      await fill(customer, [{ sku: skus[0], quantity: 3 }]);
      const cart = (await call('GET', '/cart', undefined, customer)).body;
      // 30,000 − 10 % = 27,000, which reaches the 199 tier only: −2,000.
      expect(cart.subtotal).toEqual(money(30_000));
      expect(cart.discountTotal).toEqual(money(3_000 + 2_000));
      expect(cart.total).toEqual(money(25_000));
      expect(cart.appliedPromotions.map((p: { kind: string }) => p.kind)).toEqual([
        'PERCENT_OFF',
        'THRESHOLD_OFF',
      ]);
      expect(
        cart.appliedPromotions.every((p: { explanation: string }) => p.explanation.length > 0),
      ).toBe(true);
    });

    it('accepts a coupon only when it takes something off, and removes it again', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 8_000, stock: 50 }]);
      const code = `SAVE${randomUUID().slice(0, 6)}`;
      await promote({
        name: '券减 10 元',
        kind: 'AMOUNT_OFF',
        target: { skus },
        couponCode: code,
        rules: { amount: money(1_000) },
      });
      const customer = aCustomer();
      expect((await call('POST', '/cart/coupons', { code }, customer)).status).toBe(422);
      await fill(customer, [{ sku: skus[0], quantity: 2 }]);
      expect((await call('POST', '/cart/coupons', { code: 'NOPE' }, customer)).status).toBe(422);
      const applied = await call('POST', '/cart/coupons', { code }, customer);
      expect(applied.status).toBe(200);
      expect(applied.body).toMatchObject({
        couponCodes: [code],
        discountTotal: money(2_000),
        total: money(14_000),
      });
      const removed = await call('DELETE', `/cart/coupons/${code}`, undefined, customer);
      expect(removed.body).toMatchObject({ couponCodes: [], total: money(16_000) });
    });
  });

  describe('checkout', () => {
    it('quotes the cart with shipping, and places an order with exactly those totals', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 15_000, stock: 10 }]);
      const customer = aCustomer();
      await fill(customer, [{ sku: skus[0], quantity: 2 }]);
      const quote = await call('POST', '/checkout/quote', checkout, customer);
      expect(quote.status).toBe(200);
      expect(quote.body.shipping.amount).toBeGreaterThan(0);
      expect(quote.body.total).toEqual(
        money(30_000 - quote.body.discountTotal.amount + quote.body.shipping.amount),
      );

      const placed = await place(customer);
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({
        status: 'PENDING',
        number: expect.stringMatching(/^EM\d{8}-\d{6}$/),
        totals: {
          subtotal: quote.body.subtotal,
          discount: quote.body.discountTotal,
          shipping: quote.body.shipping,
          total: quote.body.total,
        },
        statusHistory: [{ status: 'PENDING', at: expect.any(String) }],
      });
      expect((await call('GET', '/cart', undefined, customer)).body.items).toEqual([]);
      const event = await readEvent(platform.kafka.brokers, 'order.placed', placed.body.id);
      expect(event).toMatchObject({ source: 'orders', correlationId: placed.body.id });
      expect(event.data).toMatchObject({
        orderId: placed.body.id,
        customerId: customer.userId,
        memberTier: 'REGULAR',
        lines: [{ sku: skus[0], quantity: 2, weightGrams: 500, unitPrice: money(15_000) }],
        deliveryOption: 'STANDARD',
        totals: { total: quote.body.total },
      });
    });

    it('replays the first answer to a repeated Idempotency-Key, and refuses the key with another body or none', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 1_000, stock: 10 }]);
      const customer = aCustomer();
      await fill(customer, [{ sku: skus[0], quantity: 1 }]);
      const key = randomUUID();
      const first = await place(customer, key);
      expect(first.status).toBe(201);
      const again = await place(customer, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await place(customer, key, { ...order, paymentMethod: 'ALIPAY_SANDBOX' });
      expect(other.status).toBe(409);
      expect(other.body.type).toBe('urn:emporium:problem:idempotency-key-reused');
      const none = await call('POST', '/orders', order, customer);
      expect(none.status).toBe(400);
      expect(none.body.type).toBe('urn:emporium:problem:idempotency-key-required');
      const orders = await platform.orders.app
        .get(DataSource)
        .query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customer.userId]);
      expect(orders[0].n).toBe(1);
    });

    it('refuses an empty cart with 422, bad input with 400, and a guest with 401', async () => {
      const customer = aCustomer();
      expect((await place(customer)).status).toBe(422);
      const bad = await place(aCustomer(), randomUUID(), {
        ...order,
        deliveryOption: 'TELEPORT',
        shippingAddress: { city: '上海市' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['deliveryOption', 'shippingAddress.name']),
      );
      expect(
        (await call('POST', '/orders', order, undefined, { 'idempotency-key': randomUUID() }))
          .status,
      ).toBe(401);
    });

    it('refuses a session id outside letters, digits, dashes and underscores with 400, placing nothing', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 1_000, stock: 10 }]);
      const customer = aCustomer();
      await fill(customer, [{ sku: skus[0], quantity: 1 }]);
      const bad = await place(customer, randomUUID(), {
        ...order,
        sessionId: '=HYPERLINK("https://evil.example","x")',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['sessionId']);
      const orders = await platform.orders.app
        .get(DataSource)
        .query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [customer.userId]);
      expect(orders[0].n).toBe(0);
      expect(
        (await place(customer, randomUUID(), { ...order, sessionId: `s_${randomUUID()}` })).status,
      ).toBe(201);
    });

    it('lets a customer see only their own orders; merchants see all', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 1_000, stock: 10 }]);
      const [alice, bob] = [aCustomer(), aCustomer()];
      await fill(alice, [{ sku: skus[0], quantity: 1 }]);
      const placed = (await place(alice)).body;
      expect((await call('GET', `/orders/${placed.id}`, undefined, alice)).status).toBe(200);
      expect((await call('GET', `/orders/${placed.id}`, undefined, bob)).status).toBe(404);
      expect((await call('GET', '/orders', undefined, bob)).body.items).toEqual([]);
      const mine = await call('GET', '/orders', undefined, alice);
      expect(mine.body).toMatchObject({ items: [{ id: placed.id }], nextCursor: null });
      const all = await call('GET', `/orders?customerId=${alice.userId}`, undefined, merchant);
      expect(all.body.items.map((o: { id: string }) => o.id)).toEqual([placed.id]);
    });
  });

  describe('limits under concurrency', () => {
    it('never uses a coupon more than its usage limit: 200 customers racing for 10 uses', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 5_000, stock: 1_000 }]);
      const code = `RACE${randomUUID().slice(0, 6)}`;
      const coupon = await promote({
        name: '限量券',
        kind: 'AMOUNT_OFF',
        target: { skus },
        couponCode: code,
        usageLimit: 10,
        rules: { amount: money(500) },
      });
      const customers = Array.from({ length: 200 }, () => aCustomer());
      for (const customer of customers) {
        await fill(customer, [{ sku: skus[0], quantity: 1 }]);
        expect((await call('POST', '/cart/coupons', { code }, customer)).status).toBe(200);
      }
      const results = await Promise.all(customers.map((c) => place(c)));
      const placed = results.filter((r) => r.status === 201);
      const withCoupon = placed.filter((r) =>
        r.body.appliedPromotions.some((p: { promotionId: string }) => p.promotionId === coupon.id),
      );
      expect(withCoupon).toHaveLength(10);
      expect(
        results.filter((r) => r.status !== 201).every((r) => [409, 422].includes(r.status)),
      ).toBe(true);
    });

    it('never sells more flash-sale units than the quota: 200 customers racing for 20 units', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 100_000, stock: 1_000 }]);
      const flash = await promote({
        name: '秒杀',
        kind: 'FLASH_SALE',
        target: { skus },
        rules: { sku: skus[0], price: money(9_900), quantity: 20, perCustomerLimit: 1 },
      });
      const customers = Array.from({ length: 200 }, () => aCustomer());
      for (const customer of customers) await fill(customer, [{ sku: skus[0], quantity: 1 }]);
      const results = await Promise.all(customers.map((c) => place(c)));
      const atFlashPrice = results.filter(
        (r) => r.status === 201 && r.body.lines[0].unitPrice.amount === 9_900,
      );
      expect(atFlashPrice).toHaveLength(20);
      // Everyone else was refused, or (priced after the sell-out) bought at the list price.
      const others = results.filter((r) => !atFlashPrice.includes(r));
      for (const r of others) {
        if (r.status === 201) expect(r.body.lines[0].unitPrice).toEqual(money(100_000));
        else expect(r.body.type).toBe('urn:emporium:problem:flash-sale-sold-out');
      }
      const [{ sold }] = await platform.orders.app
        .get(DataSource)
        .query('SELECT count(*)::int AS sold FROM order_lines WHERE flash_sale_promotion_id = $1', [
          flash.id,
        ]);
      expect(sold).toBe(20);
      // The cart now shows the list price: the sale is sold out.
      const late = aCustomer();
      await fill(late, [{ sku: skus[0], quantity: 1 }]);
      const cart = (await call('GET', '/cart', undefined, late)).body;
      expect(cart.items[0].unitPrice).toEqual(money(100_000));
    });

    it('refuses an order whose total is no longer the one the customer was shown (409 price-changed)', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 30_000, stock: 100 }]);
      await promote({
        name: '秒杀 3',
        kind: 'FLASH_SALE',
        target: { skus },
        rules: { sku: skus[0], price: money(3_000), quantity: 1, perCustomerLimit: 1 },
      });
      const [late, early] = [aCustomer(), aCustomer()];
      for (const customer of [late, early]) await fill(customer, [{ sku: skus[0], quantity: 1 }]);
      const shown = (await call('POST', '/checkout/quote', checkout, late)).body.total;
      expect((await place(early)).body.lines[0].unitPrice).toEqual(money(3_000));
      const refused = await place(late, randomUUID(), { ...order, expectedTotal: shown });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('urn:emporium:problem:price-changed');
      const requoted = (await call('POST', '/checkout/quote', checkout, late)).body.total;
      const placed = await place(late, randomUUID(), { ...order, expectedTotal: requoted });
      expect(placed.status).toBe(201);
      expect(placed.body.lines[0].unitPrice).toEqual(money(30_000));
    });

    it('gives flash-sale units back when an order is cancelled', async () => {
      const { skus } = await stockedProduct(platform, [{ price: 50_000, stock: 100 }]);
      await promote({
        name: '秒杀 2',
        kind: 'FLASH_SALE',
        target: { skus },
        rules: { sku: skus[0], price: money(1_000), quantity: 1, perCustomerLimit: 1 },
      });
      const first = aCustomer();
      await fill(first, [{ sku: skus[0], quantity: 1 }]);
      const placed = await place(first);
      expect(placed).toMatchObject({ status: 201, body: { lines: [{ unitPrice: money(1_000) }] } });
      const second = aCustomer();
      await fill(second, [{ sku: skus[0], quantity: 1 }]);
      expect((await call('GET', '/cart', undefined, second)).body.items[0].unitPrice).toEqual(
        money(50_000),
      );
      expect(
        (await call('POST', `/orders/${placed.body.id}/cancel`, undefined, first)).status,
      ).toBe(200);
      await eventually(
        async () =>
          (await call('GET', '/cart', undefined, second)).body.items[0].unitPrice.amount === 1_000,
        {
          what: 'the flash unit to be given back',
        },
      );
    });
  });
});
