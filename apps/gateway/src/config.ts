import {
  bool,
  infrastructureSpecs,
  loadConfig,
  num,
  password,
  port,
  secret,
  str,
  trustedProxies,
  url,
} from '@emporium/platform-config';

const upstream = (name: string, servicePort: number) =>
  url({
    default: `http://127.0.0.1:${servicePort}`,
    desc: `internal base URL of the ${name} service`,
  });

const specs = {
  ...infrastructureSpecs,
  GATEWAY_PORT: port({ default: 3000, desc: 'HTTP port of the gateway service' }),
  GATEWAY_JWT_SECRET: secret({
    devDefault: 'emporium-dev-jwt-secret-change-me-0123456789',
    desc: 'HS256 key, at least 32 characters, that signs end-user access tokens',
  }),
  GATEWAY_JWT_ISSUER: str({ default: 'emporium-gateway', desc: 'iss claim of access tokens' }),
  GATEWAY_JWT_AUDIENCE: str({ default: 'emporium-api', desc: 'aud claim of access tokens' }),
  GATEWAY_ACCESS_TOKEN_TTL_SECONDS: num({ default: 900, desc: 'lifetime of an access token' }),
  GATEWAY_REFRESH_TOKEN_TTL_SECONDS: num({
    default: 30 * 24 * 3600,
    desc: 'lifetime of a refresh token (each rotation issues a fresh one)',
  }),
  EMPORIUM_ADMIN_EMAIL: str({
    devDefault: 'admin@emporium.local',
    desc: 'e-mail of the first admin, created at start when missing',
  }),
  EMPORIUM_ADMIN_PASSWORD: password({
    devDefault: 'emporium-admin',
    desc: 'password of the first admin (only used when the admin is created); in production at least 12 characters',
  }),
  GATEWAY_TRUSTED_PROXIES: trustedProxies({
    default: false,
    desc: 'proxies whose X-Forwarded-For names the client: a hop count (1 behind the one ingress), or comma-separated addresses and CIDRs; empty trusts none',
  }),
  GATEWAY_RATE_LIMIT_LOGIN: num({
    default: 10,
    desc: 'logins a minute per e-mail, from one IP and across all IPs',
  }),
  GATEWAY_RATE_LIMIT_LOGIN_IP: num({
    default: 100,
    desc: 'logins a minute per IP over all e-mails',
  }),
  GATEWAY_RATE_LIMIT_REGISTER: num({ default: 30, desc: 'registrations a minute per IP' }),
  GATEWAY_RATE_LIMIT_DEFAULT: num({ default: 1_200, desc: 'requests a minute per user or IP' }),
  GATEWAY_REDIS_PREFIX: str({
    default: 'emporium:gateway',
    desc: "prefix of the gateway's Redis keys and channels (rate limits, order streams); tests isolate theirs",
  }),
  GATEWAY_ORDER_STREAMS_PER_USER: num({
    default: 5,
    desc: 'order status streams one user may hold open at once, over every gateway replica',
  }),
  GATEWAY_ORDER_STREAM_IDLE_SECONDS: num({
    default: 1_800,
    desc: 'an order status stream that sent no status for this long is ended (keep-alive pings do not count)',
  }),
  GATEWAY_STREAM_TICKET_TTL_SECONDS: num({
    default: 60,
    desc: 'how long an order stream ticket may be used',
  }),
  GATEWAY_CORS_ORIGINS: str({
    default: 'http://localhost:3000,http://localhost:5173',
    desc: 'comma-separated origins allowed to call the API from a browser',
  }),
  GATEWAY_UPSTREAM_TIMEOUT_MS: num({
    default: 5_000,
    desc: 'how long the gateway waits for a service to answer before a 503',
  }),
  GATEWAY_UPSTREAM_CONNECTIONS: num({ default: 64, desc: 'keep-alive connections per service' }),
  GATEWAY_BREAKER_RESET_MS: num({
    default: 5_000,
    desc: 'how long an open circuit refuses calls before it lets one through to probe',
  }),
  GATEWAY_BREAKER_VOLUME: num({
    default: 5,
    desc: 'calls in the rolling window before the breaker may open',
  }),
  GATEWAY_CATALOG_URL: upstream('catalog', 3001),
  GATEWAY_ORDERS_URL: upstream('orders', 3002),
  GATEWAY_PAYMENTS_URL: upstream('payments', 3003),
  GATEWAY_LOGISTICS_URL: upstream('logistics', 3004),
  GATEWAY_CUSTOMER_SERVICE_URL: upstream('customer-service', 3005),
  GATEWAY_ANALYTICS_URL: upstream('analytics', 3006),
  GATEWAY_WEBHOOKS_ALLOW_PRIVATE: bool({
    default: false,
    desc: 'let webhooks reach private, loopback and link-local addresses (development and tests only)',
  }),
  GATEWAY_WEBHOOKS_SECRET_KEY: secret({
    default: undefined,
    desc: 'key, at least 32 characters, that encrypts webhook signing secrets at rest; derived from GATEWAY_JWT_SECRET when unset',
  }),
  GATEWAY_WEBHOOKS_TIMEOUT_MS: num({
    default: 5_000,
    desc: 'how long a webhook receiver may take to answer',
  }),
  GATEWAY_WEBHOOKS_INITIAL_BACKOFF_MS: num({
    default: 10_000,
    desc: 'wait after the first failed webhook delivery; doubles after each further failure',
  }),
  GATEWAY_WEBHOOKS_MAX_BACKOFF_MS: num({
    default: 3_600_000,
    desc: 'longest wait between two webhook attempts',
  }),
  GATEWAY_WEBHOOKS_RETRY_FOR_MS: num({
    default: 24 * 3_600_000,
    desc: 'how long a webhook delivery is retried before it is FAILED',
  }),
  GATEWAY_WEBHOOKS_POLL_MS: num({
    default: 1_000,
    desc: 'how often the webhook scheduler looks for due deliveries',
  }),
  GATEWAY_WEBHOOKS_BATCH: num({
    default: 20,
    desc: 'webhook deliveries sent at once by one gateway',
  }),
};

/** The gateway service's validated configuration. */
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

/** Reads the gateway service's configuration; the only place it touches the environment. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
