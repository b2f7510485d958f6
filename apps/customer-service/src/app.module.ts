import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { AgentsService } from './application/agents.service';
import { CannedRepliesService } from './application/canned-replies.service';
import { Clock, ManualClock, SystemClock } from './application/clock';
import { MetricsService } from './application/metrics.service';
import { OverviewService } from './application/overview.service';
import { ReadModelsService } from './application/read-models.service';
import { RoutingService } from './application/routing.service';
import { SUPPORT_SETTINGS, supportSettings } from './application/settings';
import { SlaMonitorService } from './application/sla-monitor.service';
import { SystemTicketsService } from './application/system-tickets.service';
import { TicketActionsService } from './application/ticket-actions.service';
import { TicketQueries } from './application/ticket-queries.service';
import { TicketsService } from './application/tickets.service';
import { loadCustomerServiceConfig, type CustomerServiceConfig } from './config';
import { CustomersController } from './http/customers.controller';
import { SupportController } from './http/support.controller';
import { TicketsController } from './http/tickets.controller';
import {
  CustomerRegisteredHandler,
  UserRolesChangedHandler,
} from './messaging/identity-customer.handlers';
import { CustomerTierChangedHandler } from './messaging/orders-member.handlers';
import { OrderPlacedHandler, OrderStatusHandler } from './messaging/orders-order.handlers';
import {
  PaymentCapturedHandler,
  PaymentCreatedHandler,
  PaymentFailedHandler,
  PaymentFlaggedHandler,
  PaymentRefundedHandler,
  PaymentVoidedHandler,
} from './messaging/payments-payment.handlers';
import { ReturnRejectedHandler } from './messaging/orders-return.handlers';
import {
  ShipmentCreatedHandler,
  ShipmentDeliveredHandler,
  ShipmentStatusChangedHandler,
} from './messaging/logistics-shipment.handlers';
import { CannedReplyEntity } from './persistence/canned-reply.entity';
import { migrations } from './persistence/migrations';
import {
  CustomerProfileEntity,
  OrderViewEntity,
  PaymentViewEntity,
  ShipmentViewEntity,
} from './persistence/read-models.entity';
import { SupportAgentEntity } from './persistence/support-agent.entity';
import { TicketAuditEntity } from './persistence/ticket-audit.entity';
import { TicketMessageEntity } from './persistence/ticket-message.entity';
import { TicketEntity } from './persistence/ticket.entity';

/** What the platform needs to know about the customer-service service. */
export function customerServiceService(config: CustomerServiceConfig): ServiceDefinition {
  return {
    name: 'customer-service',
    config,
    entities: [
      TicketEntity,
      TicketMessageEntity,
      TicketAuditEntity,
      SupportAgentEntity,
      CannedReplyEntity,
      CustomerProfileEntity,
      OrderViewEntity,
      PaymentViewEntity,
      ShipmentViewEntity,
    ],
    migrations,
  };
}

@Module({})
export class AppModule {
  static forConfig(config: CustomerServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(customerServiceService(config))],
      controllers: [TicketsController, SupportController, CustomersController],
      providers: [
        { provide: SUPPORT_SETTINGS, useValue: supportSettings(config) },
        {
          provide: Clock,
          useValue: config.CUSTOMER_SERVICE_MANUAL_CLOCK ? new ManualClock() : new SystemClock(),
        },
        RoutingService,
        TicketsService,
        TicketActionsService,
        TicketQueries,
        SystemTicketsService,
        ReadModelsService,
        SlaMonitorService,
        AgentsService,
        CannedRepliesService,
        OverviewService,
        MetricsService,
        CustomerRegisteredHandler,
        CustomerTierChangedHandler,
        OrderPlacedHandler,
        OrderStatusHandler,
        PaymentCreatedHandler,
        PaymentCapturedHandler,
        PaymentFailedHandler,
        PaymentFlaggedHandler,
        PaymentRefundedHandler,
        PaymentVoidedHandler,
        ShipmentCreatedHandler,
        ShipmentStatusChangedHandler,
        ShipmentDeliveredHandler,
        ReturnRejectedHandler,
        UserRolesChangedHandler,
      ],
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
