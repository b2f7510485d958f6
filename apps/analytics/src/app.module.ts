import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadAnalyticsConfig, type AnalyticsConfig } from './config';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the analytics service. */
export function analyticsService(config: AnalyticsConfig): ServiceDefinition {
  return { name: 'analytics', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: AnalyticsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(analyticsService(config))],
    };
  }
}

/** How the analytics process starts: used by main.ts and by tests that boot the service. */
export const analyticsEntry: ServiceEntry<AnalyticsConfig> = {
  loadConfig: loadAnalyticsConfig,
  definition: analyticsService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.ANALYTICS_PORT,
};
