import { API_ROUTES } from '../src/edge/domain/api-routes';
import { ServedRoutes } from '../src/edge/http/openapi/served-routes';
import { apiMdRoutes } from './api-md';
import { call, startGateway, type TestGateway } from './support';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({
    GATEWAY_CORS_ORIGINS: 'https://shop.example.com,https://admin.example.com',
  });
});
afterAll(async () => {
  await gw?.stop();
});

describe('edge', () => {
  it('answers unknown routes with a problem+json 404 and echoes X-Request-Id', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/nowhere', {
      headers: { 'x-request-id': 'req-42' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(res.body).toMatchObject({ status: 404, requestId: 'req-42' });
  });

  it('generates a request id when none is given', async () => {
    const res = await call(gw.url, 'GET', '/healthz');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a body over 1 MiB with 413 problem+json', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/auth/register', {
      body: { email: 'a@example.com', password: 'x'.repeat(1024 * 1024), name: 'x' },
    });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('urn:emporium:problem:payload-too-large');
  });

  it('answers a body over 1 MiB to a proxied route with 413 too', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/shipping/quote', {
      body: { pad: 'x'.repeat(1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/auth/login', { body: '{"email":' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('allows the configured origins, and only those, to call from a browser', async () => {
    const allowed = await fetch(`${gw.url}/api/v1/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const refused = await fetch(`${gw.url}/api/v1/products`, {
      headers: { origin: 'https://evil.example.com' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sets helmet security headers', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('compresses large answers for clients that accept it', async () => {
    const res = await fetch(`${gw.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('refuses a malformed Authorization header with 401 rather than serving anonymously', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/products', {
      headers: { authorization: 'Basic abc' },
    });
    expect(res.status).toBe(401);
  });
});

// One gateway serves both suites of this file: booting one costs more than the tests.
type Operation = {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

let doc: Document;

beforeAll(async () => {
  doc = (await (await fetch(`${gw.url}/api/v1/openapi.json`)).json()) as Document;
});

const docPath = (key: string) => {
  const [method, path] = key.split(' ');
  return { method: method.toLowerCase(), path: path === '/dashboard' ? path : `/api/v1${path}` };
};
// Actions whose request has no body (API.md names none).
const BODYLESS = new Set([
  'POST /orders/{id}/cancel',
  'POST /orders/{id}/stream-ticket',
  'POST /returns/{id}/approve',
  'POST /shipments/{id}/pickup-code',
  'POST /purchase-orders/{id}/send',
  'POST /purchase-orders/{id}/cancel',
  'POST /integrations/webhooks/{id}/deliveries/{deliveryId}/retry',
]);

describe('OpenAPI', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every METHOD /path of API.md', () => {
    const routes = apiMdRoutes();
    expect(routes.length).toBeGreaterThan(70);
    const missing = routes.filter((key) => {
      const { method, path } = docPath(key);
      return !doc.paths[path]?.[method];
    });
    expect(missing).toEqual([]);
  });

  it('routes every METHOD /path of API.md to an owner', () => {
    const known = new Set(API_ROUTES.map((r) => `${r.method} ${r.path}`));
    expect(apiMdRoutes().filter((key) => !known.has(key))).toEqual([]);
  });

  it('gives every endpoint a success response schema, and a request schema where it takes a body', () => {
    const problems: string[] = [];
    for (const route of API_ROUTES) {
      const key = `${route.method} ${route.path}`;
      const { method, path } = docPath(key);
      const op = doc.paths[path]?.[method];
      if (!op) {
        problems.push(`${key}: undocumented`);
        continue;
      }
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) problems.push(`${key}: no success response`);
      for (const [status, response] of success) {
        if (status !== '204' && !Object.values(response.content ?? {}).some((c) => c.schema)) {
          problems.push(`${key}: ${status} without a schema`);
        }
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && !BODYLESS.has(key)) {
        if (!Object.values(op.requestBody?.content ?? {}).some((c) => c.schema))
          problems.push(`${key}: no request schema`);
      }
      if (!op.responses['400'] || !op.responses['429'])
        problems.push(`${key}: error answers undocumented`);
    }
    expect(problems).toEqual([]);
  });

  it('documents every API route the gateway serves', () => {
    const served = gw.service.app.get(ServedRoutes).all;
    const undocumented = served
      .filter(
        (r) =>
          r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json' && r.method !== 'HEAD',
      )
      .map((r) => ({ method: r.method.toLowerCase(), path: r.url.replace(/:(\w+)/g, '{$1}') }))
      .filter(({ method, path }) => !doc.paths[path]?.[method])
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(served.length).toBeGreaterThan(70);
    expect(undocumented).toEqual([]);
  });

  it('resolves every schema reference', () => {
    const refs = [
      ...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(50);
    expect([...new Set(refs)].filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });

  it('serves Swagger UI at /docs, with its assets', async () => {
    const page = await fetch(`${gw.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    const bundle = await fetch(`${gw.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const init = await fetch(`${gw.url}/docs/init.js`);
    expect(await init.text()).toContain('/api/v1/openapi.json');
  });
});
