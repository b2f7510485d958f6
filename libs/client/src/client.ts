import createClient, { type Client, type FetchResponse } from 'openapi-fetch';
import { openOrderStream, type OrderStatusEvent, type OrderStream } from './order-stream';
import type { paths } from './schema';
import {
  memoryStorage,
  sessionFetch,
  TokenRefresher,
  type ClientState,
  type ClientStorage,
  type Fetch,
} from './session';

type Header = { readonly 'Idempotency-Key': string };

// The client makes the key itself where it is missing, so callers may leave it out.
type KeyOptional<Op> = Op extends { parameters: { header: Header } }
  ? Omit<Op, 'parameters'> & {
      parameters: Omit<Op['parameters'], 'header'> & {
        header?: Partial<Op['parameters']['header']>;
      };
    }
  : Op;

/** The public API's paths as the client takes them: `Idempotency-Key` optional (generated). */
export type EmporiumPaths = {
  [P in keyof paths]: { [M in keyof paths[P]]: KeyOptional<paths[P][M]> };
};

type Auth = paths['/api/v1/auth/login']['post'];
type Register = paths['/api/v1/auth/register']['post'];
type Session = Auth['responses'][200]['content']['application/json'];
// What openapi-fetch answers for an operation: `data` on success, the problem as `error` otherwise.
type Answer<Op extends Record<string, unknown>> = FetchResponse<
  Op,
  { body: unknown },
  `${string}/${string}`
>;

/** Options of {@link createEmporiumClient}. */
export interface EmporiumClientOptions {
  /** Where the gateway answers, e.g. `https://shop.example.com` (the paths carry `/api/v1`). */
  readonly baseUrl: string;
  /** Where tokens and the guest cart token are kept; in memory unless given. */
  readonly storage?: ClientStorage;
  /** The `fetch` to call; the global one unless given. */
  readonly fetch?: Fetch;
}

/** The typed API client with the session's helpers. */
export type EmporiumClient = Client<EmporiumPaths> & {
  readonly auth: {
    /** Creates a customer account and signs it in; a guest cart is merged into it. */
    register(
      body: Register['requestBody']['content']['application/json'],
    ): Promise<Answer<EmporiumPaths['/api/v1/auth/register']['post']>>;
    /** Signs in; a guest cart is merged into the user's. */
    login(
      body: Auth['requestBody']['content']['application/json'],
    ): Promise<Answer<EmporiumPaths['/api/v1/auth/login']['post']>>;
    /** Revokes the refresh token's family at the gateway and forgets the session. */
    logout(): Promise<void>;
    /** The state kept in the storage (tokens, guest cart token). */
    readonly state: ClientState;
  };
  readonly orders: {
    /**
     * Follows an order's status: `onStatus` gets each `status` event until `stream.close()`, the
     * signal aborts, or the gateway ends the stream. Authenticated with the bearer header.
     */
    stream(
      orderId: string,
      onStatus: (event: OrderStatusEvent, stream: OrderStream) => void,
      options?: { readonly signal?: AbortSignal },
    ): Promise<OrderStream>;
    /** A URL of the order's stream with a single-use ticket, for a browser's `EventSource`. */
    streamUrl(orderId: string): Promise<string>;
  };
};

/**
 * A client of the Emporium public API, typed from its OpenAPI document. It signs calls with the
 * session's access token, renews it once on a 401 with the refresh token (one renewal for all
 * calls that need it), carries a guest's `X-Cart-Token` on cart calls until the cart is merged at
 * sign-in, and adds an `Idempotency-Key` to orders, payment confirmations and refunds.
 */
export function createEmporiumClient(options: EmporiumClientOptions): EmporiumClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const storage = options.storage ?? memoryStorage();
  const base: Fetch = options.fetch ?? ((request) => globalThis.fetch(request));
  // The refresh call goes straight out: it carries its own credential and must not retry itself.
  const plain = createClient<paths>({ baseUrl, fetch: base });
  const refresher = new TokenRefresher(storage, async (refreshToken) => {
    const { data } = await plain.POST('/api/v1/auth/refresh', { body: { refreshToken } });
    return data;
  });
  const fetch = sessionFetch({ storage, refresher, fetch: base });
  const api = createClient<EmporiumPaths>({ baseUrl, fetch });

  const signedIn = async (session: Session | undefined): Promise<void> => {
    if (!session) return;
    storage.save({
      ...storage.load(),
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
    });
    // A cart call with both tokens merges the guest cart (API.md "auth"); the token is then spent.
    if (storage.load().cartToken) await api.GET('/api/v1/cart');
  };

  const auth: EmporiumClient['auth'] = {
    async register(body) {
      const result = await api.POST('/api/v1/auth/register', { body });
      await signedIn(result.data);
      return result;
    },
    async login(body) {
      const result = await api.POST('/api/v1/auth/login', { body });
      await signedIn(result.data);
      return result;
    },
    async logout() {
      const { refreshToken } = storage.load();
      storage.save({});
      if (refreshToken) await plain.POST('/api/v1/auth/logout', { body: { refreshToken } });
    },
    get state() {
      return storage.load();
    },
  };

  const orders: EmporiumClient['orders'] = {
    stream: (orderId, onStatus, streamOptions) =>
      openOrderStream(
        fetch,
        `${baseUrl}/api/v1/orders/${encodeURIComponent(orderId)}/stream`,
        onStatus,
        streamOptions?.signal,
      ),
    async streamUrl(orderId) {
      const { data, error, response } = await api.POST('/api/v1/orders/{id}/stream-ticket', {
        params: { path: { id: orderId } },
      });
      if (!data) throw new Error(`No stream ticket: ${response.status} ${JSON.stringify(error)}`);
      return `${baseUrl}/api/v1/orders/${encodeURIComponent(orderId)}/stream?ticket=${encodeURIComponent(data.ticket)}`;
    },
  };

  return Object.assign(api, { auth, orders });
}
