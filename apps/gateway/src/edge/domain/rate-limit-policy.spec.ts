import { bucketOf, rateLimitHeaders } from './rate-limit-policy';

describe('rate limit policy', () => {
  it('puts logins and registrations in their own stricter buckets', () => {
    expect(bucketOf('POST', '/api/v1/auth/login')).toBe('login');
    expect(bucketOf('POST', '/api/v1/auth/register')).toBe('register');
    expect(bucketOf('POST', '/api/v1/auth/refresh')).toBe('default');
    expect(bucketOf('GET', '/api/v1/products')).toBe('default');
  });

  it('tells a limited caller when to come back, in whole seconds', () => {
    expect(rateLimitHeaders(10, 0, 1_200, true)).toEqual({
      'ratelimit-limit': '10',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '2',
      'ratelimit-policy': '10;w=60',
      'retry-after': '2',
    });
  });

  it('sends no Retry-After while requests are still allowed', () => {
    expect(rateLimitHeaders(10, 3, 30_000, false)['retry-after']).toBeUndefined();
  });
});
