import { randomUUID } from 'node:crypto';
import { identityHeaders } from './identity';

/** One answer of a service, or the network error code when there was none. */
interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stream reads a few known fields
  readonly body: any;
}

/** An order the orders service accepted with 201. */
export interface AcceptedOrder {
  readonly id: string;
  readonly quantity: number;
  readonly placedAt: number;
}

/** A checkout that went from `POST /orders` to the order being paid. */
export interface CompletedCheckout {
  readonly orderId: string;
  readonly startedAt: number;
  readonly paidAt: number;
}

/** Customers placing and paying orders in a loop, straight against the services. */
export interface CheckoutStream {
  readonly accepted: ReadonlyMap<string, AcceptedOrder>;
  readonly completed: readonly CompletedCheckout[];
  /** Failed steps by kind (`place 503`, `payment ECONNREFUSED`, …), for the report. */
  readonly failures: ReadonlyMap<string, number>;
  /**
   * Resolves with the first moment after `since` at which a checkout that started after `since`
   * was paid (checkouts succeed again), or rejects after `timeoutMs`.
   */
  recoveredAfter(since: number, timeoutMs?: number): Promise<number>;
  /** Stops starting checkouts and waits for the ones under way to give up or finish. */
  stop(): Promise<void>;
}

export interface CheckoutStreamOptions {
  readonly ordersUrl: string;
  readonly paymentsUrl: string;
  readonly sku: string;
  readonly customers: number;
  /** INTERNAL_AUTH_SECRET of the services, to sign the customers' identities as the gateway would. */
  readonly secret: string;
  /** Per-request timeout (a hung request is a failure, not a stuck stream). */
  readonly requestTimeoutMs?: number;
  /** How long one checkout may wait for its payment or for PAID before moving on. */
  readonly stepTimeoutMs?: number;
}

const ADDRESS = {
  name: '赵六',
  phone: '13600136000',
  province: '上海市',
  city: '上海市',
  district: '浦东新区',
  line1: '世纪大道 100 号',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `customers` concurrent customers each checking out 1–2 units of `sku`, paying every order. */
export async function startCheckoutStream(options: CheckoutStreamOptions): Promise<CheckoutStream> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  const stepTimeoutMs = options.stepTimeoutMs ?? 10_000;
  const accepted = new Map<string, AcceptedOrder>();
  const completed: CompletedCheckout[] = [];
  const failures = new Map<string, number>();
  let stopping = false;

  const fail = (what: string, answer: Answer | string) => {
    const key = `${what} ${typeof answer === 'string' ? answer : answer.status}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  };

  const call = async (
    url: string,
    method: string,
    headers: Record<string, string>,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Answer | string> => {
    try {
      const res = await fetch(url, {
        method,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...extra,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: kept as text for the failure count
      }
      return { status: res.status, body: parsed };
    } catch (error) {
      const cause = (error as { cause?: { code?: string }; name?: string }).cause?.code;
      return cause ?? (error as { name?: string }).name ?? 'error';
    }
  };

  /** Retries a request with the same idempotency key while the service cannot answer, as a client would. */
  const retried = async (
    what: string,
    send: () => Promise<Answer | string>,
    until: number,
  ): Promise<Answer | undefined> => {
    for (;;) {
      const answer = await send();
      if (typeof answer !== 'string' && answer.status < 500) return answer;
      fail(what, answer);
      if (Date.now() > until) return undefined;
      await sleep(200);
    }
  };

  const customer = async () => {
    const headers = await identityHeaders(
      { userId: randomUUID(), roles: ['customer'], memberTier: 'REGULAR' },
      options.secret,
    );
    while (!stopping) {
      const quantity = 1 + Math.floor(Math.random() * 2);
      // A checkout that failed half-way leaves its units in the cart: start from an empty one.
      await call(`${options.ordersUrl}/cart/items/${options.sku}`, 'DELETE', headers);
      const added = await call(`${options.ordersUrl}/cart/items`, 'POST', headers, {
        sku: options.sku,
        quantity,
      });
      if (typeof added === 'string' || added.status !== 200) {
        fail('cart', added);
        await sleep(200);
        continue;
      }
      const startedAt = Date.now();
      const key = randomUUID();
      const body = {
        shippingAddress: ADDRESS,
        deliveryOption: 'STANDARD',
        paymentMethod: 'SANDBOX_CARD',
      };
      const placed = await retried(
        'place',
        () =>
          call(`${options.ordersUrl}/orders`, 'POST', headers, body, { 'idempotency-key': key }),
        startedAt + stepTimeoutMs,
      );
      if (!placed || placed.status !== 201) {
        if (placed) fail('place', placed);
        await sleep(200);
        continue;
      }
      const orderId = placed.body.id as string;
      const lines = placed.body.lines as { sku: string; quantity: number }[];
      accepted.set(orderId, {
        id: orderId,
        quantity: lines.filter((l) => l.sku === options.sku).reduce((s, l) => s + l.quantity, 0),
        placedAt: startedAt,
      });
      const deadline = Date.now() + stepTimeoutMs;
      let paymentId: string | undefined;
      while (!paymentId && Date.now() < deadline) {
        const found = await call(
          `${options.paymentsUrl}/payments?orderId=${orderId}`,
          'GET',
          headers,
        );
        if (typeof found !== 'string' && found.status === 200)
          paymentId = found.body.items?.[0]?.id;
        else fail('payment', found);
        if (!paymentId) await sleep(100);
      }
      if (!paymentId) {
        fail('payment', 'timeout');
        continue;
      }
      const confirmKey = randomUUID();
      const confirmed = await retried(
        'confirm',
        () =>
          call(
            `${options.paymentsUrl}/payments/${paymentId}/confirm`,
            'POST',
            headers,
            { simulate: 'success' },
            { 'idempotency-key': confirmKey },
          ),
        deadline,
      );
      if (!confirmed || confirmed.body?.status !== 'CAPTURED') {
        if (confirmed) fail('confirm', confirmed);
        continue;
      }
      let paid = false;
      while (!paid && Date.now() < deadline + stepTimeoutMs) {
        const order = await call(`${options.ordersUrl}/orders/${orderId}`, 'GET', headers);
        paid = typeof order !== 'string' && ['PAID', 'FULFILLING'].includes(order.body?.status);
        if (!paid) await sleep(100);
      }
      if (paid) completed.push({ orderId, startedAt, paidAt: Date.now() });
      else fail('paid', 'timeout');
    }
  };

  const running = Array.from({ length: options.customers }, () => customer());
  return {
    accepted,
    completed,
    failures,
    async recoveredAfter(since, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const first = completed
          .filter((c) => c.startedAt >= since)
          .sort((a, b) => a.paidAt - b.paidAt)[0];
        if (first) return first.paidAt;
        if (Date.now() > deadline)
          throw new Error(`no checkout succeeded within ${timeoutMs} ms after the fault ended`);
        await sleep(50);
      }
    },
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}
