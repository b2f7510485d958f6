import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signatures older (or further in the future) than this are refused: 5 minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The `X-Signature` value for `body` sent at `unixSeconds`: `t=<unix>,v1=<hex hmac-sha256 of "t.body">`. */
export function signWebhook(
  body: string | Buffer,
  secret: string,
  unixSeconds = Math.floor(Date.now() / 1000),
): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Why a signature was refused. */
export type WebhookSignatureProblem = 'missing' | 'malformed' | 'expired' | 'mismatch';

/**
 * Checks an `X-Signature` header against the raw body: HMAC-SHA256 compared in constant time,
 * timestamp within the tolerance. Returns undefined when valid, else what is wrong.
 */
export function checkWebhookSignature(
  header: string | undefined,
  body: string | Buffer,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): WebhookSignatureProblem | undefined {
  if (!header) return 'missing';
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isSafeInteger(t) || !given || !/^[0-9a-f]{64}$/.test(given)) return 'malformed';
  if (Math.abs(nowSeconds - t) > WEBHOOK_TOLERANCE_SECONDS) return 'expired';
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex')) ? undefined : 'mismatch';
}
