import { infrastructureSpecs, loadConfig, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  LOGISTICS_PORT: port({ default: 3004, desc: 'HTTP port of the logistics service' }),
};

/** The logistics service's validated configuration. */
export type LogisticsConfig = ReturnType<typeof loadLogisticsConfig>;

/** Reads the logistics service's configuration; the only place it touches the environment. */
export function loadLogisticsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
