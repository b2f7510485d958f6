import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { ConfirmPaymentService } from './application/confirm-payment.service';
import { PaymentActions } from './application/payment-actions';
import { PaymentsService } from './application/payments.service';
import { ProviderWebhooksService } from './application/provider-webhooks.service';
import { PAYMENT_PROVIDERS, PaymentProviders } from './application/providers/payment-providers';
import { SandboxProvider } from './application/providers/sandbox.provider';
import { ReconciliationService } from './application/reconciliation.service';
import { DISPATCH_INTERVAL_MS, RefundsService } from './application/refunds.service';
import { loadPaymentsConfig, type PaymentsConfig } from './config';
import { PaymentsController } from './http/payments.controller';
import { WebhooksController } from './http/webhooks.controller';
import { OrderAwaitingPaymentHandler } from './messaging/order-awaiting-payment.handler';
import { OrderCancelledHandler } from './messaging/order-cancelled.handler';
import { OrderPaidHandler, OrderPlacedHandler } from './messaging/order-state.handler';
import { ReturnReceivedHandler } from './messaging/return-received.handler';
import { migrations } from './persistence/migrations';
import { PaymentEntity } from './persistence/payment.entity';
import { RefundEntity } from './persistence/refund.entity';

/** What the platform needs to know about the payments service. */
export function paymentsService(config: PaymentsConfig): ServiceDefinition {
  return { name: 'payments', config, entities: [PaymentEntity, RefundEntity], migrations };
}

/** The sandbox providers, one per method, each with its own webhook secret. */
function providers(config: PaymentsConfig): PaymentProviders {
  const feeBps = config.PAYMENTS_FEE_BPS;
  return new PaymentProviders([
    new SandboxProvider({
      name: 'sandbox',
      webhookSecret: config.PAYMENTS_WEBHOOK_SECRET_SANDBOX,
      feeBps,
    }),
    new SandboxProvider({
      name: 'alipay',
      webhookSecret: config.PAYMENTS_WEBHOOK_SECRET_ALIPAY,
      feeBps,
    }),
    new SandboxProvider({
      name: 'wechat',
      webhookSecret: config.PAYMENTS_WEBHOOK_SECRET_WECHAT,
      feeBps,
    }),
  ]);
}

@Module({})
export class AppModule {
  static forConfig(config: PaymentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(paymentsService(config))],
      controllers: [PaymentsController, WebhooksController],
      providers: [
        { provide: PAYMENT_PROVIDERS, useValue: providers(config) },
        { provide: DISPATCH_INTERVAL_MS, useValue: config.PAYMENTS_DISPATCH_INTERVAL_MS },
        PaymentActions,
        PaymentsService,
        ConfirmPaymentService,
        ProviderWebhooksService,
        RefundsService,
        ReconciliationService,
        OrderPlacedHandler,
        OrderAwaitingPaymentHandler,
        OrderPaidHandler,
        OrderCancelledHandler,
        ReturnReceivedHandler,
      ],
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
