import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadOrdersConfig, type OrdersConfig } from './config';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the orders service. */
export function ordersService(config: OrdersConfig): ServiceDefinition {
  return { name: 'orders', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: OrdersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(ordersService(config))],
    };
  }
}

/** How the orders process starts: used by main.ts and by tests that boot the service. */
export const ordersEntry: ServiceEntry<OrdersConfig> = {
  loadConfig: loadOrdersConfig,
  definition: ordersService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.ORDERS_PORT,
};
