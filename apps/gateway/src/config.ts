import { infrastructureSpecs, loadConfig, port } from '@emporium/platform-config';

const specs = {
  ...infrastructureSpecs,
  GATEWAY_PORT: port({ default: 3000, desc: 'HTTP port of the gateway service' }),
};

/** The gateway service's validated configuration. */
export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

/** Reads the gateway service's configuration; the only place it touches the environment. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(specs, env);
}
