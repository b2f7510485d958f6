import { REBUILT_TABLES } from './migrations';
import { execute, queryRows, type Db } from '@emporium/platform-persistence';

/** A table a replay empties and fills again. */
export type RebuiltTable = (typeof REBUILT_TABLES)[number];

/** Empties every table a replay rebuilds, in one statement. */
export async function emptyRebuiltTables(db: Db): Promise<void> {
  await execute(db, `TRUNCATE ${REBUILT_TABLES.join(', ')} RESTART IDENTITY`);
}

/** Rows in one of the rebuilt tables. */
export async function countRows(db: Db, table: RebuiltTable): Promise<number> {
  const [{ count }] = await queryRows<{ count: string }>(
    db,
    `SELECT count(*) AS count FROM ${table}`,
  );
  return Number(count);
}
