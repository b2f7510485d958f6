// The README's first order, as a storefront places it with @emporium/client: register, fill the
// cart, quote, order, pay with the sandbox, and follow the order's status stream until it is PAID.
//   npx tsx examples/storefront/first-order.ts
//   EMPORIUM_URL=http://localhost:3000 SKU=XIAOMI-00002-1 npx tsx examples/storefront/first-order.ts
import { createEmporiumClient, type EmporiumClient } from '@emporium/client';

const address = {
  name: '张三',
  phone: '13800138000',
  province: '上海市',
  city: '上海市',
  line1: '世纪大道 100 号',
};

const yuan = (money: { amount: number; currency: string }) =>
  `${(money.amount / 100).toFixed(2)} ${money.currency}`;

/** Throws the problem+json the gateway answered when a call did not succeed. */
function ok<T>(answer: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (answer.data === undefined) {
    throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data;
}

/** The order's payment, once the platform has created it (stock reserved, then the payment, by events). */
async function paymentOf(client: EmporiumClient, orderId: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const page = ok(
      await client.GET('/api/v1/payments', { params: { query: { orderId } } }),
      'list payments',
    );
    if (page.items[0]) return page.items[0];
    if (Date.now() > until)
      throw new Error(`no payment for order ${orderId} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What the first order came to. */
export interface FirstOrder {
  readonly orderId: string;
  readonly number: string;
  /** The statuses the order stream reported, in order. */
  readonly statuses: readonly string[];
}

/** Places and pays one order of `sku` for a new customer; `log` gets one line per step. */
export async function firstOrder(options: {
  readonly baseUrl: string;
  readonly sku: string;
  readonly email?: string;
  readonly log?: (line: string) => void;
}): Promise<FirstOrder> {
  const log = options.log ?? (() => undefined);
  const client = createEmporiumClient({ baseUrl: options.baseUrl });

  const email = options.email ?? `shopper-${Date.now()}@example.com`;
  const account = ok(
    await client.auth.register({ email, password: 'a long password', name: '我' }),
    'register',
  );
  log(`registered ${account.user.email}`);

  const cart = ok(
    await client.POST('/api/v1/cart/items', { body: { sku: options.sku, quantity: 1 } }),
    'add to cart',
  );
  log(
    `cart: ${cart.items.map((item) => `${item.quantity} × ${item.name}`).join(', ')}, total ${yuan(cart.total)}`,
  );

  const quote = ok(
    await client.POST('/api/v1/checkout/quote', {
      body: { shippingAddress: address, deliveryOption: 'STANDARD' },
    }),
    'quote',
  );
  log(`quote: ${yuan(quote.total)} with shipping`);

  // The client adds the Idempotency-Key: a retried order is still one order.
  const order = ok(
    await client.POST('/api/v1/orders', {
      body: {
        shippingAddress: address,
        deliveryOption: 'STANDARD',
        paymentMethod: 'ALIPAY_SANDBOX',
        expectedTotal: quote.total,
      },
    }),
    'place the order',
  );
  log(`order ${order.number}: ${order.status}, ${yuan(order.totals.total)}`);

  // Follow the order before paying, so the change to PAID is not missed.
  const statuses: string[] = [];
  const stream = await client.orders.stream(
    order.id,
    (event, open) => {
      statuses.push(event.status);
      log(`status ${event.status} at ${event.at}`);
      if (event.status === 'PAID') open.close();
    },
    { signal: AbortSignal.timeout(60_000) },
  );

  const payment = await paymentOf(client, order.id);
  const paid = ok(
    await client.POST('/api/v1/payments/{id}/confirm', {
      params: { path: { id: payment.id } },
      body: { simulate: 'success' },
    }),
    'confirm the payment',
  );
  log(`payment ${paid.status}`);

  await stream.done;
  if (!statuses.includes('PAID'))
    throw new Error(`the order stream ended before PAID (saw ${statuses.join(', ') || 'nothing'})`);
  return { orderId: order.id, number: order.number, statuses };
}

async function main(): Promise<void> {
  const result = await firstOrder({
    baseUrl: process.env.EMPORIUM_URL ?? 'http://localhost:3000',
    sku: process.env.SKU ?? 'XIAOMI-00002-1',
    email: process.env.EMAIL,
    log: (line) => console.log(line),
  });
  console.log(`paid: order ${result.orderId} (${result.number})`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
