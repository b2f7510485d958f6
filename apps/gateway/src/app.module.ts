import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadGatewayConfig, type GatewayConfig } from './config';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the gateway service. */
export function gatewayService(config: GatewayConfig): ServiceDefinition {
  return { name: 'gateway', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(gatewayService(config))],
    };
  }
}

/** How the gateway process starts: used by main.ts and by tests that boot the service. */
export const gatewayEntry: ServiceEntry<GatewayConfig> = {
  loadConfig: loadGatewayConfig,
  definition: gatewayService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.GATEWAY_PORT,
};
