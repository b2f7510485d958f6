/**
 * A client of the public REST API (`<gateway>/api/v1`) for the platform benchmark and the soak:
 * sessions with token refresh, seeding through the API only, and the checkout journey a customer
 * goes through (cart, quote, order, sandbox payment confirmation, PAID seen on the order's stream).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/** A response: status, parsed JSON body (or text), and its exact bytes. */
export interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers read a few known fields
  readonly body: any;
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes a progress line to stderr (stdout carries only result lines). */
export const progress = (line: string) => process.stderr.write(`  ${line}\n`);

/** Told of every request: its status, or the error code when no answer came, and its latency. */
export type Observer = (method: string, path: string, outcome: number | string, ms: number) => void;

/** The public API of one gateway. */
export class Api {
  /** `base` is the gateway's base URL, e.g. http://127.0.0.1:3000 (with or without /api/v1). */
  readonly base: string;
  observer?: Observer;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  }

  url(path: string): string {
    return `${this.base}/api/v1${path}`;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const started = performance.now();
    try {
      const answer = await this.send(method, path, options);
      this.observer?.(method, path, answer.status, performance.now() - started);
      return answer;
    } catch (error) {
      const cause =
        (error as { cause?: { code?: string }; name?: string }).cause?.code ??
        (error as { name?: string }).name ??
        'error';
      this.observer?.(method, path, cause, performance.now() - started);
      throw error;
    }
  }

  private async send(method: string, path: string, options: CallOptions): Promise<Answer> {
    const res = await fetch(this.url(path), {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return {
      status: res.status,
      body,
      bytes,
      contentType: res.headers.get('content-type') ?? 'application/json',
      headers: res.headers,
    };
  }

  /**
   * For set-up steps only: waits out a 429 (`Retry-After`) and tries again, so a platform with the
   * default login and registration limits can still be seeded.
   */
  async patient(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.call(method, path, options);
      if (answer.status !== 429 || attempt >= 5) return answer;
      const wait = Number(answer.headers.get('retry-after') ?? '5');
      progress(`rate limited on ${method} ${path}: waiting ${wait} s`);
      await sleep(wait * 1_000 + 100);
    }
  }

  /** Like `patient`, failing unless the status is the expected one. */
  async expect(
    status: number,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<Answer> {
    const answer = await this.patient(method, path, options);
    if (answer.status !== status) {
      throw new Error(
        `${method} ${path} answered ${answer.status}, expected ${status}: ${answer.bytes.toString('utf8').slice(0, 300)}`,
      );
    }
    return answer;
  }
}

/** A signed-in user; the access token is refreshed before it expires (long runs outlive it). */
export class Session {
  private obtainedAt = Date.now();

  constructor(
    /** The gateway this user talks to. */
    readonly api: Api,
    readonly userId: string,
    private accessToken: string,
    private refreshToken: string,
  ) {}

  static async login(api: Api, email: string, password: string): Promise<Session> {
    const { body } = await api.expect(200, 'POST', '/auth/login', { body: { email, password } });
    return new Session(api, body.user.id, body.accessToken, body.refreshToken);
  }

  static async register(api: Api, email: string, password: string, name: string): Promise<Session> {
    const { body } = await api.expect(201, 'POST', '/auth/register', {
      body: { email, password, name },
    });
    return new Session(api, body.user.id, body.accessToken, body.refreshToken);
  }

  /** The current access token (the gateway's default lifetime is 15 min; refreshed after 10). */
  async token(): Promise<string> {
    if (Date.now() - this.obtainedAt > 10 * 60_000) {
      const { body } = await this.api.expect(200, 'POST', '/auth/refresh', {
        body: { refreshToken: this.refreshToken },
      });
      this.accessToken = body.accessToken;
      this.refreshToken = body.refreshToken;
      this.obtainedAt = Date.now();
    }
    return this.accessToken;
  }

  /** The token as it is now, for load generators that cannot await (short runs only). */
  get currentToken(): string {
    return this.accessToken;
  }

  async call(
    method: string,
    path: string,
    options: Omit<CallOptions, 'token'> = {},
  ): Promise<Answer> {
    return this.api.call(method, path, { ...options, token: await this.token() });
  }
}

export const ADDRESS = {
  name: '王五',
  phone: '13700137000',
  province: '上海市',
  city: '上海市',
  district: '黄浦区',
  line1: '南京东路 1 号',
};
export const DESTINATIONS = [
  ADDRESS,
  {
    name: '李四',
    phone: '13900139000',
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    line1: '科技园 1 号',
  },
  {
    name: '张三',
    phone: '13800138000',
    province: '北京市',
    city: '北京市',
    district: '朝阳区',
    line1: '建国路 88 号',
  },
  {
    name: '赵六',
    phone: '13600136000',
    province: '四川省',
    city: '成都市',
    district: '武侯区',
    line1: '天府大道 100 号',
  },
];

/** What the benchmark and the soak need on the platform, created through the public API. */
export interface Seeded {
  readonly merchant: Session;
  readonly customers: Session[];
  /** SKUs of a product of the run's own with ample stock, for checkouts that never run dry. */
  readonly checkoutSkus: string[];
  /** Slugs of listed products, for detail pages. */
  readonly slugs: string[];
  /** Sellable SKUs of listed products with stock, for carts and shipping quotes. */
  readonly cartSkus: string[];
}

/**
 * Signs in as the admin, creates a merchant and `customers` customers, a product with
 * `checkoutSkus` SKUs stocked with 10,000,000 units each, and picks listed products and SKUs.
 */
export async function seed(
  api: Api,
  options: {
    admin: { email: string; password: string };
    customers: number;
    checkoutSkus?: number;
    /** Gateways to spread the customers over (all through `api` unless given). */
    gateways?: readonly Api[];
  },
): Promise<Seeded> {
  const gateways = options.gateways?.length ? options.gateways : [api];
  const run = randomUUID().slice(0, 8);
  const admin = await Session.login(api, options.admin.email, options.admin.password);
  const merchantEmail = `bench-merchant-${run}@bench.emporium.local`;
  const password = `bench-${run}-password`;
  await api.expect(201, 'POST', '/admin/users', {
    token: await admin.token(),
    body: { email: merchantEmail, password, name: '压测商家', roles: ['merchant'] },
  });
  const merchant = await Session.login(api, merchantEmail, password);
  const customers: Session[] = [];
  for (let i = 0; i < options.customers; i++) {
    customers.push(
      await Session.register(
        gateways[i % gateways.length],
        `bench-customer-${run}-${i}@bench.emporium.local`,
        password,
        `压测顾客 ${i}`,
      ),
    );
  }
  progress(`signed in a merchant and ${customers.length} customers`);

  const category = await merchant.call('POST', '/categories', {
    body: { name: `压测 ${run}`, slug: `bench-${run}` },
  });
  if (category.status !== 201) throw new Error(`POST /categories answered ${category.status}`);
  const checkoutSkus = Array.from({ length: options.checkoutSkus ?? 3 }, (_, i) =>
    `BENCH-${run}-${i}`.toUpperCase(),
  );
  const product = await merchant.call('POST', '/products', {
    body: {
      name: `压测商品 ${run}`,
      description: 'Benchmark product 压测',
      categoryId: category.body.id,
      variants: checkoutSkus.map((sku, i) => ({
        sku,
        name: `规格 ${i}`,
        price: { amount: 12_900 + i * 100, currency: 'CNY' },
        weightGrams: 400,
        dimensionsMm: { length: 100, width: 100, height: 100 },
      })),
    },
  });
  if (product.status !== 201)
    throw new Error(
      `POST /products answered ${product.status}: ${product.bytes.toString('utf8').slice(0, 300)}`,
    );
  const warehouse = await merchant.call('POST', '/warehouses', {
    body: {
      code: `BENCH-${run}`.toUpperCase(),
      name: '压测仓',
      kind: 'WAREHOUSE',
      address: ADDRESS,
      location: { lat: 31.23, lon: 121.47 },
    },
  });
  if (warehouse.status !== 201) throw new Error(`POST /warehouses answered ${warehouse.status}`);
  const stock = async () => {
    for (const sku of checkoutSkus) {
      const stocked = await merchant.call('PUT', `/warehouses/${warehouse.body.id}/stock/${sku}`, {
        body: { onHand: 10_000_000 },
      });
      if (stocked.status !== 200) throw new Error(`PUT stock answered ${stocked.status}`);
    }
  };
  await stock();
  // The catalog learns stock from logistics' events; checkouts need it to know. The units are set
  // again every 5 s until the catalog shows them (a platform under load may be slow to tell it).
  let seen = '';
  let restocked = Date.now();
  await until(
    async () => {
      if (Date.now() - restocked > 5_000) {
        restocked = Date.now();
        await stock();
      }
      const detail = await api.call('GET', `/products/${product.body.id}`);
      seen = JSON.stringify(
        detail.body?.variants?.map((v: { sku: string; available: number }) => [
          v.sku,
          v.available,
        ]) ?? detail.status,
      );
      return detail.body?.variants?.every((v: { available: number }) => v.available >= 1_000_000)
        ? true
        : undefined;
    },
    'the catalog to learn the benchmark stock',
    120_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (it shows ${seen})`);
  });

  const list = await api.expect(200, 'GET', '/products?limit=100&inStock=true');
  const slugs: string[] = list.body.items
    .map((p: { slug: string }) => p.slug)
    .filter((slug: string) => !slug.startsWith('bench-'));
  const cartSkus: string[] = [];
  for (const slug of slugs.slice(0, 40)) {
    const detail = await api.expect(200, 'GET', `/products/${slug}`);
    for (const v of detail.body.variants as {
      sku: string;
      available: number;
      weightGrams: number | null;
    }[]) {
      // 99 is the most a cart holds of one SKU: enough stock never turns an add into a 409.
      if (v.available >= 99 && v.weightGrams !== null) cartSkus.push(v.sku);
    }
  }
  if (slugs.length === 0 || cartSkus.length === 0)
    throw new Error(
      'the catalog lists no products with stock: seed the demo shop first (npm run seed)',
    );
  progress(
    `seeded a product with ${checkoutSkus.length} SKUs; ${slugs.length} listed products, ${cartSkus.length} cart SKUs`,
  );
  return { merchant, customers, checkoutSkus, slugs, cartSkus };
}

/** Polls `check` until it gives a value. */
export async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Empties a customer's cart (a previous step may have left items in it). */
export async function clearCart(customer: Session): Promise<void> {
  const cart = await customer.call('GET', '/cart');
  for (const item of (cart.body?.items ?? []) as { sku: string }[]) {
    await customer.call('DELETE', `/cart/items/${encodeURIComponent(item.sku)}`);
  }
}

/** Statuses an order reaches once paid, in order. */
export const PAID_OR_LATER = ['PAID', 'FULFILLING', 'SHIPPED', 'DELIVERED', 'COMPLETED'];

/**
 * An order's status stream (`GET /orders/{id}/stream`, Server-Sent Events): every status seen since
 * it opened, so a change between two waits is never missed.
 */
async function openStatusStream(api: Api, token: string, orderId: string) {
  const abort = new AbortController();
  const res = await fetch(api.url(`/orders/${orderId}/stream`), {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) {
    abort.abort();
    throw new Error(`stream ${res.status}`);
  }
  const seen: string[] = [];
  let wake: (() => void) | undefined;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (/^event: status$/m.test(frame) && data)
            seen.push((JSON.parse(data) as { status: string }).status);
          wake?.();
        }
      }
    } catch {
      // aborted
    }
    wake?.();
  })();
  return {
    /** Counts `status` as seen (the order's status read after the stream opened). */
    note(status: string) {
      seen.push(status);
    },
    /** Resolves with the first seen status among `statuses` (or CANCELLED), or undefined after `timeoutMs`. */
    async waitFor(statuses: string[], timeoutMs: number): Promise<string | undefined> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = seen.find((s) => statuses.includes(s) || s === 'CANCELLED');
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0 || abort.signal.aborted) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => (clearTimeout(timer), resolve());
        });
      }
    },
    close: () => abort.abort(),
  };
}

/** How one checkout went: PAID with its place-to-PAID latency, or the step that failed. */
export type CheckoutOutcome =
  | {
      readonly ok: true;
      readonly orderId: string;
      readonly placeToPaidMs: number;
      readonly placeToConfirmMs: number;
    }
  | {
      readonly ok: false;
      readonly orderId?: string;
      readonly failure: string;
      readonly expected: boolean;
    };

/**
 * One checkout as a customer does it: add `sku` to the (empty) cart, quote, place the order with
 * the quoted total, wait for its payment, confirm it with the sandbox, and see PAID on the order's
 * stream. The latency runs from sending `POST /orders` until PAID arrives.
 */
export async function checkout(
  api: Api,
  customer: Session,
  sku: string,
  stepTimeoutMs = 15_000,
): Promise<CheckoutOutcome> {
  const added = await customer.call('POST', '/cart/items', { body: { sku, quantity: 1 } });
  if (added.status !== 200)
    return { ok: false, failure: `cart ${added.status}`, expected: added.status === 409 };
  const input = { shippingAddress: ADDRESS, deliveryOption: 'STANDARD' };
  const quote = await customer.call('POST', '/checkout/quote', { body: input });
  if (quote.status !== 200) return { ok: false, failure: `quote ${quote.status}`, expected: false };
  const started = performance.now();
  const placed = await customer.call('POST', '/orders', {
    body: { ...input, paymentMethod: 'SANDBOX_CARD', expectedTotal: quote.body.total },
    headers: { 'idempotency-key': randomUUID() },
  });
  if (placed.status !== 201)
    return { ok: false, failure: `place ${placed.status}`, expected: placed.status === 409 };
  const orderId: string = placed.body.id;
  const token = await customer.token();
  const stream = await openStatusStream(api, token, orderId).catch(() => undefined);
  if (!stream) return { ok: false, orderId, failure: 'stream', expected: false };
  try {
    // Changes before the stream opened are not replayed: read where the order is now.
    const now = await customer.call('GET', `/orders/${orderId}`);
    if (now.status === 200) stream.note(now.body.status);
    const awaiting = await stream.waitFor(['AWAITING_PAYMENT', ...PAID_OR_LATER], stepTimeoutMs);
    if (awaiting === 'CANCELLED')
      return { ok: false, orderId, failure: 'cancelled', expected: true };
    if (!awaiting)
      return { ok: false, orderId, failure: 'awaiting-payment timeout', expected: false };
    // payments creates the payment on order.awaiting-payment, moments after the status change.
    const deadline = Date.now() + stepTimeoutMs;
    let paymentId: string | undefined;
    for (let wait = 5; !paymentId && Date.now() < deadline; wait = Math.min(wait * 2, 100)) {
      const found = await customer.call('GET', `/payments?orderId=${orderId}`);
      paymentId = found.status === 200 ? found.body.items?.[0]?.id : undefined;
      if (!paymentId) await sleep(wait);
    }
    if (!paymentId) return { ok: false, orderId, failure: 'payment timeout', expected: false };
    const confirmed = await customer.call('POST', `/payments/${paymentId}/confirm`, {
      body: { simulate: 'success' },
      headers: { 'idempotency-key': randomUUID() },
    });
    if (confirmed.status !== 200 || confirmed.body.status !== 'CAPTURED')
      return { ok: false, orderId, failure: `confirm ${confirmed.status}`, expected: false };
    const placeToConfirmMs = performance.now() - started;
    const paid = await stream.waitFor(PAID_OR_LATER, stepTimeoutMs);
    if (!paid || paid === 'CANCELLED')
      return {
        ok: false,
        orderId,
        failure: paid ? 'cancelled after capture' : 'paid timeout',
        expected: false,
      };
    return { ok: true, orderId, placeToPaidMs: performance.now() - started, placeToConfirmMs };
  } finally {
    stream.close();
  }
}

/** p50/p95/p99 of latencies in ms, one decimal. */
export function percentiles(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

/** CPU seconds the whole machine has spent (Linux /proc/stat: user, nice and system of all cores); undefined elsewhere. */
export function machineCpuSeconds(): number | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const [user, nice, system] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 4)
    .map(Number);
  return (user + nice + system) / 100; // USER_HZ
}
