import type { DataSource, EntityManager } from 'typeorm';

/** Where a named query runs: the data source, or the manager of the caller's transaction. */
export type Db = Pick<EntityManager, 'query'>;

/**
 * The rows a SELECT, or an INSERT ... RETURNING, answers. The driver's answer is untyped; each
 * named query (`persistence/<aggregate>.queries.ts`) states its row type once, here.
 */
export async function queryRows<T>(
  db: Db,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return (await db.query(sql, [...params])) as T[];
}

/** The first row a query answers, if any. */
export async function queryRow<T>(
  db: Db,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T | undefined> {
  return (await queryRows<T>(db, sql, params)).at(0);
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

/** How many rows an UPDATE or DELETE changed (the count of TypeORM's [rows, count]). */
export async function changedCount(
  db: Db,
  sql: string,
  params: readonly unknown[] = [],
): Promise<number> {
  const result: unknown = await db.query(sql, [...params]);
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** Runs a statement whose answer nobody reads. */
export async function execute(db: Db, sql: string, params: readonly unknown[] = []): Promise<void> {
  await db.query(sql, [...params]);
}

/** A lock on `key` (its text hash) that the transaction holds until it ends. */
export async function lockKey(tx: Db, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/**
 * Runs `work` while this session holds the lock on `key` (its text hash), or skips it at once when
 * another session holds it; answers whether it ran. No transaction is held open meanwhile, so
 * `work` can commit in as many short transactions as it likes (one replica runs a periodic job).
 */
export async function whileKeyLocked(
  db: DataSource,
  key: string,
  work: () => Promise<void>,
): Promise<boolean> {
  const session = db.createQueryRunner();
  await session.connect();
  try {
    const [{ locked }] = (await session.query(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [key],
    )) as { locked: boolean }[];
    if (!locked) return false;
    try {
      await work();
      return true;
    } finally {
      await session.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await session.release();
  }
}
