/** The rate limit buckets of API.md's convention. */
export type RateLimitBucket = 'login' | 'register' | 'default';

/** Requests a minute allowed in each bucket. */
export type RateLimits = Readonly<Record<RateLimitBucket, number>>;

/** The bucket a request falls in, by method and path (without query). */
export function bucketOf(method: string, path: string): RateLimitBucket {
  if (method === 'POST' && path === '/api/v1/auth/login') return 'login';
  if (method === 'POST' && path === '/api/v1/auth/register') return 'register';
  return 'default';
}

/** The `RateLimit-*` and `Retry-After` headers for a bucket's state (IETF draft field names). */
export function rateLimitHeaders(
  limit: number,
  remaining: number,
  msBeforeReset: number,
  limited: boolean,
): Record<string, string> {
  const reset = Math.max(1, Math.ceil(msBeforeReset / 1_000));
  const headers: Record<string, string> = {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(Math.max(0, remaining)),
    'ratelimit-reset': String(reset),
    'ratelimit-policy': `${limit};w=60`,
  };
  if (limited) headers['retry-after'] = String(reset);
  return headers;
}
