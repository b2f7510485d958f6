import { infrastructureSpecs, loadConfig, num, port, str } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  CATALOG_PORT: port({ default: 3001, desc: 'HTTP port of the catalog service' }),
  CATALOG_CACHE_TTL_SECONDS: num({
    default: 60,
    desc: 'lifetime of cached product details and first listing pages (changes invalidate them sooner)',
  }),
  CATALOG_CACHE_PREFIX: str({
    default: undefined,
    desc: 'Redis key prefix of the catalog caches; catalog:<database name> when unset',
  }),
};

/** The catalog service's validated configuration. */
export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;

/** Reads the catalog service's configuration; the only place it touches the environment. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}

/** The Redis key prefix of this catalog's caches, distinct per database so test suites never share. */
export function cachePrefix(config: CatalogConfig): string {
  return config.CATALOG_CACHE_PREFIX ?? `catalog:${config.DATABASE_NAME ?? 'emporium_catalog'}`;
}

/** Injection token of the catalog's configuration. */
export const CATALOG_CONFIG = Symbol('CATALOG_CONFIG');
