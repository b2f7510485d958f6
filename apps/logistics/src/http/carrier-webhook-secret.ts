/** Injection token of the HMAC secret carriers sign their webhook calls with. */
export const CARRIER_WEBHOOK_SECRET = Symbol('CARRIER_WEBHOOK_SECRET');
