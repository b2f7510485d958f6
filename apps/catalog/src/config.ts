import { infrastructureSpecs, loadConfig, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  CATALOG_PORT: port({ default: 3001, desc: 'HTTP port of the catalog service' }),
};

/** The catalog service's validated configuration. */
export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;

/** Reads the catalog service's configuration; the only place it touches the environment. */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
