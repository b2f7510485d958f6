import type { InfrastructureConfig } from '@emporium/platform-config';
import type { Type } from '@nestjs/common';
import type { Authenticator } from '@emporium/platform-auth';
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
  /**
   * How the service learns its callers, when not from the gateway-signed identity header (the
   * gateway itself); a provider of a global module of the service.
   */
  readonly authenticator?: Type<Authenticator>;
}

/** Injection token of the running service's definition. */
export const SERVICE_DEFINITION = Symbol('SERVICE_DEFINITION');

/** Injection token of the service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');

/** Injection token of the service's root pino logger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
