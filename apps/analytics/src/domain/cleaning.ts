import { createHash } from 'node:crypto';
import { BEHAVIOR_TYPES, type BehaviorEventV1, type BehaviorType } from '@emporium/contracts';

/** Why an event, or one behavior event of a batch, was set aside instead of collected. */
export type QuarantineReason = 'malformed' | 'unknown-product' | 'unprocessable';

/** More events than this in one clock second marks a session as a bot (excluded from the funnel). */
export const BOT_PEAK_EVENTS_PER_SECOND = 10;

const KNOWN_BEHAVIOR_TYPES: ReadonlySet<string> = new Set<BehaviorType>(BEHAVIOR_TYPES);

type Json = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 500;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isInstant = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v));
const isMoney = (v: unknown): boolean => isObject(v) && isCount(v.amount) && isText(v.currency);

function lineProblem(line: unknown, i: number): string | null {
  if (!isObject(line)) return `lines[${i}] is not an object`;
  if (!isText(line.sku) || !isText(line.productId)) return `lines[${i}] needs sku and productId`;
  if (!Number.isSafeInteger(line.quantity) || (line.quantity as number) <= 0) {
    return `lines[${i}].quantity must be a positive integer`;
  }
  if (!isMoney(line.lineTotal)) return `lines[${i}].lineTotal must be Money in minor units`;
  return null;
}

function linesProblem(lines: unknown): string | null {
  if (!Array.isArray(lines) || lines.length === 0) return 'lines must be a non-empty array';
  for (const [i, line] of lines.entries()) {
    const problem = lineProblem(line, i);
    if (problem) return problem;
  }
  return null;
}

function required(data: Json, fields: readonly string[]): string | null {
  const missing = fields.filter((f) => !isText(data[f]));
  return missing.length ? `missing or empty: ${missing.join(', ')}` : null;
}

/**
 * What is wrong with an event's `data` for analytics, or null when it can be collected. Only the
 * fields analytics reads are checked; unknown fields are ignored (EVENTS.md).
 */
export function dataProblem(type: string, data: unknown): string | null {
  if (!isObject(data)) return 'data is not an object';
  switch (type) {
    case 'order.placed': {
      const totals = data.totals;
      if (!isObject(totals) || !isMoney(totals.total)) return 'totals.total must be Money';
      const address = data.shippingAddress;
      if (!isObject(address) || !isText(address.province))
        return 'shippingAddress.province is missing';
      return required(data, ['orderId', 'customerId']) ?? linesProblem(data.lines);
    }
    case 'order.paid':
      if (!isMoney(data.total)) return 'total must be Money';
      if (!isInstant(data.paidAt)) return 'paidAt must be an ISO-8601 date-time';
      return required(data, ['orderId', 'customerId']) ?? linesProblem(data.lines);
    case 'payment.captured':
      if (!isMoney(data.amount)) return 'amount must be Money';
      return required(data, ['paymentId', 'orderId']);
    case 'payment.refunded':
      if (!isMoney(data.amount)) return 'amount must be Money';
      return required(data, ['paymentId', 'orderId', 'refundId']);
    case 'product.created':
    case 'product.updated':
      return required(data, ['productId', 'name']);
    case 'customer.registered':
    case 'customer.tier-changed':
      return required(data, ['customerId']);
    case 'behavior.recorded':
      if (!Array.isArray(data.events)) return 'events must be an array';
      return required(data, ['sessionId']);
    default:
      if (type.startsWith('order.') || type.startsWith('return.'))
        return required(data, ['orderId']);
      if (type.startsWith('shipment.')) return required(data, ['shipmentId']);
      return null;
  }
}

/** What is wrong with one behavior event of a batch, or null. */
export function behaviorEventProblem(event: unknown, sessionId: string): string | null {
  if (!isObject(event)) return 'not an object';
  if (!KNOWN_BEHAVIOR_TYPES.has(event.type as string)) return `unknown type ${String(event.type)}`;
  if (event.sessionId !== sessionId) return 'sessionId differs from the batch';
  if (!isInstant(event.at)) return 'at must be an ISO-8601 date-time';
  if ((event.type === 'PRODUCT_VIEW' || event.type === 'ADD_TO_CART') && !isText(event.productId)) {
    return `${String(event.type)} needs a productId`;
  }
  if (event.utm !== undefined && (!isObject(event.utm) || !isText(event.utm.source))) {
    return 'utm needs a source';
  }
  return null;
}

/**
 * The identity of a behavior event: a client retrying `POST /events` sends the same events again
 * under new envelope ids, so duplicates are recognised by content, not by envelope.
 */
export function behaviorKey(event: BehaviorEventV1): string {
  const parts = [
    event.sessionId,
    event.type,
    new Date(event.at).toISOString(),
    event.productId ?? '',
    event.sku ?? '',
    event.query ?? '',
  ];
  return createHash('sha1').update(parts.join('\u0000')).digest('base64url');
}

/** The most events that fall into one clock second. */
export function peakEventsPerSecond(instants: readonly (string | Date)[]): number {
  const perSecond = new Map<number, number>();
  let peak = 0;
  for (const at of instants) {
    const second = Math.floor(new Date(at).getTime() / 1000);
    const count = (perSecond.get(second) ?? 0) + 1;
    perSecond.set(second, count);
    peak = Math.max(peak, count);
  }
  return peak;
}

/** A session this busy is not a person: its events stay stored but leave funnel and channels. */
export function isBotLike(peakPerSecond: number): boolean {
  return peakPerSecond > BOT_PEAK_EVENTS_PER_SECOND;
}
