import { resolveDataInfrastructure, type DataInfrastructure } from './infrastructure';

declare global {
  var __emporiumInfrastructure: DataInfrastructure | undefined;
}

/** Jest global setup: resolves Postgres and Redis once; workers inherit the URLs through env. */
export default async function globalSetup(): Promise<void> {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.env.REDIS_URL = infrastructure.redisUrl;
  globalThis.__emporiumInfrastructure = infrastructure;
}
