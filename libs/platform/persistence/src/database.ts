import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';
const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function assertSafeName(database: string): void {
  if (!SAFE_NAME.test(database)) throw new RangeError(`Unsafe database name: ${database}`);
}

/** The URL of `database` on the server of `serverUrl` (its path replaced). */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withServer<T>(serverUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `database` on the server unless it exists; safe when several processes race. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  assertSafeName(database);
  await withServer(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return;
    try {
      await client.query(`CREATE DATABASE "${database}"`);
    } catch (error) {
      if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
    }
  });
}

/** Drops `database`, closing its connections first (tests and rebuilds). */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  assertSafeName(database);
  await withServer(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  );
}
