import { infrastructureSpecs, loadConfig, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  CUSTOMER_SERVICE_PORT: port({ default: 3005, desc: 'HTTP port of the customer-service service' }),
};

/** The customer-service service's validated configuration. */
export type CustomerServiceConfig = ReturnType<typeof loadCustomerServiceConfig>;

/** Reads the customer-service service's configuration; the only place it touches the environment. */
export function loadCustomerServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
