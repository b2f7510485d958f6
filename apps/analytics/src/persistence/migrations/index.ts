import type { MigrationClass } from '@emporium/platform-persistence';

/** The analytics service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [];
