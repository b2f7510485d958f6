import { infrastructureSpecs, loadConfig, num, port, str, url } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  ORDERS_PORT: port({ default: 3002, desc: 'HTTP port of the orders service' }),
  ORDERS_CATALOG_URL: url({
    default: 'http://127.0.0.1:3001',
    desc: 'catalog service base URL (prices, names, availability)',
  }),
  ORDERS_LOGISTICS_URL: url({
    default: 'http://127.0.0.1:3004',
    desc: 'logistics service base URL (shipping quotes)',
  }),
  ORDERS_PAYMENT_WINDOW_SECONDS: num({
    default: 900,
    desc: 'how long an order waits for its payment before it is cancelled (PAYMENT_TIMEOUT)',
  }),
  ORDERS_RETURN_WINDOW_DAYS: num({
    default: 7,
    desc: 'days after delivery during which a return may be requested',
  }),
  ORDERS_CART_TTL_DAYS: num({ default: 30, desc: 'days an idle customer cart is kept' }),
  ORDERS_GUEST_CART_TTL_DAYS: num({ default: 7, desc: 'days an idle guest cart is kept' }),
  ORDERS_PRICE_CACHE_SECONDS: num({
    default: 30,
    desc: 'how long catalog prices are cached (price changes evict at once)',
  }),
  ORDERS_SHIPPING_QUOTE_CACHE_SECONDS: num({
    default: 30,
    desc: 'how long a shipping price for the same destination city and items is reused',
  }),
  ORDERS_TIER_THRESHOLDS: str({
    default: 'SILVER:100000,GOLD:500000,PLATINUM:2000000',
    desc: 'net paid spend in fen from which each member tier starts',
  }),
  ORDERS_POINTS_RATES: str({
    default: 'REGULAR:1,SILVER:1.2,GOLD:1.5,PLATINUM:2',
    desc: 'member points earned per yuan of goods (shipping excluded), by the tier an order is placed at',
  }),
  ORDERS_POINTS_EXPIRY_DAYS: num({
    default: 365,
    desc: 'days after an order completes until the points it earned expire',
  }),
  ORDERS_SWEEP_INTERVAL_MS: num({
    default: 5_000,
    desc: 'how often payment deadlines, return windows and points expiry are checked',
  }),
};

/** The orders service's validated configuration. */
export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;

/** Reads the orders service's configuration; the only place it touches the environment. */
export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
