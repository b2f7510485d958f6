import type { BehaviorEventV1, EventEnvelope, EventType, OrderLineV1 } from '@emporium/contracts';
import { anEnvelope } from '@emporium/testing';

// A small, fully hand-counted shop history over 2026-11-10 … 2026-11-12 (Asia/Shanghai), used by the
// integration and browser tests. The expected numbers are worked out in analytics.int-spec.ts.

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const at = (occurredAt: string) => ({ occurredAt });

/** Ids of the scripted world, unique per run so suites never collide. */
export function scriptedIds(suffix: string) {
  return {
    p1: `p1-${suffix}`,
    p2: `p2-${suffix}`,
    p3: `p3-${suffix}`,
    c1: `c1-${suffix}`,
    c2: `c2-${suffix}`,
    c3: `c3-${suffix}`,
    o1: `o1-${suffix}`,
    o2: `o2-${suffix}`,
    o3: `o3-${suffix}`,
    o4: `o4-${suffix}`,
    bad: `o5-${suffix}`,
    s1: `s1-${suffix}`,
    s2: `s2-${suffix}`,
    s3: `s3-${suffix}`,
    s4: `s4-${suffix}`,
    s5: `s5-${suffix}`,
  };
}

function line(
  sku: string,
  productId: string,
  name: string,
  quantity: number,
  unit: number,
): OrderLineV1 {
  return {
    sku,
    productId,
    name,
    quantity,
    unitPrice: cny(unit),
    discount: cny(0),
    lineTotal: cny(unit * quantity),
  };
}

const address = (province: string, city: string) => ({
  name: '张三',
  phone: '13800138000',
  province,
  city,
  line1: '人民路 1 号',
});

function product(
  productId: string,
  name: string,
  categoryId: string,
  sku: string,
  price: number,
  occurredAt: string,
) {
  return anEnvelope(
    'product.created',
    productId,
    {
      productId,
      name,
      slug: productId,
      categoryId,
      status: 'ACTIVE',
      shippable: true,
      variants: [
        { sku, name, price: cny(price), weightGrams: 500, dimensionsMm: null, attributes: {} },
      ],
    },
    at(occurredAt),
  );
}

function placed(
  orderId: string,
  customerId: string,
  lines: OrderLineV1[],
  shipping: number,
  province: string,
  city: string,
  occurredAt: string,
  sessionId?: string,
) {
  const subtotal = lines.reduce((s, l) => s + l.lineTotal.amount, 0);
  return anEnvelope(
    'order.placed',
    orderId,
    {
      orderId,
      number: `EM-${orderId}`,
      customerId,
      memberTier: 'REGULAR',
      lines: lines.map((l) => ({ ...l, weightGrams: 500 })),
      shippingAddress: address(province, city),
      deliveryOption: 'STANDARD',
      totals: {
        subtotal: cny(subtotal),
        discount: cny(0),
        shipping: cny(shipping),
        total: cny(subtotal + shipping),
      },
      paymentMethod: 'ALIPAY_SANDBOX',
      ...(sessionId ? { sessionId } : {}),
    },
    at(occurredAt),
  );
}

function paid(
  orderId: string,
  customerId: string,
  lines: OrderLineV1[],
  total: number,
  paidAt: string,
) {
  return anEnvelope(
    'order.paid',
    orderId,
    { orderId, customerId, lines, total: cny(total), paidAt },
    at(paidAt),
  );
}

function behavior(
  sessionId: string,
  events: Omit<BehaviorEventV1, 'sessionId'>[],
  customerId?: string,
): EventEnvelope {
  return anEnvelope(
    'behavior.recorded',
    sessionId,
    {
      sessionId,
      ...(customerId ? { customerId } : {}),
      receivedAt: events[0].at,
      events: events.map((e) => ({ sessionId, ...e })),
    },
    at(events[0].at),
  );
}

/** The scripted history: products, sessions, orders (one paid before placed), a refund and noise. */
export function scriptedHistory(suffix: string) {
  const id = scriptedIds(suffix);
  const l1 = [
    line('P1-A', id.p1, '华为智能手机 Mate', 1, 399_900),
    line('P2-A', id.p2, '手机壳 Phone case', 2, 5_000),
  ];
  const l2 = [line('P1-A', id.p1, '华为智能手机 Mate', 1, 399_900)];
  const l3 = [line('P3-A', id.p3, '龙井茶 Tea', 3, 10_000)];
  const l4 = [line('P2-A', id.p2, '手机壳 Phone case', 1, 5_000)];
  const weibo = { source: 'weibo', medium: 'social', campaign: 'spring' };
  const douyin = { source: 'douyin', medium: 'video', campaign: 'live' };
  const s2Events: Omit<BehaviorEventV1, 'sessionId'>[] = [
    { type: 'PAGE_VIEW', at: '2026-11-10T01:10:00.000Z', utm: douyin },
    { type: 'PRODUCT_VIEW', productId: id.p2, sku: 'P2-A', at: '2026-11-10T01:11:00.000Z' },
  ];
  const o1Paid = paid(id.o1, id.c1, l1, 410_900, '2026-11-10T02:00:00.000Z');
  const events: EventEnvelope[] = [
    product(id.p1, '华为智能手机 Mate', 'cat-phones', 'P1-A', 399_900, '2026-11-01T00:00:00.000Z'),
    product(id.p2, '手机壳 Phone case', 'cat-phones', 'P2-A', 5_000, '2026-11-01T00:00:00.000Z'),
    anEnvelope('customer.registered', id.c1, {
      customerId: id.c1,
      email: 'c1@example.com',
      name: '一',
      memberTier: 'REGULAR',
      registeredAt: '2026-11-09T00:00:00.000Z',
    }),
    anEnvelope('customer.registered', id.c2, {
      customerId: id.c2,
      email: 'c2@example.com',
      name: '二',
      memberTier: 'REGULAR',
      registeredAt: '2026-11-11T00:00:00.000Z',
    }),
    // s1: weibo campaign, goes all the way and pays o1.
    behavior(
      id.s1,
      [
        { type: 'PAGE_VIEW', at: '2026-11-10T01:00:00.000Z', utm: weibo },
        { type: 'PRODUCT_VIEW', productId: id.p1, sku: 'P1-A', at: '2026-11-10T01:01:00.000Z' },
        { type: 'ADD_TO_CART', productId: id.p1, sku: 'P1-A', at: '2026-11-10T01:02:00.000Z' },
        { type: 'CHECKOUT_STARTED', at: '2026-11-10T01:03:00.000Z' },
      ],
      id.c1,
    ),
    // s2: douyin, views only; its batch is sent twice (a client retry under a new envelope id).
    behavior(id.s2, s2Events),
    behavior(id.s2, s2Events),
    // s4: a bot, 15 page views in one second, claiming the weibo campaign.
    behavior(
      id.s4,
      Array.from({ length: 15 }, (_, i) => ({
        type: 'PAGE_VIEW' as const,
        at: `2026-11-10T03:00:00.${String(i * 50).padStart(3, '0')}Z`,
        utm: weibo,
      })),
    ),
    placed(id.o1, id.c1, l1, 1_000, '广东省', '深圳市', '2026-11-10T01:04:00.000Z', id.s1),
    o1Paid,
    // o1's order.paid again under a new envelope id, and the very same envelope again.
    { ...o1Paid, id: `${o1Paid.id}-again` },
    o1Paid,
    anEnvelope('payment.captured', `pay-${id.o1}`, {
      paymentId: `pay-${id.o1}`,
      orderId: id.o1,
      customerId: id.c1,
      method: 'ALIPAY_SANDBOX',
      amount: cny(410_900),
      capturedAt: '2026-11-10T02:00:00.000Z',
    }),
    // s3: direct traffic; o2's order.paid arrives before its order.placed.
    behavior(
      id.s3,
      [
        { type: 'PRODUCT_VIEW', productId: id.p1, sku: 'P1-A', at: '2026-11-11T02:50:00.000Z' },
        { type: 'ADD_TO_CART', productId: id.p1, sku: 'P1-A', at: '2026-11-11T02:51:00.000Z' },
        { type: 'CHECKOUT_STARTED', at: '2026-11-11T02:52:00.000Z' },
      ],
      id.c2,
    ),
    paid(id.o2, id.c2, l2, 399_900, '2026-11-11T03:00:00.000Z'),
    placed(id.o2, id.c2, l2, 0, '上海市', '上海市', '2026-11-11T02:55:00.000Z', id.s3),
    // s5: one valid page view and one malformed event in the same batch.
    anEnvelope(
      'behavior.recorded',
      id.s5,
      {
        sessionId: id.s5,
        receivedAt: '2026-11-11T05:00:00.000Z',
        events: [
          { type: 'PAGE_VIEW', sessionId: id.s5, at: '2026-11-11T05:00:00.000Z' },
          { type: 'CLICK', sessionId: id.s5, at: '2026-11-11T05:00:01.000Z' },
        ],
      },
      at('2026-11-11T05:00:00.000Z'),
    ),
    // o3: c1's second order, of a product the catalog announces only later; partly refunded.
    placed(id.o3, id.c1, l3, 0, '广东', '广州市', '2026-11-12T00:55:00.000Z'),
    paid(id.o3, id.c1, l3, 30_000, '2026-11-12T01:00:00.000Z'),
    anEnvelope(
      'payment.refunded',
      `pay-${id.o3}`,
      {
        paymentId: `pay-${id.o3}`,
        orderId: id.o3,
        customerId: id.c1,
        refundId: `rf-${id.o3}`,
        amount: cny(10_000),
        reason: 'damaged',
        refundedTotal: cny(10_000),
        status: 'PARTIALLY_REFUNDED',
      },
      at('2026-11-12T05:00:00.000Z'),
    ),
    // o4: placed and cancelled, never paid.
    placed(id.o4, id.c3, l4, 1_000, '北京市', '北京市', '2026-11-12T02:00:00.000Z'),
    anEnvelope('order.cancelled', id.o4, {
      orderId: id.o4,
      customerId: id.c3,
      reason: 'PAYMENT_TIMEOUT',
      cancelledAt: '2026-11-12T02:15:00.000Z',
    }),
    // A malformed order.placed: no lines.
    anEnvelope('order.placed', id.bad, {
      orderId: id.bad,
      customerId: id.c3,
      lines: [],
      shippingAddress: address('北京市', '北京市'),
      totals: { total: cny(1) },
    }),
  ];
  // Published by the tests once o3 was collected, so the product is unknown first, then resolved.
  const lateProduct = product(
    id.p3,
    '龙井茶 Tea',
    'cat-tea',
    'P3-A',
    10_000,
    '2026-11-13T00:00:00.000Z',
  );
  return { id, events, lateProduct };
}

/** Event types the script publishes, for callers that need their topics. */
export const SCRIPTED_TYPES: readonly EventType[] = [
  'product.created',
  'customer.registered',
  'behavior.recorded',
  'order.placed',
  'order.paid',
  'payment.captured',
  'payment.refunded',
  'order.cancelled',
];
