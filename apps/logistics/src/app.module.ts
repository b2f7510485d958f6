import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadLogisticsConfig, type LogisticsConfig } from './config';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the logistics service. */
export function logisticsService(config: LogisticsConfig): ServiceDefinition {
  return { name: 'logistics', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: LogisticsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(logisticsService(config))],
    };
  }
}

/** How the logistics process starts: used by main.ts and by tests that boot the service. */
export const logisticsEntry: ServiceEntry<LogisticsConfig> = {
  loadConfig: loadLogisticsConfig,
  definition: logisticsService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.LOGISTICS_PORT,
};
