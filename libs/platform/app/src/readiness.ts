import { DiscoveryService } from '@nestjs/core';

/** Background work of a service's own (beyond the platform's relay and consumer group) that /readyz reports. */
export interface ReadinessProbe {
  /** Resolves when ready; throws (or rejects) with the reason otherwise. */
  ready(): Promise<void> | void;
}

/** Marks a `ReadinessProbe` provider: `/readyz` reports it under the key given. */
export const ReportsReadiness = DiscoveryService.createDecorator<string>();
