import { randomBytes } from 'node:crypto';
import { databaseUrl, dropDatabase, ensureDatabase } from '@emporium/platform-persistence';

/** A random suffix for names a suite owns (databases, consumer groups). */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A database of the suite's own, created empty; `drop()` removes it. */
export interface TestDatabase {
  readonly name: string;
  readonly serverUrl: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random>` on the test server (DATABASE_URL, set by the global setup). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run tests through jest (global setup)');
  const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${uniqueSuffix()}`;
  await ensureDatabase(serverUrl, name);
  return {
    name,
    serverUrl,
    url: databaseUrl(serverUrl, name),
    drop: () => dropDatabase(serverUrl, name),
  };
}
