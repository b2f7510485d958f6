import {
  isPrivateAddress,
  matchesPattern,
  nextAttemptAt,
  subscribes,
  unknownPatterns,
} from './webhooks';

describe('webhook event patterns', () => {
  it('matches everything with *, one aggregate with order.*, and exact types', () => {
    expect(matchesPattern('*', 'shipment.created')).toBe(true);
    expect(matchesPattern('order.*', 'order.paid')).toBe(true);
    expect(matchesPattern('order.*', 'orders.paid')).toBe(false);
    expect(matchesPattern('order.paid', 'order.paid')).toBe(true);
    expect(matchesPattern('order.paid', 'order.placed')).toBe(false);
    expect(subscribes(['order.paid', 'shipment.*'], 'shipment.delivered')).toBe(true);
  });

  it('names the patterns no platform event matches', () => {
    expect(unknownPatterns(['order.*', 'order.payed', 'parcel.*', '*'])).toEqual([
      'order.payed',
      'parcel.*',
    ]);
  });
});

describe('webhook retry schedule', () => {
  const policy = { initialBackoffMs: 1_000, maxBackoffMs: 60_000, retryForMs: 24 * 3_600_000 };
  const start = new Date('2026-11-24T00:00:00Z');

  it('doubles the wait after each failed attempt, up to the cap', () => {
    const now = new Date('2026-11-24T01:00:00Z');
    const waits = [1, 2, 3, 8].map(
      (n) => nextAttemptAt(policy, n, start, now)!.getTime() - now.getTime(),
    );
    expect(waits).toEqual([1_000, 2_000, 4_000, 60_000]);
  });

  it('gives up once the 24 h window has closed', () => {
    expect(nextAttemptAt(policy, 30, start, new Date('2026-11-25T00:00:00Z'))).toBeUndefined();
    const late = new Date('2026-11-24T23:59:50Z');
    expect(nextAttemptAt(policy, 30, start, late)).toEqual(new Date('2026-11-25T00:00:00Z'));
  });
});

describe('private addresses (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    'fe80::1%eth0',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});
