import type { KeyObject } from 'node:crypto';
import { rsaSha256Sign, rsaSha256Verify } from './rsa-sha256';

/**
 * Alipay's open-platform wire format (openapi.alipay.com/gateway.do), shared by the adapter and the
 * local simulator: form parameters signed RSA2 (SHA256withRSA) over their sorted `key=value` pairs,
 * JSON answers signed over the exact text of their `<method>_response` member, and asynchronous
 * notifications posted as forms, signed the same way by Alipay.
 */

/** Alipay's answer code of a successful call. */
export const ALIPAY_SUCCESS_CODE = '10000';

/** Alipay's business-failure answer code (with a `sub_code` saying which). */
export const ALIPAY_BUSINESS_FAILURE = '40004';

/** Alipay trade states (`trade_status`). */
export type AlipayTradeStatus =
  'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FINISHED' | 'TRADE_CLOSED';

/** Every trade state, for parsing. */
export const ALIPAY_TRADE_STATUSES: readonly AlipayTradeStatus[] = [
  'WAIT_BUYER_PAY',
  'TRADE_SUCCESS',
  'TRADE_FINISHED',
  'TRADE_CLOSED',
];

/**
 * The text Alipay signs: every parameter but `sign` (and, for notifications, `sign_type`) with a
 * non-empty value, sorted by name, as `k=v` joined by `&`, values as they are (not URL-encoded).
 */
export function alipaySigningContent(
  params: Readonly<Record<string, string>>,
  exclude: readonly string[] = ['sign'],
): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** RSA2: base64 SHA256withRSA of `content` (UTF-8). */
export const rsa2Sign = rsaSha256Sign;

/** Whether `signature` (base64) is the RSA2 signature of `content` by the holder of `publicKey`. */
export const rsa2Verify = rsaSha256Verify;

/** Signs request or notification parameters: the same parameters plus `sign`. */
export function signAlipayParams(
  params: Readonly<Record<string, string>>,
  privateKey: KeyObject,
): Record<string, string> {
  return { ...params, sign: rsa2Sign(alipaySigningContent(params), privateKey) };
}

/** Alipay's `yyyy-MM-dd HH:mm:ss` in China time (UTC+8, no daylight saving). */
export function alipayTimestamp(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const YUAN = /^(0|[1-9]\d{0,12})\.(\d{2})$/;

/** Fen to Alipay's yuan with two decimals (12900 → "129.00"). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`Not an amount in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Alipay's yuan with two decimals to fen ("129.00" → 12900); undefined for anything else. */
export function yuanToFen(yuan: string | undefined): number | undefined {
  const match = yuan === undefined ? null : YUAN.exec(yuan);
  return match ? Number(match[1]) * 100 + Number(match[2]) : undefined;
}

/** The member of an answer that holds the result of `method` (`alipay.trade.query` → `alipay_trade_query_response`). */
export function alipayResponseKey(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

/**
 * Builds an answer as Alipay writes it: `{"<method>_response":{…},"sign":"…"}`, the signature over
 * the exact text of the response member.
 */
export function signedAlipayAnswer(
  method: string,
  response: Readonly<Record<string, unknown>>,
  privateKey: KeyObject,
): string {
  const content = JSON.stringify(response);
  return `{"${alipayResponseKey(method)}":${content},"sign":${JSON.stringify(rsa2Sign(content, privateKey))}}`;
}

/**
 * Reads an answer of Alipay's gateway and checks its signature over the exact text of the
 * response member (re-serialising the parsed JSON would not give the signed bytes back).
 * An `error_response` (unknown method, bad signature of ours) is returned unverified.
 */
export function readAlipayAnswer(
  method: string,
  text: string,
  publicKey: KeyObject,
): Record<string, unknown> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`Alipay ${method}: the answer is not JSON`);
  }
  const key = alipayResponseKey(method);
  const response = parsed[key];
  if (typeof response !== 'object' || response === null) {
    const error = parsed.error_response as Record<string, unknown> | undefined;
    throw new Error(`Alipay ${method}: ${JSON.stringify(error ?? parsed).slice(0, 300)}`);
  }
  const marker = `"${key}":`;
  const start = text.indexOf(marker) + marker.length;
  const end = text.lastIndexOf(',"sign"');
  const signature = parsed.sign;
  if (
    end < start ||
    typeof signature !== 'string' ||
    !rsa2Verify(text.slice(start, end), signature, publicKey)
  ) {
    throw new Error(`Alipay ${method}: the answer's signature does not verify`);
  }
  return response as Record<string, unknown>;
}

/** A form body's parameters, each name once (a repeated name is refused). */
export function readForm(body: string): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (Object.prototype.hasOwnProperty.call(params, k)) return undefined;
    params[k] = v;
  }
  return params;
}
