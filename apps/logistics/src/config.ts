import {
  ConfigError,
  infrastructureSpecs,
  isPlaceholderSecret,
  json,
  loadConfig,
  num,
  port,
  str,
} from '@emporium/platform-config';
import { parseCarrierSecrets } from './domain/carriers';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './domain/delivery-policy';
import { DEFAULT_CARTONS, type Carton } from './domain/packing';

const devCarrierSecrets = ['emporium-fleet', 'zto-express', 'sf-express', 'city-riders']
  .map((code) => `${code}=emporium-dev-${code}-webhook-secret-change-me`)
  .join(',');

const specs = {
  ...infrastructureSpecs,
  LOGISTICS_PORT: port({ default: 3004, desc: 'HTTP port of the logistics service' }),
  LOGISTICS_CARRIER_SECRETS: str({
    devDefault: devCarrierSecrets,
    desc: "each carrier's HMAC secret (at least 32 characters) for POST /webhooks/carriers/{carrier} (X-Signature), as code=secret pairs separated by commas; the code is the carrier's name in lower case with dashes (SF Express: sf-express)",
    example: 'sf-express=<secret>,zto-express=<secret>',
  }),
  LOGISTICS_DELIVERY_POLICY: json<DeliveryPolicy>({
    default: DEFAULT_DELIVERY_POLICY,
    desc: 'carriers, their per-zone rates (fen) and ETAs, and each option’s promised ETA, as JSON',
  }),
  LOGISTICS_CARTONS: json<readonly Carton[]>({
    default: DEFAULT_CARTONS,
    desc: 'the cartons parcels are packed in, as JSON: [{ code, lengthMm, widthMm, heightMm, maxWeightGrams, cost (fen) }]; the cheapest that holds a parcel is used',
  }),
  LOGISTICS_COVERAGE_MAX_AGE_SECONDS: num({
    default: 900,
    desc: 'seconds a coverage answer (GET /logistics/coverage, simulations) is served before it is computed again; 0 keeps none',
  }),
  LOGISTICS_PICKUP_WINDOW_DAYS: num({
    default: 7,
    desc: 'days a store pickup waits READY_FOR_PICKUP before it expires (PICKUP_EXPIRED) and its order is cancelled as NOT_COLLECTED; fractions allowed',
  }),
  LOGISTICS_REPLENISHMENT_LEAD_TIME_DAYS: num({
    default: 7,
    desc: 'days from ordering to the units on the shelf, for a SKU no supplier sells',
  }),
  LOGISTICS_REPLENISHMENT_REVIEW_DAYS: num({
    default: 14,
    desc: 'days a replenishment order should last beyond its lead time',
  }),
  LOGISTICS_REPLENISHMENT_SAFETY_FACTOR: num({
    default: 1.65,
    desc: 'safety stock in standard deviations of lead-time demand (1.65: about 95 % of lead times without a stock-out)',
  }),
  LOGISTICS_REPLENISHMENT_HISTORY_DAYS: num({
    default: 56,
    desc: 'business days of sales the demand forecast learns from',
  }),
  LOGISTICS_REPLENISHMENT_INTERVAL_MS: num({
    default: 3_600_000,
    desc: 'how often reorder points are replanned and stored (stock.low watches them)',
  }),
  LOGISTICS_SWEEP_INTERVAL_MS: num({
    default: 60_000,
    desc: 'how often store pickups past their collect-by time are expired',
  }),
};

/** The logistics service's validated configuration. */
export type LogisticsConfig = ReturnType<typeof loadLogisticsConfig>;

/** Reads the logistics service's configuration; the only place it touches the environment. */
export function loadLogisticsConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(specs, env);
  const carrierSecrets = parseCarrierSecrets(config.LOGISTICS_CARRIER_SECRETS, 32);
  if (typeof carrierSecrets === 'string') {
    throw new ConfigError([`LOGISTICS_CARRIER_SECRETS: ${carrierSecrets}`]);
  }
  const published = Object.keys(carrierSecrets).filter((code) =>
    isPlaceholderSecret(carrierSecrets[code]),
  );
  if (config.NODE_ENV === 'production' && published.length) {
    throw new ConfigError([
      `LOGISTICS_CARRIER_SECRETS: the secret of ${published.join(', ')} is a placeholder or development value, which anyone can read in the code; set this deployment's own (e.g. openssl rand -base64 48)`,
    ]);
  }
  const problems = [
    ...(config.LOGISTICS_PICKUP_WINDOW_DAYS > 0
      ? []
      : ['LOGISTICS_PICKUP_WINDOW_DAYS: must be a positive number of days']),
    ...(config.LOGISTICS_REPLENISHMENT_LEAD_TIME_DAYS >= 1 &&
    config.LOGISTICS_REPLENISHMENT_REVIEW_DAYS >= 0 &&
    config.LOGISTICS_REPLENISHMENT_SAFETY_FACTOR >= 0
      ? []
      : [
          'LOGISTICS_REPLENISHMENT_*: the lead time must be at least 1 day, the review days and safety factor not negative',
        ]),
    ...(Number.isInteger(config.LOGISTICS_REPLENISHMENT_HISTORY_DAYS) &&
    config.LOGISTICS_REPLENISHMENT_HISTORY_DAYS >= 7 &&
    config.LOGISTICS_REPLENISHMENT_HISTORY_DAYS <= 730
      ? []
      : ['LOGISTICS_REPLENISHMENT_HISTORY_DAYS: a whole number of days from 7 to 730']),
    ...(config.LOGISTICS_COVERAGE_MAX_AGE_SECONDS >= 0
      ? []
      : ['LOGISTICS_COVERAGE_MAX_AGE_SECONDS: must not be negative']),
    ...(config.LOGISTICS_REPLENISHMENT_INTERVAL_MS >= 1_000
      ? []
      : ['LOGISTICS_REPLENISHMENT_INTERVAL_MS: must be at least 1000']),
    ...(Array.isArray(config.LOGISTICS_CARTONS) &&
    config.LOGISTICS_CARTONS.every(
      (c) =>
        typeof c.code === 'string' &&
        [c.lengthMm, c.widthMm, c.heightMm, c.maxWeightGrams].every(
          (n) => Number.isInteger(n) && n > 0,
        ) &&
        Number.isInteger(c.cost) &&
        c.cost >= 0,
    )
      ? []
      : [
          'LOGISTICS_CARTONS: a list of { code, lengthMm, widthMm, heightMm, maxWeightGrams, cost } with positive whole sizes and a whole cost',
        ]),
    ...(config.LOGISTICS_SWEEP_INTERVAL_MS >= 100
      ? []
      : ['LOGISTICS_SWEEP_INTERVAL_MS: must be at least 100']),
  ];
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({ ...config, LOGISTICS_CARRIER_SECRETS: carrierSecrets });
}
