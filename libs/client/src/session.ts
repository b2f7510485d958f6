/** What the client remembers between calls: the signed-in user's tokens and a guest's cart token. */
export interface ClientState {
  readonly accessToken?: string;
  readonly refreshToken?: string;
  /** The guest cart's `X-Cart-Token`, until it is merged into a customer's cart. */
  readonly cartToken?: string;
}

/** Where the client keeps its state: memory by default, `localStorage` or a cookie in a browser. */
export interface ClientStorage {
  load(): ClientState;
  save(state: ClientState): void;
}

/** A storage that keeps the state in memory (lost when the process or the page ends). */
export function memoryStorage(initial: ClientState = {}): ClientStorage {
  let state = initial;
  return {
    load: () => state,
    save: (next) => {
      state = next;
    },
  };
}

/** A `fetch` as the platform's global one. */
export type Fetch = (input: Request) => Promise<Response>;

/** The calls that take an `Idempotency-Key` (API.md "idempotency"), by method and path pattern. */
const IDEMPOTENT = [
  /^POST \/api\/v1\/orders$/,
  /^POST \/api\/v1\/payments\/[^/]+\/confirm$/,
  /^POST \/api\/v1\/payments\/[^/]+\/refunds$/,
];
const CART = /^\/api\/v1\/cart(\/|$)/;
// The auth calls carry their credentials in the body; a 401 there is an answer, not an expiry.
const AUTH = /^\/api\/v1\/auth\//;

/** Whether `request` is one of the calls that take an `Idempotency-Key`. */
export function needsIdempotencyKey(method: string, pathname: string): boolean {
  const call = `${method.toUpperCase()} ${pathname}`;
  return IDEMPOTENT.some((pattern) => pattern.test(call));
}

/** Whether `pathname` is a cart call, the ones that carry `X-Cart-Token`. */
export function isCartCall(pathname: string): boolean {
  return CART.test(pathname);
}

/** What a refresh answers: a new pair, the old refresh token spent (rotation). */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/**
 * Exchanges the refresh token for a new pair, one exchange at a time: every call that finds its
 * access token refused while an exchange is under way waits for that one, because a rotated
 * refresh token presented twice revokes the whole family (API.md "Identity").
 */
export class TokenRefresher {
  private pending?: Promise<string | undefined>;

  constructor(
    private readonly storage: ClientStorage,
    private readonly exchange: (refreshToken: string) => Promise<TokenPair | undefined>,
  ) {}

  /**
   * A fresh access token to replace `refused`, or undefined when the session cannot be renewed.
   * When another call has already replaced `refused`, its token is used without a new exchange.
   */
  async renew(refused: string | undefined): Promise<string | undefined> {
    const current = this.storage.load();
    if (current.accessToken && current.accessToken !== refused) return current.accessToken;
    this.pending ??= this.run().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async run(): Promise<string | undefined> {
    const { refreshToken } = this.storage.load();
    if (!refreshToken) return undefined;
    const pair = await this.exchange(refreshToken);
    const state = this.storage.load();
    if (!pair) {
      // Refused: the session is over (expired, logged out, or revoked); the guest cart stays.
      this.storage.save({ cartToken: state.cartToken });
      return undefined;
    }
    this.storage.save({ ...state, accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    return pair.accessToken;
  }
}

/** Options of {@link sessionFetch}. */
export interface SessionFetchOptions {
  readonly storage: ClientStorage;
  readonly refresher: TokenRefresher;
  readonly fetch: Fetch;
  /** Makes an `Idempotency-Key`; `crypto.randomUUID` unless given (tests). */
  readonly newKey?: () => string;
}

/**
 * A `fetch` that speaks for the session: adds the bearer token, the guest cart token on cart calls
 * and an `Idempotency-Key` where one is needed and none was given; keeps the cart token a response
 * hands out; and on a 401 renews the access token once and sends the call again (with the same
 * idempotency key, so a retried order is still one order).
 */
export function sessionFetch(options: SessionFetchOptions): Fetch {
  const { storage, refresher, fetch } = options;
  const newKey = options.newKey ?? (() => crypto.randomUUID());

  const decorate = (request: Request, accessToken: string | undefined): Request => {
    const { pathname } = new URL(request.url);
    const headers = new Headers(request.headers);
    if (accessToken && !AUTH.test(pathname)) headers.set('authorization', `Bearer ${accessToken}`);
    const { cartToken } = storage.load();
    if (cartToken && isCartCall(pathname) && !headers.has('x-cart-token'))
      headers.set('x-cart-token', cartToken);
    return new Request(request, { headers });
  };

  const remember = (request: Request, response: Response): void => {
    const issued = response.headers.get('x-cart-token');
    const state = storage.load();
    if (issued && issued !== state.cartToken) {
      storage.save({ ...state, cartToken: issued });
    } else if (
      response.ok &&
      request.headers.has('authorization') &&
      request.headers.has('x-cart-token')
    ) {
      // A customer's cart call with the guest token merged the guest cart: the token is spent.
      storage.save({ ...state, cartToken: undefined });
    }
  };

  return async (input) => {
    let request = input;
    const { pathname } = new URL(request.url);
    if (needsIdempotencyKey(request.method, pathname) && !request.headers.has('idempotency-key')) {
      const headers = new Headers(request.headers);
      headers.set('idempotency-key', newKey());
      request = new Request(request, { headers });
    }
    const ownAuthorization = request.headers.has('authorization');
    const accessToken = ownAuthorization ? undefined : storage.load().accessToken;
    // Kept before sending: a body can be read only once, and the retry needs it again.
    const spare = request.clone();
    const first = decorate(request, accessToken);
    const response = await fetch(first);
    remember(first, response);
    if (response.status !== 401 || ownAuthorization || !accessToken || AUTH.test(pathname))
      return response;
    const renewed = await refresher.renew(accessToken);
    if (!renewed) return response;
    await response.body?.cancel();
    const second = decorate(spare, renewed);
    const retried = await fetch(second);
    remember(second, retried);
    return retried;
  };
}
