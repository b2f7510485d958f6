import { randomUUID } from 'node:crypto';
import {
  bootService,
  eventually,
  aMerchant,
  serviceClient,
  type Caller,
  type ServiceReply,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { ordersEntry } from '../src/app.module';
import type { OrdersConfig } from '../src/config';

export { aCustomer, aMerchant, type Caller } from '@emporium/testing';

/** A JSON reply. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by the assertions
export type Reply = ServiceReply<any>;

export const address = {
  name: '张三',
  phone: '13800138000',
  province: '上海市',
  city: '上海市',
  district: '浦东新区',
  line1: '世纪大道 100 号',
};

/** A service reachable over HTTP. */
export interface Reachable {
  readonly url: string;
}

/**
 * The services an order journey crosses: orders booted in this process (its database and
 * services at hand), catalog, logistics and payments as processes from the build, on one Kafka.
 */
export interface Platform {
  readonly kafka: TestKafka;
  readonly catalog: Reachable;
  readonly logistics: Reachable;
  readonly payments: Reachable;
  readonly orders: TestService<OrdersConfig>;
  readonly secret: string;
  call(
    service: Reachable,
    method: string,
    path: string,
    body?: unknown,
    as?: Caller,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  stop(): Promise<void>;
}

/** Starts the platform for one suite; `processEnv` applies to catalog, logistics and payments. */
export async function startPlatform(
  name: string,
  options: { ordersEnv?: Record<string, string>; processEnv?: Record<string, string> } = {},
): Promise<Platform> {
  const kafka = await startTestKafka();
  let processes: PlatformProcesses | undefined;
  try {
    processes = await startPlatformProcesses({
      brokers: kafka.brokers,
      names: ['catalog', 'logistics', 'payments'],
      env: options.processEnv,
    });
  } catch (error) {
    await kafka.stop();
    throw error;
  }
  const { catalog, logistics, payments } = processes.services;
  const orders = await bootService(ordersEntry, {
    kafka,
    name: `${name}_orders`,
    env: {
      ORDERS_CATALOG_URL: catalog.url,
      ORDERS_LOGISTICS_URL: logistics.url,
      ORDERS_SWEEP_INTERVAL_MS: '200',
      DB_POOL_TIMEOUT_MS: '60000',
      ...options.ordersEnv,
    },
  });
  const secret = orders.config.INTERNAL_AUTH_SECRET;
  const call: Platform['call'] = (service, method, path, body, as, headers) =>
    serviceClient(service.url, secret).as(as).call(method, path, body, headers);
  return {
    kafka,
    catalog,
    logistics,
    payments,
    orders,
    secret,
    call,
    stop: async () => {
      await orders.stop();
      await processes.stop();
      await kafka.stop();
    },
  };
}

/** A product with one variant per price, stocked in one Shanghai warehouse; waits until the catalog knows the stock. */
export async function stockedProduct(
  platform: Platform,
  variants: readonly { price: number; stock: number; weightGrams?: number }[],
): Promise<{ productId: string; categoryId: string; skus: string[] }> {
  const merchant = aMerchant();
  const { call, catalog, logistics } = platform;
  const suffix = uniqueSuffix();
  const category = await call(
    catalog,
    'POST',
    '/categories',
    { name: `分类 ${suffix}`, slug: `cat-${suffix}` },
    merchant,
  );
  const skus = variants.map((_, i) => `SKU-${suffix}-${i}`);
  const product = await call(
    catalog,
    'POST',
    '/products',
    {
      name: `商品 ${suffix}`,
      description: '测试商品',
      categoryId: category.body.id,
      variants: variants.map((v, i) => ({
        sku: skus[i],
        name: `规格 ${i}`,
        price: { amount: v.price, currency: 'CNY' },
        weightGrams: v.weightGrams ?? 500,
        dimensionsMm: { length: 200, width: 100, height: 50 },
        attributes: { 规格: String(i) },
      })),
    },
    merchant,
  );
  if (product.status !== 201) throw new Error(`product: ${JSON.stringify(product.body)}`);
  const warehouse = await warehouseIn(platform);
  for (const [i, v] of variants.entries()) {
    await call(
      logistics,
      'PUT',
      `/warehouses/${warehouse}/stock/${skus[i]}`,
      { onHand: v.stock },
      merchant,
    );
  }
  await eventually(
    async () => {
      const res = await call(catalog, 'GET', `/internal/variants?skus=${skus.join(',')}`);
      return (
        res.body.items.length === skus.length &&
        res.body.items.every(
          (v: { sku: string; available: number }) =>
            v.available === variants[skus.indexOf(v.sku)].stock,
        )
      );
    },
    { what: 'the catalog to learn the stock' },
  );
  // Logistics learns the weights from product.created, not from the stock call: quotes need them.
  await eventually(
    async () => {
      const destination = {
        name: '张三',
        phone: '13800000000',
        province: '上海市',
        city: '上海市',
        line1: '1 号',
      };
      const items = skus.map((sku) => ({ sku, quantity: 1 }));
      return (
        (await call(logistics, 'POST', '/shipping/quote', { destination, items })).status === 200
      );
    },
    { what: 'logistics to learn the weights' },
  );
  return { productId: product.body.id, categoryId: category.body.id, skus };
}

let shanghaiWarehouse: Promise<string> | undefined;
let warehousePlatform: Platform | undefined;

/** One Shanghai warehouse per platform. */
function warehouseIn(platform: Platform): Promise<string> {
  if (warehousePlatform !== platform || !shanghaiWarehouse) {
    warehousePlatform = platform;
    shanghaiWarehouse = platform
      .call(
        platform.logistics,
        'POST',
        '/warehouses',
        {
          code: `SH-${uniqueSuffix()}`.toUpperCase().slice(0, 32),
          name: '上海仓',
          kind: 'WAREHOUSE',
          address: { ...address, name: '上海仓' },
          location: { lat: 31.23, lon: 121.47 },
        },
        aMerchant(),
      )
      .then((res) => {
        if (res.status !== 201) throw new Error(`warehouse: ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      });
  }
  return shanghaiWarehouse;
}

/** One service of a suite's platform (`platform()`, read at each call), as `merchant` unless told. */
export const serviceOf =
  (platform: () => Platform, service: 'orders' | 'logistics' | 'payments', merchant: Caller) =>
  (
    method: string,
    path: string,
    body?: unknown,
    as: Caller = merchant,
    headers?: Record<string, string>,
  ): Promise<Reply> =>
    platform().call(platform()[service], method, path, body, as, headers);

/**
 * Pays a placed order as `customer` would: once it awaits payment, confirms its sandbox payment
 * (answered 200). The payment, as payments first listed it.
 */
export async function payFor(
  platform: Platform,
  orderId: string,
  customer: Caller,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by the assertions
): Promise<any> {
  const { call, orders, payments } = platform;
  await eventually(
    async () =>
      (
        await call(orders, 'GET', `/orders/${orderId}`, undefined, customer)
      ).body.statusHistory?.some((h: { status: string }) => h.status === 'AWAITING_PAYMENT'),
    { what: `order ${orderId} to await payment`, timeoutMs: 20_000 },
  );
  const payment = await eventually(
    async () =>
      (await call(payments, 'GET', `/payments?orderId=${orderId}`, undefined, customer)).body
        .items?.[0],
    { what: 'the payment' },
  );
  const confirmed = await call(
    payments,
    'POST',
    `/payments/${payment.id}/confirm`,
    { simulate: 'success' },
    customer,
    { 'idempotency-key': randomUUID() },
  );
  expect(confirmed.status).toBe(200);
  return payment;
}

/** A payment once payments has refunded it in full, as `as` reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by the assertions
export function refundedPayment(platform: Platform, paymentId: string, as: Caller): Promise<any> {
  return eventually(
    async () => {
      const p = (
        await platform.call(platform.payments, 'GET', `/payments/${paymentId}`, undefined, as)
      ).body;
      return p.status === 'REFUNDED' && p;
    },
    { what: 'the refund' },
  );
}
