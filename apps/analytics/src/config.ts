import { infrastructureSpecs, loadConfig, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  ANALYTICS_PORT: port({ default: 3006, desc: 'HTTP port of the analytics service' }),
};

/** The analytics service's validated configuration. */
export type AnalyticsConfig = ReturnType<typeof loadAnalyticsConfig>;

/** Reads the analytics service's configuration; the only place it touches the environment. */
export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
