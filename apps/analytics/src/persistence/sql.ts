import type { EntityManager } from 'typeorm';

/** Where a named query runs: the data source, or the manager of the caller's transaction. */
export type Db = Pick<EntityManager, 'query'>;

/**
 * The rows a SELECT, or an INSERT ... RETURNING, answers. The driver's answer is untyped; each
 * named query states its row type once, here.
 */
export async function queryRows<T>(db: Db, sql: string, params: readonly unknown[] = []) {
  return (await db.query(sql, [...params])) as T[];
}

/** The first row a query answers, if any. */
export async function queryRow<T>(db: Db, sql: string, params: readonly unknown[] = []) {
  return (await queryRows<T>(db, sql, params)).at(0);
}

/** How many rows an UPDATE or DELETE changed: TypeORM's Postgres driver answers [rows, count]. */
export async function changedCount(db: Db, sql: string, params: readonly unknown[] = []) {
  const [, count] = (await db.query(sql, [...params])) as [unknown[], number];
  return count;
}

/** Runs a statement whose answer nobody reads. */
export async function execute(db: Db, sql: string, params: readonly unknown[] = []) {
  await db.query(sql, [...params]);
}
