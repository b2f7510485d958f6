import {
  ConfigError,
  infrastructureSpecs,
  json,
  loadConfig,
  num,
  port,
  secret,
  str,
  url,
} from '@emporium/platform-config';
import { PAYMENT_METHODS, type PaymentMethod } from './domain/payment-status';

const webhookSecret = (provider: string) =>
  secret({
    devDefault: `emporium-dev-payments-${provider}-webhook-secret-change-me`,
    desc: `HMAC secret ${provider} signs POST /webhooks/payments/${provider} with (X-Signature)`,
  });

const specs = {
  ...infrastructureSpecs,
  PAYMENTS_PORT: port({ default: 3003, desc: 'HTTP port of the payments service' }),
  PAYMENTS_WEBHOOK_SECRET_SANDBOX: webhookSecret('sandbox'),
  PAYMENTS_WEBHOOK_SECRET_ALIPAY: webhookSecret('alipay'),
  PAYMENTS_WEBHOOK_SECRET_WECHAT: webhookSecret('wechat'),
  PAYMENTS_FEE_BPS: json<Record<PaymentMethod, number>>({
    default: { SANDBOX_CARD: 60, ALIPAY_SANDBOX: 60, WECHAT_SANDBOX: 60 },
    desc: 'provider fee per method in basis points (60 = 0.6 %), rounded half-up to the fen, as JSON',
  }),
  PAYMENTS_DISPATCH_INTERVAL_MS: num({
    default: 2_000,
    desc: 'how often refunds and voids recorded by event handlers are sent to the provider, and due sandbox callbacks are delivered, in ms',
  }),
  PAYMENTS_SANDBOX_CALLBACK_URL: url({
    default: undefined,
    desc: 'base URL the sandbox providers post their webhooks to; unset: http://127.0.0.1:<the port the service listens on>',
    example: 'http://127.0.0.1:3003',
  }),
  PAYMENTS_SANDBOX_CALLBACK_DELAY_MS: num({
    default: 1_000,
    desc: 'from a sandbox confirmation with simulate "pending" to the provider webhook, in ms',
  }),
  PAYMENTS_NOTIFICATION_LATE_AFTER_MS: num({
    default: 60_000,
    desc: 'how long a payment waits for the notification of Alipay or WeChat Pay after its QR code before the provider is asked (and again after as long), in ms',
  }),
  PAYMENTS_ALIPAY_GATEWAY_URL: url({
    default: undefined,
    desc: 'Alipay open-platform gateway ALIPAY_SANDBOX payments go through (the simulator in development); unset: the generic sandbox takes them',
    example: 'https://openapi.alipay.com/gateway.do',
  }),
  PAYMENTS_ALIPAY_APP_ID: str({ default: '', desc: 'the application id at Alipay (app_id)' }),
  PAYMENTS_ALIPAY_PRIVATE_KEY_FILE: str({
    default: '',
    desc: "PEM file of the application's private key, which signs requests (RSA2)",
  }),
  PAYMENTS_ALIPAY_PUBLIC_KEY_FILE: str({
    default: '',
    desc: "PEM file of Alipay's public key, which verifies its answers and notifications",
  }),
  PAYMENTS_ALIPAY_NOTIFY_URL: url({
    default: undefined,
    desc: 'notify_url given to Alipay; unset: <PAYMENTS_SANDBOX_CALLBACK_URL or this process>/webhooks/payments/alipay',
    example: 'https://shop.example.com/api/v1/webhooks/payments/alipay',
  }),
  PAYMENTS_WECHAT_API_URL: url({
    default: undefined,
    desc: 'WeChat Pay APIv3 base URL WECHAT_SANDBOX payments go through (the simulator in development); unset: the generic sandbox takes them',
    example: 'https://api.mch.weixin.qq.com',
  }),
  PAYMENTS_WECHAT_MCH_ID: str({ default: '', desc: 'the merchant id at WeChat Pay (mchid)' }),
  PAYMENTS_WECHAT_APP_ID: str({
    default: '',
    desc: 'the application id payments are made in (appid)',
  }),
  PAYMENTS_WECHAT_MERCHANT_SERIAL: str({
    default: '',
    desc: 'serial number of the merchant API certificate whose key signs requests (serial_no)',
  }),
  PAYMENTS_WECHAT_PRIVATE_KEY_FILE: str({
    default: '',
    desc: "PEM file of the merchant API certificate's private key",
  }),
  PAYMENTS_WECHAT_PLATFORM_KEY_FILE: str({
    default: '',
    desc: 'PEM file of the WeChat Pay platform certificate, or of the WeChat Pay public key, which verifies answers and notifications',
  }),
  PAYMENTS_WECHAT_PLATFORM_SERIAL: str({
    default: '',
    desc: "Wechatpay-Serial of the platform key; unset: the platform certificate's serial number (required with a public key, PUB_KEY_ID_…)",
  }),
  PAYMENTS_WECHAT_APIV3_KEY: str({
    default: '',
    desc: 'the APIv3 key (32 bytes) notification resources are encrypted with',
  }),
  PAYMENTS_WECHAT_NOTIFY_URL: url({
    default: undefined,
    desc: 'notify_url given to WeChat Pay; unset: <PAYMENTS_SANDBOX_CALLBACK_URL or this process>/webhooks/payments/wechat',
    example: 'https://shop.example.com/api/v1/webhooks/payments/wechat',
  }),
};

/** Settings a provider needs together: all of them once the first is set. */
const PROVIDER_SETTINGS: readonly (readonly string[])[] = [
  [
    'PAYMENTS_ALIPAY_GATEWAY_URL',
    'PAYMENTS_ALIPAY_APP_ID',
    'PAYMENTS_ALIPAY_PRIVATE_KEY_FILE',
    'PAYMENTS_ALIPAY_PUBLIC_KEY_FILE',
  ],
  [
    'PAYMENTS_WECHAT_API_URL',
    'PAYMENTS_WECHAT_MCH_ID',
    'PAYMENTS_WECHAT_APP_ID',
    'PAYMENTS_WECHAT_MERCHANT_SERIAL',
    'PAYMENTS_WECHAT_PRIVATE_KEY_FILE',
    'PAYMENTS_WECHAT_PLATFORM_KEY_FILE',
    'PAYMENTS_WECHAT_APIV3_KEY',
  ],
];

/** The payments service's validated configuration. */
export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

/** Reads the payments service's configuration; the only place it touches the environment. */
export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(specs, env);
  const fees = config.PAYMENTS_FEE_BPS as Partial<Record<PaymentMethod, unknown>>;
  const bad = PAYMENT_METHODS.filter(
    (m) => !Number.isInteger(fees[m]) || (fees[m] as number) < 0 || (fees[m] as number) > 10_000,
  );
  if (bad.length) {
    throw new ConfigError([`PAYMENTS_FEE_BPS: needs a whole number 0–10000 for ${bad.join(', ')}`]);
  }
  const values = config as unknown as Record<string, unknown>;
  const missing = PROVIDER_SETTINGS.flatMap(([first, ...rest]) =>
    values[first] ? rest.filter((name) => !values[name]) : [],
  );
  if (missing.length) {
    throw new ConfigError(
      missing.map((name) => `${name}: required with its provider's gateway URL`),
    );
  }
  // AES-256-GCM takes exactly 32 bytes; any other key would refuse every notification (401).
  const apiV3KeyBytes = Buffer.byteLength(config.PAYMENTS_WECHAT_APIV3_KEY, 'utf8');
  if (apiV3KeyBytes > 0 && apiV3KeyBytes !== 32) {
    throw new ConfigError([
      `PAYMENTS_WECHAT_APIV3_KEY: needs exactly 32 bytes (the AES-256 key), got ${apiV3KeyBytes}`,
    ]);
  }
  return config;
}
