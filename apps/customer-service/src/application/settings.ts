import { DEFAULT_SLA_POLICY, validateSlaPolicy, type SlaPolicy } from '../domain/sla';
import type { CustomerServiceConfig } from '../config';

/** Injection token of the service's settings. */
export const SUPPORT_SETTINGS = Symbol('SUPPORT_SETTINGS');

/** What the use cases need from configuration. */
export interface SupportSettings {
  readonly sla: SlaPolicy;
  readonly reopenWindowMs: number;
  readonly sweepIntervalMs: number;
  /** The cap of an agent's default profile (an account given the agent role). */
  readonly defaultAgentMaxOpen: number;
}

/** Settings from configuration: a partial SLA policy is merged over the defaults, then checked. */
export function supportSettings(config: CustomerServiceConfig): SupportSettings {
  const given = config.CUSTOMER_SERVICE_SLA_POLICY;
  const sla = validateSlaPolicy({
    targets: { ...DEFAULT_SLA_POLICY.targets, ...given.targets },
    businessHours: { ...DEFAULT_SLA_POLICY.businessHours, ...given.businessHours },
    alwaysOn: given.alwaysOn ?? DEFAULT_SLA_POLICY.alwaysOn,
  });
  return {
    sla,
    reopenWindowMs: config.CUSTOMER_SERVICE_REOPEN_WINDOW_DAYS * 86_400_000,
    sweepIntervalMs: config.CUSTOMER_SERVICE_SLA_SWEEP_INTERVAL_MS,
    defaultAgentMaxOpen: config.CUSTOMER_SERVICE_DEFAULT_AGENT_MAX_OPEN,
  };
}
