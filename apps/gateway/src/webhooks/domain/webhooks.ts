import { TOPICS, type Topic, type WebhookDeliveryStatus } from '@emporium/contracts';

export type { WebhookDeliveryStatus };

/** Every event type a subscription can name, as `TOPICS` lists them. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = (Object.keys(TOPICS) as Topic[]).flatMap(
  (topic) => TOPICS[topic].events as readonly string[],
);

/**
 * Whether an event type matches a subscription pattern: `*` (everything), `order.*` (one
 * aggregate's events) or an exact type.
 */
export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** Whether any of a subscription's patterns matches an event type. */
export function subscribes(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesPattern(pattern, type));
}

/** The patterns that match no event type of the platform (typos, unknown aggregates). */
export function unknownPatterns(
  patterns: readonly string[],
  known: readonly string[] = WEBHOOK_EVENT_TYPES,
): string[] {
  return patterns.filter((pattern) => !known.some((type) => matchesPattern(pattern, type)));
}

/** How retries are spaced and for how long they go on. */
export interface RetryPolicy {
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** After this long since the delivery was created (or retried by hand), it is FAILED. */
  readonly retryForMs: number;
}

/**
 * When the next attempt is due after `attempts` failed ones (exponential: initial × 2^(n−1), capped),
 * or undefined when the retry window has closed and the delivery is FAILED.
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  windowStart: Date,
  now: Date,
): Date | undefined {
  const backoff = Math.min(
    policy.initialBackoffMs * 2 ** Math.max(0, attempts - 1),
    policy.maxBackoffMs,
  );
  const next = now.getTime() + backoff;
  const deadline = windowStart.getTime() + policy.retryForMs;
  if (now.getTime() >= deadline) return undefined;
  return new Date(Math.min(next, deadline));
}

function ipv4Parts(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    return undefined;
  return parts.map(Number);
}

function isPrivateIpv4([a, b]: readonly number[]): boolean {
  return (
    a === 0 || // "this" network
    a === 10 ||
    a === 127 || // loopback
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const lastColon = text.lastIndexOf(':');
  const dotted = ipv4Parts(text.slice(lastColon + 1));
  if (dotted) {
    // ::ffff:10.0.0.1 → ::ffff:a00:1
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hex(dotted[0], dotted[1])}:${hex(dotted[2], dotted[3])}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) =>
    part ? part.split(':').map((h) => (/^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN)) : [];
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const fill = halves.length === 2 ? 8 - left.length - right.length : 0;
  if (fill < 0) return undefined;
  const groups = [...left, ...Array<number>(fill).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : undefined;
}

/**
 * Whether an IP address is one a webhook must not reach: loopback, private, link-local, CGNAT,
 * unique-local, multicast, unspecified, or an IPv4 address of those inside IPv6. Unparseable
 * addresses count as private, so they are refused too.
 */
export function isPrivateAddress(address: string): boolean {
  const v4 = ipv4Parts(address);
  if (v4) return isPrivateIpv4(v4);
  const g = expandIpv6(address);
  if (!g) return true;
  if (g.every((x) => x === 0)) return true; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1
  const embedded = [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff];
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0))
    return isPrivateIpv4(embedded); // ::ffff:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b) return isPrivateIpv4(embedded); // NAT64
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g[0] & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  return false;
}
