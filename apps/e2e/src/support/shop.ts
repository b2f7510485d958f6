import { money, type Money, type WarehouseKind } from '@emporium/contracts';
import {
  eventually,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
  type ServiceName,
  type TestKafka,
} from '@emporium/testing';

/** The gateway's answer: status, headers and the body parsed from JSON (undefined when empty). */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by the assertions
  readonly body: any;
}

/** One call of the public API, as the bearer of `token` when there is one. */
export type Call = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers?: Record<string, string>,
) => Promise<Reply>;

/** Calls the public API at `api()`, read at each call (the platform starts in `beforeAll`). */
export function gatewayCall(api: () => string): Call {
  return async (method, path, body, token, headers = {}) => {
    const res = await fetch(`${api()}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** A suite's platform, running from its `beforeAll` to its `afterAll`. */
export interface RunningPlatform {
  /** The gateway's public API, `…/api/v1`. */
  readonly api: () => string;
  readonly call: Call;
  readonly kafka: () => TestKafka;
  readonly processes: () => PlatformProcesses;
}

/**
 * Starts Kafka and the `names` services as built (dist/) before the suite's tests, and stops them
 * after; `env` applies to every service (a function is read once the earlier `beforeAll`s ran).
 */
export function runningPlatform(
  names: readonly ServiceName[],
  env: Record<string, string> | (() => Record<string, string>) = {},
): RunningPlatform {
  let kafka: TestKafka | undefined;
  let processes: PlatformProcesses | undefined;
  beforeAll(async () => {
    kafka = await startTestKafka();
    processes = await startPlatformProcesses({
      brokers: kafka.brokers,
      names,
      env: typeof env === 'function' ? env() : env,
    });
  });
  afterAll(async () => {
    await processes?.stop();
    await kafka?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('runningPlatform(): the platform starts in beforeAll');
    return value;
  };
  const api = () => `${started(processes).services.gateway.url}/api/v1`;
  return {
    api,
    call: gatewayCall(api),
    kafka: () => started(kafka),
    processes: () => started(processes),
  };
}

/** A delivery address in Shanghai, for warehouses and orders alike. */
export const SHANGHAI_ADDRESS = {
  name: '王五',
  phone: '13700137000',
  province: '上海市',
  city: '上海市',
  district: '静安区',
  line1: '南京西路 1 号',
};

/** Where SHANGHAI_ADDRESS is on the map. */
export const SHANGHAI_LOCATION = { lat: 31.23, lon: 121.47 };

/** The access token of a user who logs in. */
export async function login(call: Call, email: string, password: string): Promise<string> {
  return (await call('POST', '/auth/login', { email, password })).body.accessToken as string;
}

/** A staff member the admin creates (answered 201), logged in: their access token. */
export async function aStaffMember(
  call: Call,
  admin: string,
  role: 'merchant' | 'agent' = 'merchant',
): Promise<string> {
  const email = `${role}-${uniqueSuffix()}@shop.test`;
  const password = `${role}-password-1`;
  const created = await call(
    'POST',
    '/admin/users',
    { email, password, name: role, roles: [role] },
    admin,
  );
  expect(created.status).toBe(201);
  return login(call, email, password);
}

/** A customer who has just registered: their access token and user id. */
export async function aRegisteredCustomer(call: Call): Promise<{ token: string; id: string }> {
  const registered = await call('POST', '/auth/register', {
    email: `buyer-${uniqueSuffix()}@shop.test`,
    password: 'buyer-password-1',
    name: '买家',
  });
  return { token: registered.body.accessToken as string, id: registered.body.user?.id as string };
}

/** What aStockedProduct() may be told; anything left out takes a plain default. */
export interface StockedProductOptions {
  readonly sku?: string;
  readonly price?: Money;
  readonly onHand?: number;
  /** An existing category to list it in; a new one otherwise. */
  readonly categoryId?: string;
  readonly kind?: WarehouseKind;
  readonly address?: typeof SHANGHAI_ADDRESS;
  readonly location?: { readonly lat: number; readonly lon: number };
}

/** A product of one variant a merchant has put on sale. */
export interface StockedProduct {
  readonly sku: string;
  readonly productId: string;
  readonly categoryId: string;
  readonly warehouseId: string;
}

/**
 * A merchant's product of one variant in a new category, `onHand` units of it in a new warehouse,
 * once the catalog shows them available.
 */
export async function aStockedProduct(
  call: Call,
  merchant: string,
  options: StockedProductOptions = {},
): Promise<StockedProduct> {
  const sku = options.sku ?? `SKU-${uniqueSuffix()}`;
  const onHand = options.onHand ?? 10;
  const categoryId =
    options.categoryId ??
    ((
      await call(
        'POST',
        '/categories',
        { name: '茶具', slug: `teaware-${uniqueSuffix()}` },
        merchant,
      )
    ).body.id as string);
  const product = await call(
    'POST',
    '/products',
    {
      name: '紫砂壶',
      description: '宜兴紫砂壶',
      categoryId,
      variants: [
        {
          sku,
          name: '300ml',
          price: options.price ?? money(10_000),
          weightGrams: 500,
          dimensionsMm: { length: 150, width: 100, height: 100 },
        },
      ],
    },
    merchant,
  );
  expect(product.status).toBe(201);
  const warehouse = await call(
    'POST',
    '/warehouses',
    {
      code: `WH-${uniqueSuffix()}`.toUpperCase(),
      name: '仓库',
      kind: options.kind ?? 'WAREHOUSE',
      address: options.address ?? SHANGHAI_ADDRESS,
      location: options.location ?? SHANGHAI_LOCATION,
    },
    merchant,
  );
  expect(warehouse.status).toBe(201);
  expect(
    (await call('PUT', `/warehouses/${warehouse.body.id}/stock/${sku}`, { onHand }, merchant))
      .status,
  ).toBe(200);
  await eventually(
    async () =>
      (await call('GET', `/products/${product.body.id}`)).body.variants?.[0]?.available === onHand,
    { what: 'availability' },
  );
  return {
    sku,
    productId: product.body.id as string,
    categoryId,
    warehouseId: warehouse.body.id as string,
  };
}

/** Reads the `status` events of an order stream until `done` says enough. */
export async function readStatusEvents(
  res: Response,
  done: (statuses: string[]) => boolean,
): Promise<{ status: string; reason?: string }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: { status: string; reason?: string }[] = [];
  let buffer = '';
  while (!done(seen.map((s) => s.status))) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      if (frame.startsWith('event: status') && data)
        seen.push(JSON.parse(data.slice(6)) as { status: string; reason?: string });
    }
  }
  await reader.cancel();
  return seen;
}
