import { bool, infrastructureSpecs, json, loadConfig, port, secret } from '@emporium/platform-config';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './domain/delivery-policy';

const specs = {
  ...infrastructureSpecs,
  LOGISTICS_PORT: port({ default: 3004, desc: 'HTTP port of the logistics service' }),
  LOGISTICS_SEED_DEMO: bool({
    default: undefined,
    desc: 'create demo warehouses and stock announced products; on by default only in development',
  }),
  LOGISTICS_CARRIER_WEBHOOK_SECRET: secret({
    devDefault: 'emporium-dev-carrier-webhook-secret-change-me',
    desc: 'HMAC secret carriers sign POST /webhooks/carriers/{carrier} with (X-Signature)',
  }),
  LOGISTICS_DELIVERY_POLICY: json<DeliveryPolicy>({
    default: DEFAULT_DELIVERY_POLICY,
    desc: 'carriers, their per-zone rates (fen) and ETAs, and each option’s promised ETA, as JSON',
  }),
};

/** The logistics service's validated configuration. */
export type LogisticsConfig = ReturnType<typeof loadLogisticsConfig>;

/** Reads the logistics service's configuration; the only place it touches the environment. */
export function loadLogisticsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
