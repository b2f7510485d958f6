import { infrastructureSpecs, loadConfig, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  PAYMENTS_PORT: port({ default: 3003, desc: 'HTTP port of the payments service' }),
};

/** The payments service's validated configuration. */
export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

/** Reads the payments service's configuration; the only place it touches the environment. */
export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
