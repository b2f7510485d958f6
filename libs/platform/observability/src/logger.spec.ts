import { redactUrl } from './logger';

describe('redactUrl', () => {
  it.each([
    [
      '/api/v1/orders/1/stream?access_token=eyJ.a.b',
      '/api/v1/orders/1/stream?access_token=[redacted]',
    ],
    ['/x?ticket=abc&limit=20', '/x?ticket=[redacted]&limit=20'],
    [
      '/x?limit=20&token=abc&refreshToken=def',
      '/x?limit=20&token=[redacted]&refreshToken=[redacted]',
    ],
    [
      '/x?refresh_token=a&id-token=b&PASSWORD=c',
      '/x?refresh_token=[redacted]&id-token=[redacted]&PASSWORD=[redacted]',
    ],
    ['/x?access%5Ftoken=abc', '/x?access%5Ftoken=[redacted]'],
  ])('hides the credentials of %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it.each(['/products?q=tea&limit=20&cursor=abc', '/orders/1', '/x?token', '/x?%E0=1'])(
    'leaves %s as it is',
    (url) => {
      expect(redactUrl(url)).toBe(url);
    },
  );
});
