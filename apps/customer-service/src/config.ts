import { bool, infrastructureSpecs, json, loadConfig, num, port } from '@emporium/platform-config';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from './domain/sla';

const specs = {
  ...infrastructureSpecs,
  CUSTOMER_SERVICE_PORT: port({ default: 3005, desc: 'HTTP port of the customer-service service' }),
  CUSTOMER_SERVICE_SLA_POLICY: json<Partial<SlaPolicy>>({
    default: DEFAULT_SLA_POLICY,
    desc: 'SLA targets per priority (minutes), business hours (UTC offset, ISO weekdays, HH:MM start/end, holidays) and 24×7 priorities, as JSON; missing keys keep their defaults',
    example:
      '{"targets":{"P2":{"firstResponseMinutes":60,"resolutionMinutes":480}},"businessHours":{"start":"08:30"}}',
  }),
  CUSTOMER_SERVICE_SLA_SWEEP_INTERVAL_MS: num({
    default: 30_000,
    desc: 'how often SLA breaches, waiting OPEN tickets and the auto-close of resolved tickets are checked',
  }),
  CUSTOMER_SERVICE_DEFAULT_AGENT_MAX_OPEN: num({
    default: 20,
    desc: 'open tickets routing gives an agent at most, until PUT /support/agents/{id} sets their own cap',
  }),
  CUSTOMER_SERVICE_REOPEN_WINDOW_DAYS: num({
    default: 7,
    desc: 'days after resolution during which a customer reply reopens a ticket; later it is closed',
  }),
  CUSTOMER_SERVICE_MANUAL_CLOCK: bool({
    default: false,
    desc: 'lets tests move the service clock (never in production)',
  }),
};

/** The customer-service service's validated configuration. */
export type CustomerServiceConfig = ReturnType<typeof loadCustomerServiceConfig>;

/** Reads the customer-service service's configuration; the only place it touches the environment. */
export function loadCustomerServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
