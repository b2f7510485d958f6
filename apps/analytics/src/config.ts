import { infrastructureSpecs, loadConfig, num, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  ANALYTICS_PORT: port({ default: 3006, desc: 'HTTP port of the analytics service' }),
  ANALYTICS_INSIGHTS_MAX_AGE_SECONDS: num({
    default: 300,
    desc: 'seconds a stored segments, associations, forecast or stats answer is served before it is recomputed in the background (0: computed on every request, nothing stored)',
  }),
  ANALYTICS_REPLAY_TIMEOUT_SECONDS: num({
    default: 3_600,
    desc: '`main.js replay`: give up when the topics are not read to their end within this time',
  }),
};

/** The analytics service's validated configuration. */
export type AnalyticsConfig = ReturnType<typeof loadAnalyticsConfig>;

/** Reads the analytics service's configuration; the only place it touches the environment. */
export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
