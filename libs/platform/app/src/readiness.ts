import { SetMetadata } from '@nestjs/common';

/** Metadata key under which `@ReportsReadiness` records the `/readyz` key of a provider. */
export const REPORTS_READINESS = 'emporium:reports-readiness';

/** Background work of a service's own (beyond the platform's relay and consumer group) that /readyz reports. */
export interface ReadinessProbe {
  /** Resolves when ready; throws (or rejects) with the reason otherwise. */
  ready(): Promise<void> | void;
}

/** Marks a `ReadinessProbe` provider: `/readyz` reports it under `key`. */
export const ReportsReadiness = (key: string): ClassDecorator => SetMetadata(REPORTS_READINESS, key);
