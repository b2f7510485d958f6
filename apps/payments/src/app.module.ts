import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { ServiceClient } from '@emporium/platform-http';
import { ConfigError } from '@emporium/platform-config';
import { AlipayClient } from './application/providers/alipay-client';
import { WechatPayClient } from './application/providers/wechat-pay-client';
import { ConfirmPaymentService } from './application/confirm-payment.service';
import { LateNotifications, NOTIFICATION_LATE_AFTER_MS } from './application/late-notifications';
import { PaymentActions } from './application/payment-actions';
import { PaymentsService } from './application/payments.service';
import { ProviderWebhooksService } from './application/provider-webhooks.service';
import {
  PROVIDER_NAMES,
  type PaymentProvider,
  type ProviderName,
} from './application/providers/payment-provider';
import { PAYMENT_PROVIDERS, PaymentProviders } from './application/providers/payment-providers';
import { SandboxCallbacks } from './application/providers/sandbox-callbacks';
import { SandboxProvider } from './application/providers/sandbox.provider';
import { ReconciliationService } from './application/reconciliation.service';
import { StatementsService } from './application/statements.service';
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

/** A provider's gateway: its origin for the HTTP pool, its path for the calls. */
function gatewayClient(service: string, gatewayUrl: string): { http: ServiceClient; path: string } {
  const url = new URL(gatewayUrl);
  return {
    http: new ServiceClient({ service, baseUrl: url.origin, timeoutMs: 10_000 }),
    path: `${url.pathname}${url.search}`,
  };
}

/** Fetches one file from an address a provider gave (its statements live on another host). */
async function downloadOnce(address: string): Promise<Buffer> {
  const url = new URL(address);
  const http = new ServiceClient({
    service: 'alipay-bills',
    baseUrl: url.origin,
    timeoutMs: 30_000,
  });
  try {
    const res = await http.send({
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      failOnServerError: true,
    });
    if (res.status !== 200) throw new Error(`${url.origin} answered ${res.status} for a statement`);
    return res.body;
  } finally {
    await http.close();
  }
}

/** Alipay over its open-platform API, when a gateway is configured. */
function alipay(config: PaymentsConfig, callbackBase: () => string): AlipayClient | undefined {
  if (!config.PAYMENTS_ALIPAY_GATEWAY_URL) return undefined;
  const { http, path } = gatewayClient('alipay', config.PAYMENTS_ALIPAY_GATEWAY_URL);
  return new AlipayClient({
    http,
    gatewayPath: path,
    appId: config.PAYMENTS_ALIPAY_APP_ID,
    privateKey: createPrivateKey(readFileSync(config.PAYMENTS_ALIPAY_PRIVATE_KEY_FILE)),
    alipayPublicKey: createPublicKey(readFileSync(config.PAYMENTS_ALIPAY_PUBLIC_KEY_FILE)),
    notifyUrl: () =>
      config.PAYMENTS_ALIPAY_NOTIFY_URL ?? `${callbackBase()}/webhooks/payments/alipay`,
    feeBps: config.PAYMENTS_FEE_BPS,
    download: downloadOnce,
  });
}

/** The platform's key and serial: from its certificate, or a WeChat Pay public key and its id. */
function wechatPlatformKey(config: PaymentsConfig): { serial: string; publicKey: KeyObject } {
  const pem = readFileSync(config.PAYMENTS_WECHAT_PLATFORM_KEY_FILE, 'utf8');
  if (pem.includes('BEGIN CERTIFICATE')) {
    const certificate = new X509Certificate(pem);
    return {
      serial: config.PAYMENTS_WECHAT_PLATFORM_SERIAL || certificate.serialNumber,
      publicKey: certificate.publicKey,
    };
  }
  if (!config.PAYMENTS_WECHAT_PLATFORM_SERIAL)
    throw new ConfigError(['PAYMENTS_WECHAT_PLATFORM_SERIAL: required with a public key']);
  return { serial: config.PAYMENTS_WECHAT_PLATFORM_SERIAL, publicKey: createPublicKey(pem) };
}

/** WeChat Pay over APIv3, when its API is configured. */
function wechatPay(
  config: PaymentsConfig,
  callbackBase: () => string,
): WechatPayClient | undefined {
  if (!config.PAYMENTS_WECHAT_API_URL) return undefined;
  const { http, path } = gatewayClient('wechat-pay', config.PAYMENTS_WECHAT_API_URL);
  return new WechatPayClient({
    http,
    basePath: path.replace(/\/+$/, ''),
    mchid: config.PAYMENTS_WECHAT_MCH_ID,
    appid: config.PAYMENTS_WECHAT_APP_ID,
    merchantSerial: config.PAYMENTS_WECHAT_MERCHANT_SERIAL,
    privateKey: createPrivateKey(readFileSync(config.PAYMENTS_WECHAT_PRIVATE_KEY_FILE)),
    platform: wechatPlatformKey(config),
    apiV3Key: config.PAYMENTS_WECHAT_APIV3_KEY,
    notifyUrl: () =>
      config.PAYMENTS_WECHAT_NOTIFY_URL ?? `${callbackBase()}/webhooks/payments/wechat`,
    feeBps: config.PAYMENTS_FEE_BPS,
  });
}

/**
 * One provider per method: the real protocol's adapter where its gateway is configured (the
 * simulator in development), else the generic sandbox with its own webhook secret.
 */
function providers(
  config: PaymentsConfig,
  callbacks: SandboxCallbacks,
  callbackBase: () => string,
): PaymentProviders {
  const secrets = webhookSecrets(config);
  const adapters: Partial<Record<ProviderName, PaymentProvider>> = {
    alipay: alipay(config, callbackBase),
    wechat: wechatPay(config, callbackBase),
  };
  return new PaymentProviders(
    PROVIDER_NAMES.map(
      (name) =>
        adapters[name] ??
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
          useFactory: (callbacks: SandboxCallbacks, host: HttpAdapterHost) =>
            providers(config, callbacks, () => sandboxCallbackUrl(config, host)),
          inject: [SandboxCallbacks, HttpAdapterHost],
        },
        { provide: DISPATCH_INTERVAL_MS, useValue: config.PAYMENTS_DISPATCH_INTERVAL_MS },
        {
          provide: NOTIFICATION_LATE_AFTER_MS,
          useValue: config.PAYMENTS_NOTIFICATION_LATE_AFTER_MS,
        },
        LateNotifications,
        PaymentActions,
        PaymentsService,
        ConfirmPaymentService,
        ProviderWebhooksService,
        RefundsService,
        ReconciliationService,
        StatementsService,
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
