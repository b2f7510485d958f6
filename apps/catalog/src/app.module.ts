import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadCatalogConfig, type CatalogConfig } from './config';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the catalog service. */
export function catalogService(config: CatalogConfig): ServiceDefinition {
  return { name: 'catalog', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(catalogService(config))],
    };
  }
}

/** How the catalog process starts: used by main.ts and by tests that boot the service. */
export const catalogEntry: ServiceEntry<CatalogConfig> = {
  loadConfig: loadCatalogConfig,
  definition: catalogService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.CATALOG_PORT,
};
