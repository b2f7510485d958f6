import fc from 'fast-check';
import { API_ROUTES, type ApiRoute } from '../src/edge/domain/api-routes';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { ADMIN, call, startGateway, type TestGateway } from './support';

const INTERNAL_SECRET = 'fuzz-suite-internal-secret-0123456789abcd';
const RUNS_PER_ROUTE = Number(process.env.GATEWAY_FUZZ_RUNS ?? 8);

let gw: TestGateway;
let upstream: FakeUpstream;
let adminToken: string;

beforeAll(async () => {
  upstream = await startFakeUpstream(INTERNAL_SECRET);
  const env: Record<string, string> = {
    INTERNAL_AUTH_SECRET: INTERNAL_SECRET,
    GATEWAY_RATE_LIMIT_DEFAULT: '1000000',
    GATEWAY_RATE_LIMIT_LOGIN: '1000000',
    GATEWAY_RATE_LIMIT_REGISTER: '1000000',
  };
  for (const name of [
    'CATALOG',
    'ORDERS',
    'PAYMENTS',
    'LOGISTICS',
    'CUSTOMER_SERVICE',
    'ANALYTICS',
  ]) {
    env[`GATEWAY_${name}_URL`] = upstream.url;
  }
  gw = await startGateway(env);
  adminToken = (await call(gw.url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body
    .accessToken as string;
});
afterAll(async () => {
  await gw?.stop();
  await upstream?.close();
});

// Values that tend to break parsers and validators: unicode, control characters, huge numbers,
// prototype keys, nested junk.
const weirdString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '手机',
    '../../etc/passwd',
    '%00',
    '%',
    '{',
    '__proto__',
    'constructor',
    '\u0000',
    '😀',
    'null',
  ),
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    weirdString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 1e308),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        weirdString,
        fc.constantFrom('__proto__', 'email', 'password', 'events', 'refreshToken', 'roles'),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;
const bodyArb = fc.oneof(
  jsonish.map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 60 }), // not JSON at all
  fc
    .record({ email: weirdString, password: weirdString, name: weirdString })
    .map((v) => JSON.stringify(v)),
  fc
    .record({
      events: fc.array(fc.dictionary(weirdString, jsonish, { maxKeys: 4 }), { maxLength: 3 }),
    })
    .map((v) => JSON.stringify(v)),
);
const queryArb = fc
  .dictionary(
    fc.oneof(weirdString, fc.constantFrom('limit', 'cursor', 'q', 'access_token', 'from', 'to')),
    weirdString,
    { maxKeys: 4 },
  )
  .map((params) =>
    Object.entries(params)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&'),
  );
const paramArb = fc.oneof(
  fc.uuid(),
  weirdString.filter((s) => s.length > 0),
);

const STACK = /\bat \S+ \(|node_modules|\.ts:\d+|\.js:\d+/;

function urlOf(route: ApiRoute, param: string, query: string): string {
  const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(param));
  return `${route.root ? '' : '/api/v1'}${path}${query ? `?${query}` : ''}`;
}

/** One request; an event stream that opens is closed at once (it never ends by itself). */
async function send(
  method: string,
  url: string,
  body: string | undefined,
  token: string | undefined,
) {
  const abort = new AbortController();
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${gw.url}${url}`, { method, headers, body, signal: abort.signal });
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.status, text: '' };
  }
  return { status: res.status, text: await res.text() };
}

describe('fuzzing every route', () => {
  it.each(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s never answers 5xx or a stack trace',
    async (_, route) => {
      await fc.assert(
        fc.asyncProperty(
          bodyArb,
          queryArb,
          paramArb,
          fc.boolean(),
          async (body, query, param, signedIn) => {
            const withBody = route.method !== 'GET' && route.method !== 'DELETE';
            const res = await send(
              route.method,
              urlOf(route, param, query),
              withBody ? body : undefined,
              signedIn ? adminToken : undefined,
            );
            const text = res.text;
            if (res.status >= 500 || STACK.test(text)) {
              throw new Error(
                `${route.method} ${route.path} answered ${res.status}: ${text.slice(0, 300)}`,
              );
            }
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    },
  );
});
