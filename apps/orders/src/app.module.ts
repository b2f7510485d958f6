import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { CartPricingService } from './application/cart-pricing.service';
import { CartStore } from './application/cart-store';
import { CartService } from './application/cart.service';
import { CatalogClient } from './application/catalog-client';
import { LogisticsClient } from './application/logistics-client';
import { OrderJourneyService } from './application/order-journey.service';
import { OrderQueries } from './application/order-queries.service';
import { OrderTimersService } from './application/order-timers.service';
import { PlaceOrderService } from './application/place-order.service';
import { ReturnsService } from './application/returns.service';
import { ORDERS_CONFIG } from './application/tokens';
import { loadOrdersConfig, type OrdersConfig } from './config';
import { CartController } from './http/cart.controller';
import { OrdersController } from './http/orders.controller';
import { ReturnsController } from './http/returns.controller';
import {
  PriceChangedHandler,
  ProductArchivedHandler,
  ProductUpdatedHandler,
} from './messaging/catalog-product.handlers';
import {
  PaymentCapturedHandler,
  PaymentCreatedHandler,
  PaymentFailedHandler,
  PaymentRefundedHandler,
} from './messaging/payments-payment.handlers';
import {
  ShipmentCreatedHandler,
  ShipmentDeliveredHandler,
  ShipmentStatusChangedHandler,
} from './messaging/logistics-shipment.handlers';
import {
  StockReservationFailedHandler,
  StockReservedHandler,
  StockRestockedHandler,
} from './messaging/logistics-inventory.handlers';
import { migrations } from './persistence/migrations';
import { OrderLineEntity } from './persistence/order-line.entity';
import { OrderEntity } from './persistence/order.entity';
import { ReturnEntity } from './persistence/return.entity';
import { MEMBERSHIP_ENTITIES, MembershipModule } from './membership/membership.module';
import { PROMOTION_ENTITIES, PromotionsModule } from './promotions.module';

/** What the platform needs to know about the orders service. */
export function ordersService(config: OrdersConfig): ServiceDefinition {
  return {
    name: 'orders',
    config,
    entities: [
      OrderEntity,
      OrderLineEntity,
      ReturnEntity,
      ...PROMOTION_ENTITIES,
      ...MEMBERSHIP_ENTITIES,
    ],
    migrations,
  };
}

@Module({})
export class AppModule {
  static forConfig(config: OrdersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicePlatformModule.forService(ordersService(config)),
        PromotionsModule,
        MembershipModule.forConfig(config),
      ],
      controllers: [CartController, OrdersController, ReturnsController],
      providers: [
        { provide: ORDERS_CONFIG, useValue: config },
        CatalogClient,
        LogisticsClient,
        CartStore,
        CartPricingService,
        CartService,
        PlaceOrderService,
        OrderQueries,
        OrderJourneyService,
        OrderTimersService,
        ReturnsService,
        StockReservedHandler,
        StockReservationFailedHandler,
        StockRestockedHandler,
        PaymentCreatedHandler,
        PaymentCapturedHandler,
        PaymentFailedHandler,
        PaymentRefundedHandler,
        ShipmentCreatedHandler,
        ShipmentStatusChangedHandler,
        ShipmentDeliveredHandler,
        PriceChangedHandler,
        ProductUpdatedHandler,
        ProductArchivedHandler,
      ],
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
