import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  bootService,
  serviceClient,
  startTestKafka,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { money } from '@emporium/contracts';
import { ordersEntry } from '../src/app.module';
import type { OrdersConfig } from '../src/config';

/*
 * Orders asks the catalog for prices over HTTP. This catalog stands in for the real one so the
 * suite can read what each call carried, and can fail on demand; orders is the real service.
 */
interface CatalogStandIn {
  readonly url: string;
  readonly seen: IncomingHttpHeaders[];
  failing: boolean;
  close(): Promise<void>;
}

async function startCatalogStandIn(): Promise<CatalogStandIn> {
  const seen: IncomingHttpHeaders[] = [];
  const state = { failing: false };
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    if (state.failing) {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const skus = new URL(req.url ?? '/', 'http://x').searchParams.get('skus')?.split(',') ?? [];
    const items = skus.map((sku) => ({
      sku,
      productId: randomUUID(),
      name: `商品 ${sku}`,
      categoryId: randomUUID(),
      price: money(1_000),
      weightGrams: 100,
      available: 50,
      sellable: true,
    }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let kafka: TestKafka;
let catalog: CatalogStandIn;
let orders: TestService<OrdersConfig>;

beforeAll(async () => {
  kafka = await startTestKafka();
  catalog = await startCatalogStandIn();
  orders = await bootService(ordersEntry, {
    kafka,
    name: 'orders_service_calls',
    env: { ORDERS_CATALOG_URL: catalog.url, ORDERS_PRICE_CACHE_SECONDS: '1' },
  });
});
afterAll(async () => {
  await orders?.stop();
  await catalog?.close();
  await kafka?.stop();
});

const addItem = (sku: string, headers: Record<string, string> = {}) =>
  serviceClient(orders.url).call('POST', '/cart/items', { sku, quantity: 1 }, headers);

describe("orders' calls to the catalog", () => {
  it('carry the request id and the trace of the request that made them', async () => {
    const requestId = randomUUID();
    const traceId = randomUUID().replace(/-/g, '');
    const res = await addItem(`SKU-TRACE-${randomUUID()}`, {
      'x-request-id': requestId,
      traceparent: `00-${traceId}-${'1'.repeat(16)}-01`,
    });
    expect(res.status).toBe(200);
    const call = catalog.seen.at(-1)!;
    expect(call['x-request-id']).toBe(requestId);
    expect(call.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('stop reaching a failing catalog once its breaker opens, and answer 503 at once', async () => {
    catalog.failing = true;
    for (let i = 0; i < 12; i++) {
      expect((await addItem(`SKU-DOWN-${randomUUID()}`)).status).toBe(503);
    }
    const reached = catalog.seen.length;
    const res = await addItem(`SKU-DOWN-${randomUUID()}`);
    expect(res.status).toBe(503);
    expect(res.body.type).toBe('urn:emporium:problem:catalog-unavailable');
    expect(catalog.seen.length).toBe(reached);
  });
});
