import { Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { ConfirmPaymentService } from './application/confirm-payment.service';
import { PaymentActions } from './application/payment-actions';
import { PaymentsService } from './application/payments.service';
import { ProviderWebhooksService } from './application/provider-webhooks.service';
import { PROVIDER_NAMES, type ProviderName } from './application/providers/payment-provider';
import { PAYMENT_PROVIDERS, PaymentProviders } from './application/providers/payment-providers';
import { SandboxCallbacks } from './application/providers/sandbox-callbacks';
import { SandboxProvider } from './application/providers/sandbox.provider';
import { ReconciliationService } from './application/reconciliation.service';
import { DISPATCH_INTERVAL_MS, RefundsService } from './application/refunds.service';
import { loadPaymentsConfig, type PaymentsConfig } from './config';
import { PaymentsController } from './http/payments.controller';
import { WebhooksController } from './http/webhooks.controller';
import {
  OrderAwaitingPaymentHandler,
  OrderCancelledHandler,
  OrderPaidHandler,
  OrderPlacedHandler,
} from './messaging/orders-order.handlers';
import { ReturnReceivedHandler } from './messaging/orders-return.handlers';
import { migrations } from './persistence/migrations';
import { PaymentEntity } from './persistence/payment.entity';
import { RefundEntity } from './persistence/refund.entity';

/** What the platform needs to know about the payments service. */
export function paymentsService(config: PaymentsConfig): ServiceDefinition {
  return { name: 'payments', config, entities: [PaymentEntity, RefundEntity], migrations };
}

/**
 * Where the sandbox posts its webhooks: the configured URL, else this process on loopback at the
 * port it actually listens on (known only after `listen`; tests listen on a random one).
 */
export function sandboxCallbackUrl(config: PaymentsConfig, host: HttpAdapterHost): string {
  if (config.PAYMENTS_SANDBOX_CALLBACK_URL)
    return config.PAYMENTS_SANDBOX_CALLBACK_URL.replace(/\/+$/, '');
  const server = host.httpAdapter?.getHttpServer() as
    { address?: () => string | { port: number } | null } | undefined;
  const address = server?.address?.();
  const port = typeof address === 'object' && address ? address.port : config.PAYMENTS_PORT;
  return `http://127.0.0.1:${port}`;
}

/** Each sandbox provider's webhook secret, by provider name. */
function webhookSecrets(config: PaymentsConfig): Record<ProviderName, string> {
  return {
    sandbox: config.PAYMENTS_WEBHOOK_SECRET_SANDBOX,
    alipay: config.PAYMENTS_WEBHOOK_SECRET_ALIPAY,
    wechat: config.PAYMENTS_WEBHOOK_SECRET_WECHAT,
  };
}

/** The sandbox providers, one per method, each with its own webhook secret. */
function providers(config: PaymentsConfig, callbacks: SandboxCallbacks): PaymentProviders {
  const secrets = webhookSecrets(config);
  return new PaymentProviders(
    PROVIDER_NAMES.map(
      (name) =>
        new SandboxProvider({
          name,
          webhookSecret: secrets[name],
          feeBps: config.PAYMENTS_FEE_BPS,
          callbacks,
        }),
    ),
  );
}

@Module({})
export class AppModule {
  static forConfig(config: PaymentsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(paymentsService(config))],
      controllers: [PaymentsController, WebhooksController],
      providers: [
        {
          provide: SandboxCallbacks,
          useFactory: (host: HttpAdapterHost, db: DataSource) =>
            new SandboxCallbacks({
              db,
              baseUrl: () => sandboxCallbackUrl(config, host),
              secrets: webhookSecrets(config),
              delayMs: config.PAYMENTS_SANDBOX_CALLBACK_DELAY_MS,
              sweepIntervalMs: config.PAYMENTS_DISPATCH_INTERVAL_MS,
            }),
          inject: [HttpAdapterHost, DataSource],
        },
        {
          provide: PAYMENT_PROVIDERS,
          useFactory: (callbacks: SandboxCallbacks) => providers(config, callbacks),
          inject: [SandboxCallbacks],
        },
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
