import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadCustomerServiceConfig, type CustomerServiceConfig } from './config';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the customer-service service. */
export function customerServiceService(config: CustomerServiceConfig): ServiceDefinition {
  return { name: 'customer-service', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: CustomerServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(customerServiceService(config))],
    };
  }
}

/** How the customer-service process starts: used by main.ts and by tests that boot the service. */
export const customerServiceEntry: ServiceEntry<CustomerServiceConfig> = {
  loadConfig: loadCustomerServiceConfig,
  definition: customerServiceService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.CUSTOMER_SERVICE_PORT,
};
