import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { PromotionV1 } from '@emporium/contracts';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { transaction } from '@emporium/platform-persistence';
import { REDIS } from '@emporium/platform-redis';
import {
  bootService,
  readEvent,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { PromotionQuotas, type FlashRequest } from '../src/application/promotion-quotas.service';
import { PromotionsService } from '../src/application/promotions.service';
import { loadOrdersConfig, type OrdersConfig } from '../src/config';
import { CreatePromotions1764400001000 } from '../src/persistence/migrations/1764400001000-create-promotions';
import { AdvertisePromotions1796665891340 } from '../src/persistence/migrations/1796665891340-advertise-promotions';
import { PROMOTION_ENTITIES, PromotionsModule } from '../src/promotions.module';

// The orders service reduced to the platform and the promotions module.
const definition = (config: OrdersConfig): ServiceDefinition => ({
  name: 'orders',
  config,
  entities: PROMOTION_ENTITIES,
  migrations: [CreatePromotions1764400001000, AdvertisePromotions1796665891340],
});

@Module({})
class PromotionsTestApp {}

const promotionsEntry: ServiceEntry<OrdersConfig> = {
  loadConfig: loadOrdersConfig,
  definition,
  appModule: (config) => ({
    module: PromotionsTestApp,
    imports: [ServicePlatformModule.forService(definition(config)), PromotionsModule],
  }),
  port: (config) => config.ORDERS_PORT,
};

type Body = PromotionV1 & {
  items: PromotionV1[];
  nextCursor: string | null;
  type: string;
  errors?: { field: string; message: string }[];
};

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const aPromotion = (overrides: Record<string, unknown> = {}) => ({
  name: '满199减20',
  kind: 'THRESHOLD_OFF',
  startsAt: hoursFromNow(-1),
  endsAt: hoursFromNow(24),
  target: { all: true },
  stackable: true,
  rules: {
    tiers: [
      { minSubtotal: cny(19_900), off: cny(2_000) },
      { minSubtotal: cny(39_900), off: cny(5_000) },
    ],
  },
  ...overrides,
});

const aFlashSale = (
  quantity: number,
  perCustomerLimit: number,
  sku = `FLASH-${randomUUID().slice(0, 8)}`,
) =>
  aPromotion({
    name: '秒杀',
    kind: 'FLASH_SALE',
    target: {},
    stackable: false,
    rules: { sku, price: cny(9_900), quantity, perCustomerLimit },
  });

describe('orders: promotions, coupons and flash-sale quotas', () => {
  let kafka: TestKafka;
  let service: TestService<OrdersConfig>;
  let merchant: Record<string, string>;
  let customer: Record<string, string>;
  let promotions: PromotionsService;
  let quotas: PromotionQuotas;
  let db: DataSource;
  let redis: Redis;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = merchant,
  ) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body };
  };

  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await call('POST', '/promotions', aPromotion(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };

  const createFlash = async (quantity: number, perCustomerLimit: number) => {
    const res = await call('POST', '/promotions', aFlashSale(quantity, perCustomerLimit));
    expect(res.status).toBe(201);
    if (res.body.kind !== 'FLASH_SALE') throw new Error('expected a flash sale');
    return { id: res.body.id, sku: res.body.rules.sku };
  };

  const flashSold = async (id: string) =>
    (
      (await db.query('SELECT flash_sold FROM promotions WHERE id = $1', [id])) as {
        flash_sold: number;
      }[]
    )[0].flash_sold;

  /** One checkout: grant, then commit in the order's own transaction; gives the grant back on failure. */
  const checkout = async (
    customerId: string,
    request: Omit<FlashRequest, 'quantity'>,
    quantity: number,
  ) => {
    const grant = await quotas.grantFlash(customerId, [{ ...request, quantity }]);
    const units = grant.granted[request.sku] ?? 0;
    if (units === 0) return { orderId: undefined, units: 0 };
    const orderId = randomUUID();
    try {
      await transaction(db, (tx) =>
        quotas.commit(tx, {
          orderId,
          customerId,
          flash: [{ ...request, quantity: units }],
          couponPromotionIds: [],
        }),
      );
      return { orderId, units };
    } catch (error) {
      await grant.release();
      return { orderId: undefined, units: 0, error: error as Error & { code?: string } };
    }
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    // 200 concurrent transactions queue for 10 pooled connections and one hot row lock.
    service = await bootService(promotionsEntry, {
      kafka,
      name: 'orders_promotions',
      env: { DB_POOL_TIMEOUT_MS: '60000' },
    });
    const sign = (roles: ('merchant' | 'customer')[]) =>
      signInternalIdentity({ userId: randomUUID(), roles }, service.config.INTERNAL_AUTH_SECRET);
    merchant = { [INTERNAL_IDENTITY_HEADER]: await sign(['merchant']) };
    customer = { [INTERNAL_IDENTITY_HEADER]: await sign(['customer']) };
    promotions = service.app.get(PromotionsService);
    quotas = service.app.get(PromotionQuotas);
    db = service.app.get(DataSource);
    redis = service.app.get(REDIS);
  });

  afterAll(async () => {
    await service?.stop();
    await kafka?.stop();
  });

  describe('administration', () => {
    it('creates a promotion in API form and announces it with promotion.created', async () => {
      const res = await call('POST', '/promotions', aPromotion({ memberTiers: ['GOLD'] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: '满199减20',
        kind: 'THRESHOLD_OFF',
        status: 'ACTIVE',
        target: { all: true },
        memberTiers: ['GOLD'],
        couponCode: null,
        stackable: true,
        rules: {
          tiers: [
            { minSubtotal: cny(19_900), off: cny(2_000) },
            { minSubtotal: cny(39_900), off: cny(5_000) },
          ],
        },
        version: 1,
      });
      const event = await readEvent(kafka.brokers, 'promotion.created', res.body.id);
      expect(event.data).toEqual(res.body);
      // Stored in the engine's form: plain fen.
      const [row] = (await db.query('SELECT rules FROM promotions WHERE id = $1', [
        res.body.id,
      ])) as { rules: unknown }[];
      expect(row.rules).toEqual({
        tiers: [
          { minSubtotal: 19_900, off: 2_000 },
          { minSubtotal: 39_900, off: 5_000 },
        ],
      });
    });

    it('answers 400 naming every malformed field, the kind-specific rules included', async () => {
      const bad = await call('POST', '/promotions', {
        name: '',
        kind: 'BOGO',
        startsAt: 'soon',
        target: { skus: 'A' },
        stackable: 'yes',
        rules: {},
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors!.map((e) => e.field)).toEqual(
        expect.arrayContaining(['name', 'kind', 'startsAt', 'endsAt', 'target.skus', 'stackable']),
      );
      const rules = await call(
        'POST',
        '/promotions',
        aPromotion({
          rules: { tiers: [{ minSubtotal: cny(19_900), off: { amount: -1, currency: 'CNY' } }] },
        }),
      );
      expect(rules.status).toBe(400);
      expect(rules.body.errors!.map((e) => e.field)).toEqual(['rules.tiers[0].off.amount']);
      const percent = await call(
        'POST',
        '/promotions',
        aPromotion({ kind: 'PERCENT_OFF', rules: { percent: 120 } }),
      );
      expect(percent.body.errors!.map((e) => e.field)).toEqual(['rules.percent']);
      const unknown = await call('POST', '/promotions', { ...aPromotion(), discount: 5 });
      expect(unknown.status).toBe(400);
    });

    it('answers 422 for well-formed promotions a business rule refuses', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [
          {
            rules: {
              tiers: [
                { minSubtotal: cny(39_900), off: cny(5_000) },
                { minSubtotal: cny(19_900), off: cny(2_000) },
              ],
            },
          },
          'threshold-tiers-not-ascending',
        ],
        [
          { rules: { tiers: [{ minSubtotal: cny(1_000), off: cny(1_500) }] } },
          'threshold-off-not-below-minimum',
        ],
        [
          { kind: 'AMOUNT_OFF', rules: { amount: { amount: 500, currency: 'USD' } } },
          'unsupported-currency',
        ],
        [{ startsAt: hoursFromNow(2), endsAt: hoursFromNow(1) }, 'promotion-window-invalid'],
        [{ target: {} }, 'promotion-target-empty'],
        [{ usageLimit: 5 }, 'coupon-limits-without-code'],
      ];
      for (const [overrides, code] of cases) {
        const res = await call('POST', '/promotions', aPromotion(overrides));
        expect({ status: res.status, type: res.body.type }).toEqual({
          status: 422,
          type: `urn:emporium:problem:${code}`,
        });
      }
    });

    it('lets only merchants write, and anyone read what is on offer', async () => {
      expect((await call('POST', '/promotions', aPromotion(), {})).status).toBe(401);
      expect((await call('POST', '/promotions', aPromotion(), customer)).status).toBe(403);
      const p = await create();
      expect((await call('PATCH', `/promotions/${p.id}`, { name: 'x' }, customer)).status).toBe(
        403,
      );
      expect((await call('DELETE', `/promotions/${p.id}`, undefined, customer)).status).toBe(403);
      expect((await call('GET', `/promotions/${p.id}`, undefined, {})).status).toBe(200);
      expect((await call('GET', '/promotions?status=all', undefined, customer)).status).toBe(403);
    });

    it('answers 404 for a promotion that does not exist', async () => {
      expect((await call('GET', `/promotions/${randomUUID()}`)).status).toBe(404);
      expect((await call('PATCH', `/promotions/${randomUUID()}`, { name: 'x' })).status).toBe(404);
      expect((await call('DELETE', `/promotions/${randomUUID()}`)).status).toBe(404);
    });

    it('updates a promotion, bumps its version and announces promotion.updated', async () => {
      const p = await create();
      const res = await call('PATCH', `/promotions/${p.id}`, {
        name: '满300减30',
        rules: { tiers: [{ minSubtotal: cny(30_000), off: cny(3_000) }] },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: p.id,
        name: '满300减30',
        version: 2,
        rules: { tiers: [{ minSubtotal: cny(30_000), off: cny(3_000) }] },
      });
      const event = await readEvent(kafka.brokers, 'promotion.updated', p.id);
      expect(event.data).toMatchObject({ name: '满300减30', version: 2 });
      const kindOnly = await call('PATCH', `/promotions/${p.id}`, { kind: 'PERCENT_OFF' });
      expect(kindOnly.status).toBe(400);
      const bad = await call('PATCH', `/promotions/${p.id}`, { endsAt: hoursFromNow(-2) });
      expect(bad.status).toBe(422);
    });

    it('refuses null for a promotion field that cannot be cleared, and still clears the coupon code with null', async () => {
      const p = await create();
      const refused = await call('PATCH', `/promotions/${p.id}`, {
        name: null,
        startsAt: null,
        rules: null,
        stackable: null,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['name', 'startsAt', 'rules', 'stackable']),
      );
      expect((await call('GET', `/promotions/${p.id}`)).body).toMatchObject({
        name: p.name,
        version: p.version,
      });
      const cleared = await call('PATCH', `/promotions/${p.id}`, { couponCode: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.couponCode ?? null).toBeNull();
    });

    it('ends a promotion with 204: shoppers no longer see it, promotion.ended is announced', async () => {
      const p = await create();
      expect((await call('DELETE', `/promotions/${p.id}`)).status).toBe(204);
      expect((await call('GET', `/promotions/${p.id}`, undefined, {})).status).toBe(404);
      expect((await call('GET', `/promotions/${p.id}`)).body.status).toBe('ENDED');
      const event = await readEvent(kafka.brokers, 'promotion.ended', p.id);
      expect(event.data).toMatchObject({ id: p.id, status: 'ENDED' });
      expect((await call('PATCH', `/promotions/${p.id}`, { name: 'again' })).status).toBe(409);
      expect((await call('DELETE', `/promotions/${p.id}`)).status).toBe(204);
      expect((await promotions.active()).some((a) => a.id === p.id)).toBe(false);
    });

    it('keeps coupon codes unique among live promotions, case-sensitively', async () => {
      const code = `SAVE${randomUUID().slice(0, 6).toUpperCase()}`;
      const first = await create({ couponCode: code });
      expect((await call('POST', '/promotions', aPromotion({ couponCode: code }))).status).toBe(
        409,
      );
      expect(
        (await call('POST', '/promotions', aPromotion({ couponCode: code.toLowerCase() }))).status,
      ).toBe(201);
      expect((await call('DELETE', `/promotions/${first.id}`)).status).toBe(204);
      expect((await call('POST', '/promotions', aPromotion({ couponCode: code }))).status).toBe(
        201,
      );
    });

    it('lists only promotions on offer to the public, everything to merchants, a page at a time', async () => {
      const future = await create({
        name: 'later',
        startsAt: hoursFromNow(5),
        endsAt: hoursFromNow(6),
      });
      const ended = await create({ name: 'over' });
      await call('DELETE', `/promotions/${ended.id}`);
      const live = await create({ name: 'now' });

      const ids = async (query: string, headers: Record<string, string>) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { status: number; body: Body } = await call(
            'GET',
            `/promotions?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`,
            undefined,
            headers,
          );
          expect(res.status).toBe(200);
          expect(res.body.items.length).toBeLessThanOrEqual(2);
          seen.push(...res.body.items.map((i) => i.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        return seen;
      };
      const publicIds = await ids('', {});
      expect(publicIds).toContain(live.id);
      expect(publicIds).not.toContain(future.id);
      expect(publicIds).not.toContain(ended.id);
      expect(new Set(publicIds).size).toBe(publicIds.length);
      const all = await ids('&status=all', merchant);
      expect(all).toEqual(expect.arrayContaining([live.id, future.id, ended.id]));
      expect(all.indexOf(live.id)).toBeLessThan(all.indexOf(future.id)); // newest first
      expect(await ids('&status=ended', merchant)).toContain(ended.id);
      expect((await call('GET', '/promotions?cursor=nonsense', undefined, {})).status).toBe(400);
    });
  });

  describe('coupon codes', () => {
    const as = async (role: 'customer' | 'merchant' | 'agent' | 'admin') => ({
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: [role] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    });
    const aCode = () => `VIP${randomUUID().slice(0, 8)}`;
    /** Every promotion on offer as `headers` sees it, all pages. */
    const onOffer = async (headers: Record<string, string>) => {
      const items: PromotionV1[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: Body } = await call(
          'GET',
          `/promotions?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          headers,
        );
        expect(res.status).toBe(200);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return items;
    };

    it('hides the code of a coupon that is not advertised from shoppers and anonymous callers', async () => {
      const code = aCode();
      const p = await create({ couponCode: code, usageLimit: 100 });
      expect(p).toMatchObject({ couponCode: code, advertised: false, couponRequired: true });
      for (const headers of [{}, customer]) {
        const listed = (await onOffer(headers)).find((i) => i.id === p.id);
        expect(listed).toMatchObject({ couponCode: null, couponRequired: true, advertised: false });
        const one = await call('GET', `/promotions/${p.id}`, undefined, headers);
        expect(one.status).toBe(200);
        expect(one.body).toMatchObject({ couponCode: null, couponRequired: true });
        expect(JSON.stringify([listed, one.body])).not.toContain(code);
      }
    });

    it('shows coupon codes to merchants, admins and agents', async () => {
      const code = aCode();
      const p = await create({ couponCode: code });
      for (const role of ['merchant', 'admin', 'agent'] as const) {
        const headers = await as(role);
        expect((await onOffer(headers)).find((i) => i.id === p.id)?.couponCode).toBe(code);
        expect((await call('GET', `/promotions/${p.id}`, undefined, headers)).body.couponCode).toBe(
          code,
        );
      }
    });

    it('shows an advertised coupon’s code to everyone, and hides it again when no longer advertised', async () => {
      const code = aCode();
      const p = await create({ couponCode: code, advertised: true });
      expect((await call('GET', `/promotions/${p.id}`, undefined, {})).body).toMatchObject({
        couponCode: code,
        advertised: true,
      });
      expect((await onOffer({})).find((i) => i.id === p.id)?.couponCode).toBe(code);
      const patched = await call('PATCH', `/promotions/${p.id}`, { advertised: false });
      expect(patched.status).toBe(200);
      expect(patched.body.advertised).toBe(false);
      expect((await call('GET', `/promotions/${p.id}`, undefined, {})).body.couponCode).toBeNull();
      const bad = await call('PATCH', `/promotions/${p.id}`, { advertised: null });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.field)).toEqual(['advertised']);
    });

    it('keeps the code in promotion.* events, which only internal consumers and integrators read', async () => {
      const code = aCode();
      const p = await create({ couponCode: code });
      const event = await readEvent(kafka.brokers, 'promotion.created', p.id);
      expect(event.data).toMatchObject({
        couponCode: code,
        advertised: false,
        couponRequired: true,
      });
    });
  });

  describe('the active set for pricing', () => {
    it('gives the engine its own form, and sees this process’s writes at once', async () => {
      const before = await promotions.active();
      const p = await create({
        kind: 'AMOUNT_OFF',
        target: { skus: ['A-1'] },
        rules: { amount: cny(500) },
        memberTiers: ['SILVER'],
      });
      const after = await promotions.active();
      expect(after.length).toBe(before.length + 1);
      const mine = after.find((a) => a.id === p.id)!;
      expect(mine).toMatchObject({
        kind: 'AMOUNT_OFF',
        rules: { amount: 500 },
        target: { skus: ['A-1'] },
        memberTiers: ['SILVER'],
        stackable: true,
      });
      expect(mine.startsAt).toBeInstanceOf(Date);
      expect(mine.couponCode).toBeUndefined();
      // Not yet started at that moment, over after its end.
      expect(
        (await promotions.active(new Date(Date.now() - 2 * 3_600_000))).some((a) => a.id === p.id),
      ).toBe(false);
      expect(
        (await promotions.active(new Date(Date.now() + 48 * 3_600_000))).some((a) => a.id === p.id),
      ).toBe(false);
    });

    it('finds the active promotion of a coupon code, exactly as spelt', async () => {
      const code = `FIND${randomUUID().slice(0, 6).toUpperCase()}`;
      const p = await create({ couponCode: code });
      expect((await promotions.findByCoupon(code))?.id).toBe(p.id);
      expect(await promotions.findByCoupon(code.toLowerCase())).toBeUndefined();
      expect(await promotions.findByCoupon('NO-SUCH-CODE')).toBeUndefined();
    });
  });

  describe('coupon limits', () => {
    it('lets exactly usageLimit of 200 concurrent orders redeem a coupon', async () => {
      const p = await create({
        couponCode: `LIMIT${randomUUID().slice(0, 6).toUpperCase()}`,
        usageLimit: 50,
      });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, () =>
          transaction(db, (tx) =>
            quotas.commit(tx, {
              orderId: randomUUID(),
              customerId: randomUUID(),
              flash: [],
              couponPromotionIds: [p.id],
            }),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(50);
      const codes = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [(o.reason as { code?: string }).code] : [],
      );
      expect(new Set(codes)).toEqual(new Set(['coupon-usage-limit-reached']));
      const [{ count }] = (await db.query(
        'SELECT count(*)::int AS count FROM coupon_redemptions WHERE promotion_id = $1',
        [p.id],
      )) as { count: number }[];
      expect(count).toBe(50);
      expect(await quotas.couponUsable({ id: p.id }, randomUUID())).toBe(false);
    });

    it('holds perCustomerLimit when one customer places orders concurrently, and a cancellation gives the use back', async () => {
      const p = await create({
        couponCode: `ONCE${randomUUID().slice(0, 6).toUpperCase()}`,
        usageLimit: 1_000,
        perCustomerLimit: 2,
      });
      const customerId = randomUUID();
      const orderIds = Array.from({ length: 20 }, () => randomUUID());
      const outcomes = await Promise.allSettled(
        orderIds.map((orderId) =>
          transaction(db, (tx) =>
            quotas.commit(tx, { orderId, customerId, flash: [], couponPromotionIds: [p.id] }),
          ),
        ),
      );
      const placed = orderIds.filter((_, i) => outcomes[i].status === 'fulfilled');
      expect(placed).toHaveLength(2);
      expect(
        outcomes.some(
          (o) =>
            o.status === 'rejected' &&
            (o.reason as { code?: string }).code === 'coupon-customer-limit-reached',
        ),
      ).toBe(true);
      expect(await quotas.couponUsable({ id: p.id }, customerId)).toBe(false);
      expect(await quotas.couponUsable({ id: p.id }, randomUUID())).toBe(true);

      await transaction(db, (tx) => quotas.release(tx, placed[0]));
      await transaction(db, (tx) => quotas.release(tx, placed[0]));
      expect(await quotas.couponUsable({ id: p.id }, customerId)).toBe(true);
      await transaction(db, (tx) =>
        quotas.commit(tx, {
          orderId: randomUUID(),
          customerId,
          flash: [],
          couponPromotionIds: [p.id],
        }),
      );
      expect(await quotas.couponUsable({ id: p.id }, customerId)).toBe(false);
    });

    it('refuses a coupon of an ended promotion', async () => {
      const p = await create({ couponCode: `GONE${randomUUID().slice(0, 6).toUpperCase()}` });
      await call('DELETE', `/promotions/${p.id}`);
      expect(await quotas.couponRefusal({ id: p.id }, randomUUID())).toBe('coupon-not-active');
      await expect(
        transaction(db, (tx) =>
          quotas.commit(tx, {
            orderId: randomUUID(),
            customerId: randomUUID(),
            flash: [],
            couponPromotionIds: [p.id],
          }),
        ),
      ).rejects.toMatchObject({ code: 'coupon-not-active' });
    });
  });

  describe('flash sales', () => {
    it('never sells more than the quantity to 200 concurrent customers, each within their limit', async () => {
      const sale = await createFlash(50, 2);
      // A shopper could get their own limit while the quota lasts.
      expect(await quotas.flashRemaining(sale.id)).toBe(2);
      const customers = Array.from({ length: 200 }, () => randomUUID());
      const results = await Promise.all(
        customers.map((c) => checkout(c, { promotionId: sale.id, sku: sale.sku }, 3)),
      );
      expect(results.every((r) => r.units <= 2)).toBe(true);
      expect(results.reduce((sum, r) => sum + r.units, 0)).toBe(50);
      expect(await flashSold(sale.id)).toBe(50);
      expect(await quotas.flashRemaining(sale.id, randomUUID())).toBe(0);
      const rows = (await db.query(
        'SELECT customer_id, sum(quantity)::int AS units FROM flash_sale_purchases WHERE promotion_id = $1 GROUP BY customer_id',
        [sale.id],
      )) as { units: number }[];
      expect(Math.max(...rows.map((r) => r.units))).toBeLessThanOrEqual(2);
    });

    it('holds the per-customer limit across one customer’s concurrent checkouts', async () => {
      const sale = await createFlash(100, 2);
      const customerId = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          checkout(customerId, { promotionId: sale.id, sku: sale.sku }, 1),
        ),
      );
      expect(results.reduce((sum, r) => sum + r.units, 0)).toBe(2);
      expect(await quotas.flashRemaining(sale.id, customerId)).toBe(0);
      expect(await quotas.flashRemaining(sale.id, randomUUID())).toBe(2);
      expect(await redis.get(`orders:flash:{${sale.id}}:sold`)).toBe('2');
    });

    it('grants nothing for a request that does not match an active flash sale', async () => {
      const sale = await createFlash(10, 1);
      expect(
        (
          await quotas.grantFlash(randomUUID(), [
            { promotionId: sale.id, sku: 'OTHER', quantity: 1 },
          ])
        ).granted,
      ).toEqual({});
      expect(
        (
          await quotas.grantFlash(randomUUID(), [
            { promotionId: randomUUID(), sku: sale.sku, quantity: 1 },
          ])
        ).granted,
      ).toEqual({});
    });

    it('takes units back when placing the order fails (grant.release), once', async () => {
      const sale = await createFlash(5, 5);
      const customerId = randomUUID();
      const grant = await quotas.grantFlash(customerId, [
        { promotionId: sale.id, sku: sale.sku, quantity: 4 },
      ]);
      expect(grant.granted).toEqual({ [sale.sku]: 4 });
      expect(await quotas.flashRemaining(sale.id)).toBe(1);
      await grant.release();
      await grant.release();
      expect(await quotas.flashRemaining(sale.id)).toBe(5);
      expect(await quotas.flashRemaining(sale.id, customerId)).toBe(5);
    });

    it('gives a cancelled order’s units back, in Postgres and Redis, and only once', async () => {
      const sale = await createFlash(3, 3);
      const customerId = randomUUID();
      const bought = await checkout(customerId, { promotionId: sale.id, sku: sale.sku }, 3);
      expect(bought.units).toBe(3);
      expect(await quotas.flashRemaining(sale.id)).toBe(0);
      await transaction(db, (tx) => quotas.release(tx, bought.orderId!));
      await transaction(db, (tx) => quotas.release(tx, bought.orderId!));
      expect(await flashSold(sale.id)).toBe(0);
      expect(await quotas.flashRemaining(sale.id)).toBe(3);
      expect(await quotas.flashRemaining(sale.id, customerId)).toBe(3);
      expect((await checkout(randomUUID(), { promotionId: sale.id, sku: sale.sku }, 3)).units).toBe(
        3,
      );
    });

    it('re-seeds wiped Redis counters from Postgres and still never oversells', async () => {
      const sale = await createFlash(40, 1);
      const buyer = randomUUID();
      const first = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          checkout(i === 0 ? buyer : randomUUID(), { promotionId: sale.id, sku: sale.sku }, 1),
        ),
      );
      expect(first.every((r) => r.units === 1)).toBe(true);

      const wipe = async () => {
        const keys = await redis.keys(`orders:flash:{${sale.id}}:*`);
        if (keys.length > 0) await redis.del(...keys);
      };
      await wipe();
      expect(await quotas.flashRemaining(sale.id, buyer)).toBe(0);
      expect(await quotas.flashRemaining(sale.id, randomUUID())).toBe(1);
      expect(await redis.get(`orders:flash:{${sale.id}}:sold`)).toBe('10');
      expect(await redis.get(`orders:flash:{${sale.id}}:customer:${buyer}`)).toBe('1');
      expect(
        (await quotas.grantFlash(buyer, [{ promotionId: sale.id, sku: sale.sku, quantity: 1 }]))
          .granted,
      ).toEqual({});

      // Wiped again while 100 more customers race for the last 30 units.
      const racing = Promise.all(
        Array.from({ length: 100 }, () =>
          checkout(randomUUID(), { promotionId: sale.id, sku: sale.sku }, 1),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      await wipe();
      const rest = await racing;
      const sold = await flashSold(sale.id);
      expect(sold).toBeLessThanOrEqual(40);
      expect(10 + rest.reduce((sum, r) => sum + r.units, 0)).toBe(sold);
      const [{ units }] = (await db.query(
        'SELECT coalesce(sum(quantity), 0)::int AS units FROM flash_sale_purchases WHERE promotion_id = $1 AND released_at IS NULL',
        [sale.id],
      )) as { units: number }[];
      expect(units).toBe(sold);
    });

    it('lets Postgres refuse what stale Redis counters would grant', async () => {
      const sale = await createFlash(2, 5);
      expect((await checkout(randomUUID(), { promotionId: sale.id, sku: sale.sku }, 2)).units).toBe(
        2,
      );
      // Counters that know nothing of those sales, as after a restart that lost them mid-checkout.
      await redis.set(`orders:flash:{${sale.id}}:sold`, 0);
      const late = await checkout(randomUUID(), { promotionId: sale.id, sku: sale.sku }, 1);
      expect(late.units).toBe(0);
      expect(late.error?.code).toBe('flash-sale-sold-out');
      expect(await flashSold(sale.id)).toBe(2);
    });
  });
});
