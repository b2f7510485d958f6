import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadPaymentsConfig, type PaymentsConfig } from './config';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the payments service. */
export function paymentsService(config: PaymentsConfig): ServiceDefinition {
  return { name: 'payments', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: PaymentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(paymentsService(config))],
    };
  }
}

/** How the payments process starts: used by main.ts and by tests that boot the service. */
export const paymentsEntry: ServiceEntry<PaymentsConfig> = {
  loadConfig: loadPaymentsConfig,
  definition: paymentsService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.PAYMENTS_PORT,
};
