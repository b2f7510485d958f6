import { randomUUID } from 'node:crypto';
import { eventually, uniqueSuffix } from '@emporium/testing';
import { money } from '@emporium/contracts';
import {
  aStaffMember,
  aStockedProduct,
  login,
  SHANGHAI_ADDRESS,
  runningPlatform,
} from './support/shop';

const ADMIN = { email: 'admin@flash.test', password: 'flash-admin-password' };

/*
 * A flash sale through the gateway with the services as built (dist/): the orders service runs its
 * gate script (flash-sale-gate.lua, copied by the build) on Redis and records sales in Postgres.
 */
describe('a flash sale through the gateway, every service a process', () => {
  const shop = runningPlatform(['gateway', 'catalog', 'orders', 'logistics'], {
    EMPORIUM_ADMIN_EMAIL: ADMIN.email,
    EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
  });
  const { call } = shop;

  const aCustomer = async () => {
    const registered = await call('POST', '/auth/register', {
      email: `shopper-${uniqueSuffix()}@flash.test`,
      password: 'shopper-password-1',
      name: '买家',
    });
    expect(registered.status).toBe(201);
    return registered.body.accessToken as string;
  };
  const place = (token: string) =>
    call(
      'POST',
      '/orders',
      {
        shippingAddress: SHANGHAI_ADDRESS,
        deliveryOption: 'EXPRESS',
        paymentMethod: 'WECHAT_SANDBOX',
      },
      token,
      { 'idempotency-key': randomUUID() },
    );

  it('sells no more than the quantity at the flash price to racing customers, and a cancellation gives a unit back', async () => {
    const admin = await login(call, ADMIN.email, ADMIN.password);
    const merchant = await aStaffMember(call, admin);
    const { sku } = await aStockedProduct(call, merchant, { price: money(15_000), onHand: 50 });
    const now = Date.now();
    const sale = await call(
      'POST',
      '/promotions',
      {
        name: '秒杀',
        kind: 'FLASH_SALE',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        target: { skus: [sku] },
        stackable: false,
        rules: { sku, price: money(9_900), quantity: 3, perCustomerLimit: 1 },
      },
      merchant,
    );
    expect(sale.status).toBe(201);

    // Eight customers each see the flash price for their one unit, then race for three.
    const customers: string[] = [];
    for (let i = 0; i < 8; i++) customers.push(await aCustomer());
    for (const customer of customers) {
      expect((await call('POST', '/cart/items', { sku, quantity: 1 }, customer)).status).toBe(200);
      expect((await call('GET', '/cart', undefined, customer)).body.items[0].unitPrice).toEqual(
        money(9_900),
      );
    }
    const results = await Promise.all(customers.map((c) => place(c)));
    const atFlashPrice = results.filter(
      (r) => r.status === 201 && r.body.lines[0].unitPrice.amount === 9_900,
    );
    expect(atFlashPrice).toHaveLength(3);
    for (const r of results.filter((x) => !atFlashPrice.includes(x))) {
      if (r.status === 201) expect(r.body.lines[0].unitPrice).toEqual(money(15_000));
      else
        expect({ status: r.status, type: r.body.type }).toEqual({
          status: 409,
          type: 'urn:emporium:problem:flash-sale-sold-out',
        });
    }

    // Sold out: a newcomer's cart shows the list price, until a flash order is cancelled.
    const newcomer = await aCustomer();
    expect((await call('POST', '/cart/items', { sku, quantity: 1 }, newcomer)).status).toBe(200);
    expect((await call('GET', '/cart', undefined, newcomer)).body.items[0].unitPrice).toEqual(
      money(15_000),
    );
    const winner = customers[results.indexOf(atFlashPrice[0])];
    expect(
      (await call('POST', `/orders/${atFlashPrice[0].body.id}/cancel`, undefined, winner)).status,
    ).toBe(200);
    await eventually(
      async () =>
        (await call('GET', '/cart', undefined, newcomer)).body.items[0].unitPrice.amount === 9_900,
      {
        what: 'the cancelled order’s flash unit to be given back',
      },
    );
    const late = await place(newcomer);
    expect(late.status).toBe(201);
    expect(late.body.lines[0].unitPrice).toEqual(money(9_900));
  });
});
