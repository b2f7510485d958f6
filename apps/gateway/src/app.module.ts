import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { loadGatewayConfig, type GatewayConfig } from './config';
import { migrations } from './persistence/migrations';
import { UserEntity } from './persistence/user.entity';
import { RefreshTokenEntity } from './persistence/refresh-token.entity';
import { GATEWAY_CONFIG } from './application/tokens';
import { AccessTokens } from './application/access-tokens';
import { IdentityService } from './application/identity.service';
import { RateLimiterService } from './application/rate-limiter.service';
import { Upstreams } from './application/upstreams';
import { AdminUsersController, AuthController, MeController } from './http/auth.controller';
import { GatewayEdge } from './http/edge';
import { EventsController } from './http/events.controller';
import { OrderStreamController } from './http/order-stream.controller';
import { OrderStatusFeed } from './application/order-status-feed';
import { OrderStreamSlots } from './application/order-stream-slots';
import { StreamTickets } from './application/stream-tickets';
import { MemberTiersService } from './application/member-tiers.service';
import { OrderPaidHandler } from './messaging/order-paid.handler';
import { ORDER_STATUS_HANDLERS } from './messaging/order-status.handlers';
import { PaymentRefundedHandler } from './messaging/payment-refunded.handler';
import { PaidOrderEntity } from './persistence/paid-order.entity';
import { BehaviorService } from './application/behavior.service';
import { Proxy } from './http/proxy';
import { OpenApiController } from './http/openapi/openapi.controller';
import { OpenApiDocument } from './http/openapi/openapi.service';
import { ServedRoutes } from './http/openapi/served-routes';
import { WebhooksController } from './http/webhooks.controller';
import { WebhooksService } from './application/webhooks.service';
import { WebhookSecrets } from './application/webhooks-secrets';
import { WebhookAddresses } from './application/webhooks-addresses';
import { WebhookDeliveryScheduler } from './application/webhooks-delivery';
import { WebhookDispatcher } from './messaging/webhook-dispatcher';
import { WebhookSubscriptionEntity } from './persistence/webhook-subscription.entity';
import { WebhookDeliveryEntity } from './persistence/webhook-delivery.entity';

/** What the platform needs to know about the gateway service. */
export function gatewayService(config: GatewayConfig): ServiceDefinition {
  return {
    name: 'gateway',
    config,
    entities: [UserEntity, RefreshTokenEntity, PaidOrderEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity],
    migrations,
  };
}

@Module({})
export class AppModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(gatewayService(config))],
      controllers: [AuthController, MeController, AdminUsersController, EventsController, OrderStreamController, OpenApiController, WebhooksController],
      providers: [
        // A plain copy: envalid's proxy throws on the lifecycle hooks Nest probes providers for.
        { provide: GATEWAY_CONFIG, useValue: { ...config } },
        AccessTokens,
        IdentityService,
        BehaviorService,
        OrderStatusFeed,
        OrderStreamSlots,
        StreamTickets,
        MemberTiersService,
        OrderPaidHandler,
        PaymentRefundedHandler,
        ...ORDER_STATUS_HANDLERS,
        RateLimiterService,
        Upstreams,
        Proxy,
        GatewayEdge,
        ServedRoutes,
        OpenApiDocument,
        WebhookSecrets,
        WebhookAddresses,
        WebhooksService,
        WebhookDeliveryScheduler,
        WebhookDispatcher,
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
