import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadGatewayConfig, type GatewayConfig } from './config';
import { GATEWAY_CONFIG } from './tokens';
import { migrations } from './persistence/migrations';
import { BehaviorModule } from './behavior/behavior.module';
import { EdgeModule } from './edge/edge.module';
import { EdgeAuthenticator } from './edge/http/edge-authenticator';
import { IdentityModule } from './identity/identity.module';
import { RefreshTokenEntity } from './identity/persistence/refresh-token.entity';
import { UserEntity } from './identity/persistence/user.entity';
import { OrderStreamModule } from './order-stream/order-stream.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WebhookDeliveryEntity } from './webhooks/persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhooks/persistence/webhook-subscription.entity';

/** What the platform needs to know about the gateway service. */
export function gatewayService(config: GatewayConfig): ServiceDefinition {
  return {
    name: 'gateway',
    config,
    entities: [UserEntity, RefreshTokenEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity],
    migrations,
    authenticator: EdgeAuthenticator,
  };
}

/** The gateway's validated configuration, for every feature module. */
@Module({})
class GatewayConfigModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayConfigModule,
      global: true,
      // A plain copy: envalid's proxy throws on the lifecycle hooks Nest probes providers for.
      providers: [{ provide: GATEWAY_CONFIG, useValue: { ...config } }],
      exports: [GATEWAY_CONFIG],
    };
  }
}

/**
 * The gateway: the public API's edge and the features it still owns, a Nest module each
 * (architecture.md "Gateway").
 */
@Module({})
export class AppModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService(gatewayService(config)),
        GatewayConfigModule.forConfig(config),
        IdentityModule,
        EdgeModule,
        OrderStreamModule,
        WebhooksModule,
        BehaviorModule,
      ],
    };
  }
}

/** How the gateway process starts: used by main.ts and by tests that boot the service. */
export const gatewayEntry: ServiceEntry<GatewayConfig> = {
  loadConfig: loadGatewayConfig,
  definition: gatewayService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.GATEWAY_PORT,
  trustProxy: (config) => config.GATEWAY_TRUSTED_PROXIES,
};
