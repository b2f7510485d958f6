import type { MigrationClass } from '@emporium/platform-persistence';
import { CreateTickets1764500000000 } from './1764500000000-create-tickets';
import { CreateReadModels1764500001000 } from './1764500001000-create-read-models';

/** The customer-service service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [
  CreateTickets1764500000000,
  CreateReadModels1764500001000,
];
