import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { COVERAGE_MAX_AGE_SECONDS, CoverageService } from './application/coverage.service';
import { PurchasingService } from './application/purchasing.service';
import { TransfersService } from './application/transfers.service';
import { ReplenishmentService } from './application/replenishment.service';
import { REPLENISHMENT_SETTINGS } from './application/replenishment-settings';
import { ReservationsService } from './application/reservations.service';
import { PICKUP_SETTINGS } from './application/pickup-settings';
import { ShipmentsService } from './application/shipments.service';
import { SkuSpecsService } from './application/sku-specs.service';
import { SlottingService } from './application/slotting.service';
import { StorePickupsService } from './application/store-pickups.service';
import {
  CARTONS,
  DELIVERY_POLICY,
  ShippingQuotesService,
} from './application/shipping-quotes.service';
import { WarehousesService } from './application/warehouses.service';
import { loadLogisticsConfig, type LogisticsConfig } from './config';
import { CARRIER_WEBHOOK_SECRETS } from './http/carrier-webhook-secret';
import { ShipmentsController } from './http/shipments.controller';
import { CoverageController } from './http/coverage.controller';
import { PurchasingController } from './http/purchasing.controller';
import { TransfersController } from './http/transfers.controller';
import { ReplenishmentController } from './http/replenishment.controller';
import { ShippingController } from './http/shipping.controller';
import { WarehousesController } from './http/warehouses.controller';
import { ProductCreatedHandler, ProductUpdatedHandler } from './messaging/catalog-product.handlers';
import {
  OrderCancelledHandler,
  OrderPaidHandler,
  OrderPlacedHandler,
} from './messaging/orders-order.handlers';
import { ReturnApprovedHandler } from './messaging/orders-return.handlers';
import { migrations } from './persistence/migrations';
import { PurchaseOrderEntity } from './persistence/purchase-order.entity';
import { ReservationEntity } from './persistence/reservation.entity';
import { ShipmentEntity } from './persistence/shipment.entity';
import { SkuSpecEntity } from './persistence/sku-spec.entity';
import { StockLevelEntity } from './persistence/stock-level.entity';
import { SupplierEntity } from './persistence/supplier.entity';
import { WarehouseEntity } from './persistence/warehouse.entity';

/** What the platform needs to know about the logistics service. */
export function logisticsService(config: LogisticsConfig): ServiceDefinition {
  return {
    name: 'logistics',
    config,
    entities: [
      WarehouseEntity,
      StockLevelEntity,
      ReservationEntity,
      SkuSpecEntity,
      ShipmentEntity,
      SupplierEntity,
      PurchaseOrderEntity,
    ],
    migrations,
  };
}

@Module({})
export class AppModule {
  static forConfig(config: LogisticsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(logisticsService(config))],
      controllers: [
        WarehousesController,
        ShippingController,
        ShipmentsController,
        ReplenishmentController,
        PurchasingController,
        TransfersController,
        CoverageController,
      ],
      providers: [
        { provide: DELIVERY_POLICY, useValue: config.LOGISTICS_DELIVERY_POLICY },
        { provide: CARTONS, useValue: config.LOGISTICS_CARTONS },
        { provide: COVERAGE_MAX_AGE_SECONDS, useValue: config.LOGISTICS_COVERAGE_MAX_AGE_SECONDS },
        { provide: CARRIER_WEBHOOK_SECRETS, useValue: config.LOGISTICS_CARRIER_SECRETS },
        {
          provide: PICKUP_SETTINGS,
          useValue: {
            windowDays: config.LOGISTICS_PICKUP_WINDOW_DAYS,
            sweepIntervalMs: config.LOGISTICS_SWEEP_INTERVAL_MS,
          },
        },
        {
          provide: REPLENISHMENT_SETTINGS,
          useValue: {
            leadTimeDays: config.LOGISTICS_REPLENISHMENT_LEAD_TIME_DAYS,
            reviewDays: config.LOGISTICS_REPLENISHMENT_REVIEW_DAYS,
            safetyFactor: config.LOGISTICS_REPLENISHMENT_SAFETY_FACTOR,
            historyDays: config.LOGISTICS_REPLENISHMENT_HISTORY_DAYS,
            planIntervalMs: config.LOGISTICS_REPLENISHMENT_INTERVAL_MS,
          },
        },
        WarehousesService,
        ReplenishmentService,
        PurchasingService,
        TransfersService,
        CoverageService,
        ReservationsService,
        ShippingQuotesService,
        ShipmentsService,
        StorePickupsService,
        SkuSpecsService,
        SlottingService,
        OrderPlacedHandler,
        OrderPaidHandler,
        OrderCancelledHandler,
        ProductCreatedHandler,
        ProductUpdatedHandler,
        ReturnApprovedHandler,
      ],
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
