import type { EntityManager } from 'typeorm';

/** Where a named query runs: the data source, or the manager of the caller's transaction. */
export type Db = Pick<EntityManager, 'query'>;

/**
 * The rows of a SELECT (or an INSERT ... RETURNING, whose rows come back as they are). The
 * driver's answer is untyped; each named query states its row type once, here.
 */
export async function queryRows<T>(
  db: Db,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return (await db.query(sql, [...params])) as T[];
}

/** The rows of an UPDATE or DELETE ... RETURNING: TypeORM's Postgres driver answers [rows, count]. */
export async function updatedRows<T>(
  db: Db,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const result: unknown = await db.query(sql, [...params]);
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : [];
}
