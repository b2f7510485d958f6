import {
  createEmporiumClient,
  memoryStorage,
  OrderStreamError,
  type ClientState,
  type OrderStatusEvent,
} from './index';

/** A request as the fake gateway saw it. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: string;
}

type Route = (seen: Seen) => Response | Promise<Response>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const problem = (status: number) =>
  new Response(
    JSON.stringify({
      type: 'urn:emporium:problem:x',
      title: 'x',
      status,
      detail: 'x',
      instance: '/',
    }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
const cart = {
  items: [],
  appliedPromotions: [],
  gifts: [],
  couponCodes: [],
  subtotal: { amount: 0, currency: 'CNY' },
};

/** A fake gateway: answers by `METHOD /path`, records every request, and knows the live access token. */
function fakeGateway(routes: Record<string, Route> = {}) {
  const seen: Seen[] = [];
  let live = 'access-1';
  let refreshes = 0;
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const entry: Seen = {
      method: request.method,
      path: url.pathname,
      headers: request.headers,
      body: await request.text(),
    };
    seen.push(entry);
    const key = `${entry.method} ${entry.path}`;
    if (key === 'POST /api/v1/auth/refresh') {
      refreshes += 1;
      const { refreshToken } = JSON.parse(entry.body) as { refreshToken: string };
      if (refreshToken !== `refresh-${refreshes}`) return problem(401);
      // Another caller's request may still be on the way: answer a moment later, like a network.
      await new Promise((resolve) => setTimeout(resolve, 5));
      live = `access-${refreshes + 1}`;
      return json(200, {
        accessToken: live,
        refreshToken: `refresh-${refreshes + 1}`,
        expiresIn: 900,
      });
    }
    const route = routes[key];
    if (!route) return problem(404);
    const authorization = entry.headers.get('authorization');
    if (authorization && authorization !== `Bearer ${live}`) return problem(401);
    return route(entry);
  };
  return {
    seen,
    fetch,
    get refreshes() {
      return refreshes;
    },
    expire: () => {
      live = 'access-never';
    },
  };
}

const signedIn: ClientState = { accessToken: 'access-1', refreshToken: 'refresh-1' };
const clientOf = (gateway: ReturnType<typeof fakeGateway>, state: ClientState = {}) => {
  const storage = memoryStorage(state);
  return {
    client: createEmporiumClient({ baseUrl: 'https://shop.test/', fetch: gateway.fetch, storage }),
    storage,
  };
};
const seenOf = (gateway: ReturnType<typeof fakeGateway>, key: string) =>
  gateway.seen.filter((s) => `${s.method} ${s.path}` === key);

describe('the client session', () => {
  it('signs calls with the access token, and leaves it off the auth calls', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/me': () => json(200, { id: 'u1' }),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    });
    const { client, storage } = clientOf(gateway, signedIn);
    const { data } = await client.GET('/api/v1/me');
    expect(data).toEqual({ id: 'u1' });
    await client.auth.logout();
    expect(seenOf(gateway, 'GET /api/v1/me')[0].headers.get('authorization')).toBe(
      'Bearer access-1',
    );
    const logout = seenOf(gateway, 'POST /api/v1/auth/logout')[0];
    expect(logout.headers.get('authorization')).toBeNull();
    expect(JSON.parse(logout.body)).toEqual({ refreshToken: 'refresh-1' });
    expect(storage.load()).toEqual({});
  });

  it('keeps the cart token a guest is given and sends it on cart calls only', async () => {
    const gateway = fakeGateway({
      'POST /api/v1/cart/items': () => json(200, cart, { 'x-cart-token': 'guest-cart' }),
      'GET /api/v1/cart': () => json(200, cart),
      'GET /api/v1/products': () => json(200, { items: [], nextCursor: null }),
    });
    const { client, storage } = clientOf(gateway);
    await client.POST('/api/v1/cart/items', { body: { sku: 'TEA-1', quantity: 1 } });
    await client.GET('/api/v1/cart');
    await client.GET('/api/v1/products');
    expect(storage.load().cartToken).toBe('guest-cart');
    expect(seenOf(gateway, 'POST /api/v1/cart/items')[0].headers.get('x-cart-token')).toBeNull();
    expect(seenOf(gateway, 'GET /api/v1/cart')[0].headers.get('x-cart-token')).toBe('guest-cart');
    expect(seenOf(gateway, 'GET /api/v1/products')[0].headers.get('x-cart-token')).toBeNull();
  });

  it('merges the guest cart at sign-in with one cart call carrying both tokens, then forgets the cart token', async () => {
    const session = {
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      expiresIn: 900,
      user: { id: 'u1' },
    };
    const gateway = fakeGateway({
      'POST /api/v1/auth/login': () => json(200, session),
      'GET /api/v1/cart': () => json(200, cart),
    });
    const { client, storage } = clientOf(gateway, { cartToken: 'guest-cart' });
    const { data } = await client.auth.login({
      email: 'me@example.com',
      password: 'a long password',
    });
    expect(data?.accessToken).toBe('access-1');
    const merge = seenOf(gateway, 'GET /api/v1/cart');
    expect(merge).toHaveLength(1);
    expect(merge[0].headers.get('authorization')).toBe('Bearer access-1');
    expect(merge[0].headers.get('x-cart-token')).toBe('guest-cart');
    expect(storage.load()).toEqual({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      cartToken: undefined,
    });
  });

  it('adds an Idempotency-Key to orders, confirmations and refunds, and keeps one the caller gave', async () => {
    const gateway = fakeGateway({
      'POST /api/v1/orders': () => json(201, { id: 'o1' }),
      'POST /api/v1/payments/p1/confirm': () => json(200, { id: 'p1' }),
      'POST /api/v1/payments/p1/refunds': () => json(201, { id: 'r1' }),
      'POST /api/v1/checkout/quote': () => json(200, {}),
    });
    const { client } = clientOf(gateway, signedIn);
    const address = {
      name: '张三',
      phone: '13800138000',
      province: '上海市',
      city: '上海市',
      line1: '世纪大道 100 号',
    };
    await client.POST('/api/v1/orders', {
      body: {
        shippingAddress: address,
        deliveryOption: 'STANDARD',
        paymentMethod: 'ALIPAY_SANDBOX',
      },
    });
    await client.POST('/api/v1/payments/{id}/confirm', {
      params: { path: { id: 'p1' } },
      body: { simulate: 'success' },
    });
    await client.POST('/api/v1/payments/{id}/refunds', {
      params: { path: { id: 'p1' }, header: { 'Idempotency-Key': 'my-key' } },
      body: { amount: { amount: 100, currency: 'CNY' }, reason: '退货' },
    });
    await client.POST('/api/v1/checkout/quote', {
      body: { shippingAddress: address, deliveryOption: 'STANDARD' },
    });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(seenOf(gateway, 'POST /api/v1/orders')[0].headers.get('idempotency-key')).toMatch(uuid);
    expect(
      seenOf(gateway, 'POST /api/v1/payments/p1/confirm')[0].headers.get('idempotency-key'),
    ).toMatch(uuid);
    expect(
      seenOf(gateway, 'POST /api/v1/payments/p1/refunds')[0].headers.get('idempotency-key'),
    ).toBe('my-key');
    expect(
      seenOf(gateway, 'POST /api/v1/checkout/quote')[0].headers.get('idempotency-key'),
    ).toBeNull();
  });
});

describe('renewing an expired access token', () => {
  it('refreshes once on a 401, keeps the rotated pair, and sends the call again with its body and key', async () => {
    const gateway = fakeGateway({ 'POST /api/v1/orders': () => json(201, { id: 'o1' }) });
    const { client, storage } = clientOf(gateway, signedIn);
    gateway.expire();
    const address = {
      name: '张三',
      phone: '13800138000',
      province: '上海市',
      city: '上海市',
      line1: '世纪大道 100 号',
    };
    const { data, response } = await client.POST('/api/v1/orders', {
      body: {
        shippingAddress: address,
        deliveryOption: 'STANDARD',
        paymentMethod: 'ALIPAY_SANDBOX',
      },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual({ id: 'o1' });
    expect(gateway.refreshes).toBe(1);
    expect(storage.load()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    const [first, second] = seenOf(gateway, 'POST /api/v1/orders');
    expect(first.headers.get('authorization')).toBe('Bearer access-1');
    expect(second.headers.get('authorization')).toBe('Bearer access-2');
    expect(second.body).toBe(first.body);
    expect(second.headers.get('idempotency-key')).toBe(first.headers.get('idempotency-key'));
  });

  it('shares one refresh among calls refused at the same time (a spent refresh token would revoke the family)', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/me': () => json(200, { id: 'u1' }),
      'GET /api/v1/cart': () => json(200, cart),
    });
    const { client, storage } = clientOf(gateway, signedIn);
    gateway.expire();
    const answers = await Promise.all([
      client.GET('/api/v1/me'),
      client.GET('/api/v1/cart'),
      client.GET('/api/v1/me'),
    ]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200, 200]);
    expect(gateway.refreshes).toBe(1);
    expect(storage.load().refreshToken).toBe('refresh-2');
  });

  it('answers the 401 and ends the session when the refresh token is refused, keeping the guest cart', async () => {
    const gateway = fakeGateway({ 'GET /api/v1/me': () => json(200, { id: 'u1' }) });
    const { client, storage } = clientOf(gateway, {
      accessToken: 'access-1',
      refreshToken: 'refresh-stolen',
      cartToken: 'guest-cart',
    });
    gateway.expire();
    const { error, response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ status: 401 });
    expect(gateway.refreshes).toBe(1);
    expect(storage.load()).toEqual({ cartToken: 'guest-cart' });
  });

  it('does not refresh for a call that brought its own Authorization, nor for a refused login', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/me': () => json(200, {}),
      'POST /api/v1/auth/login': () => problem(401),
    });
    const { client } = clientOf(gateway, signedIn);
    const own = await client.GET('/api/v1/me', {
      headers: { authorization: 'Bearer someone-else' },
    });
    const login = await client.auth.login({ email: 'me@example.com', password: 'wrong password' });
    expect(own.response.status).toBe(401);
    expect(login.response.status).toBe(401);
    expect(gateway.refreshes).toBe(0);
  });
});

describe('following an order', () => {
  /** A response whose body arrives in the given chunks, split anywhere. */
  const sse = (chunks: string[]) =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );

  it('calls back with each status event, split across chunks, and skips pings and other events', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/orders/o1/stream': () =>
        sse([
          ': ping\n\nevent: status\ndata: {"status":"AWAIT',
          'ING_PAYMENT","at":"2026-11-24T08:30:00.000Z"}\n\n',
          'event: other\ndata: {}\n\nevent: status\n',
          'data: {"status":"PAID","at":"2026-11-24T08:30:09.000Z"}\n\n',
        ]),
    });
    const { client } = clientOf(gateway, signedIn);
    const events: OrderStatusEvent[] = [];
    const stream = await client.orders.stream('o1', (event) => events.push(event));
    await stream.done;
    expect(events).toEqual([
      { status: 'AWAITING_PAYMENT', at: '2026-11-24T08:30:00.000Z' },
      { status: 'PAID', at: '2026-11-24T08:30:09.000Z' },
    ]);
    expect(seenOf(gateway, 'GET /api/v1/orders/o1/stream')[0].headers.get('authorization')).toBe(
      'Bearer access-1',
    );
  });

  it('stops calling back once the stream is closed from the callback', async () => {
    const gateway = fakeGateway({
      'GET /api/v1/orders/o1/stream': () =>
        sse([
          'event: status\ndata: {"status":"PAID","at":"t1"}\n\n',
          'event: status\ndata: {"status":"FULFILLING","at":"t2"}\n\n',
        ]),
    });
    const { client } = clientOf(gateway, signedIn);
    const statuses: string[] = [];
    const stream = await client.orders.stream('o1', (event, open) => {
      statuses.push(event.status);
      if (event.status === 'PAID') open.close();
    });
    await stream.done;
    expect(statuses).toEqual(['PAID']);
  });

  it('rejects with the problem when the gateway refuses the stream', async () => {
    const gateway = fakeGateway({});
    const { client } = clientOf(gateway, signedIn);
    const refused = client.orders.stream('someone-elses', () => undefined);
    await expect(refused).rejects.toBeInstanceOf(OrderStreamError);
    await expect(refused).rejects.toMatchObject({ status: 404, problem: { status: 404 } });
  });
});
