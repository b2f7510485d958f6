import { serviceDatabaseName } from '@emporium/platform-persistence';
import type { ServiceDefinition } from './service-definition';

/** The database the service uses: `DATABASE_NAME` when set (tests), else `emporium_<service>`. */
export function databaseNameOf(service: ServiceDefinition): string {
  return service.config.DATABASE_NAME ?? serviceDatabaseName(service.name);
}
