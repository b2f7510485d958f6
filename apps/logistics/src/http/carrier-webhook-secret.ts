/** Injection token of the HMAC secrets carriers sign their webhook calls with, by carrier code. */
export const CARRIER_WEBHOOK_SECRETS = Symbol('CARRIER_WEBHOOK_SECRETS');

/** Each carrier's webhook secret, by carrier code (`sf-express`). */
export type CarrierWebhookSecrets = Readonly<Record<string, string>>;
