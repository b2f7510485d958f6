import { infrastructureSpecs, loadConfig, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  ORDERS_PORT: port({ default: 3002, desc: 'HTTP port of the orders service' }),
};

/** The orders service's validated configuration. */
export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;

/** Reads the orders service's configuration; the only place it touches the environment. */
export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
