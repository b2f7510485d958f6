import type { InfrastructureConfig } from '@emporium/platform-config';
import type { EntityClass, MigrationClass } from '@emporium/platform-persistence';

/** What a service tells the platform about itself. */
export interface ServiceDefinition {
  /** Service name: database `emporium_<name>`, consumer group `<name>`, log `service` field. */
  readonly name: string;
  readonly config: InfrastructureConfig;
  readonly entities?: readonly EntityClass[];
  readonly migrations?: readonly MigrationClass[];
  /** Consumer tuning; tests shorten the backoff. */
  readonly consumer?: { readonly maxAttempts?: number; readonly initialBackoffMs?: number };
}

/** Injection token of the running service's definition. */
export const SERVICE_DEFINITION = Symbol('SERVICE_DEFINITION');

/** Injection token of the service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');

/** Injection token of the service's root pino logger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
