import { Client } from 'pg';
import {
  DataSource,
  type EntityManager,
  type EntitySchema,
  type MigrationInterface,
} from 'typeorm';
import { databaseUrl, ensureDatabase } from './database';
import { SnakeNamingStrategy } from './naming';
import { InboxEntity, OutboxEntity } from './outbox-inbox.entities';
import { CreateOutboxAndInbox1732406400000 } from './migrations/1732406400000-create-outbox-and-inbox';
import { CreateIdempotencyKeys1764300000000 } from './migrations/1764300000000-create-idempotency-keys';

/** How a service's database is reached and shaped. */
export interface DatabaseOptions {
  /** Server URL; the database name in its path is replaced by `database`. */
  readonly serverUrl: string;
  /** The service's own database, `emporium_<service>` by default. */
  readonly database: string;
  readonly entities?: readonly EntityClass[];
  readonly migrations?: readonly MigrationClass[];
  readonly poolSize?: number;
  /** Longest wait for a connection from the pool, in ms. */
  readonly poolTimeoutMs?: number;
  readonly logging?: boolean;
}

/** A TypeORM entity: a decorated class or a schema. */
export type EntityClass = (new () => object) | EntitySchema;

/** A migration class (`<unix-ms>-<what>.ts`). */
export type MigrationClass = new () => MigrationInterface;

/** The database a service owns: `orders` → `emporium_orders`. */
export function serviceDatabaseName(service: string): string {
  return `emporium_${service.replace(/-/g, '_')}`;
}

/** TypeORM DataSource of a service: its entities plus the platform tables (outbox, inbox, idempotency keys), snake_case, no synchronize. */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl(options.serverUrl, options.database),
    entities: [OutboxEntity, InboxEntity, ...(options.entities ?? [])],
    migrations: [
      CreateOutboxAndInbox1732406400000,
      CreateIdempotencyKeys1764300000000,
      ...(options.migrations ?? []),
    ],
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: options.logging ?? false,
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.poolTimeoutMs ?? 10_000,
    },
  });
}

/**
 * Runs pending migrations under a database-wide advisory lock, so replicas starting together
 * migrate once.
 */
export async function migrate(dataSource: DataSource, url: string): Promise<void> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('emporium:migrations'))");
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.end();
  }
}

/** Creates the database if missing, connects, and migrates when asked. */
export async function openDataSource(
  options: DatabaseOptions & { readonly migrate: boolean },
): Promise<DataSource> {
  await ensureDatabase(options.serverUrl, options.database);
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  if (options.migrate) await migrate(dataSource, databaseUrl(options.serverUrl, options.database));
  return dataSource;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected

/**
 * Runs `work` in a transaction, retrying it from the start when Postgres aborts it for a
 * serialization failure or a deadlock.
 */
export async function transaction<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  { attempts = 3 }: { attempts?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
    }
  }
}
