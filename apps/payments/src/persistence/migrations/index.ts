import type { MigrationClass } from '@emporium/platform-persistence';

/** The payments service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [];
