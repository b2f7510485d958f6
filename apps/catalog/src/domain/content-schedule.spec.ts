import {
  CAMPAIGN_PATTERN,
  PLACEMENT_PATTERN,
  isLive,
  secondsUntilChange,
  validWindow,
} from './content-schedule';

const at = (iso: string) => new Date(iso);
const now = at('2026-06-18T12:00:00Z');

describe('isLive', () => {
  it('is never live as a draft, whatever the schedule', () => {
    expect(isLive({ status: 'DRAFT', publishAt: null, unpublishAt: null }, now)).toBe(false);
  });

  it('is live when published with no schedule', () => {
    expect(isLive({ status: 'PUBLISHED', publishAt: null, unpublishAt: null }, now)).toBe(true);
  });

  it('is live from publishAt (inclusive) until unpublishAt (exclusive)', () => {
    const item = {
      status: 'PUBLISHED' as const,
      publishAt: at('2026-06-18T12:00:00Z'),
      unpublishAt: at('2026-06-18T13:00:00Z'),
    };
    expect(isLive(item, at('2026-06-18T11:59:59Z'))).toBe(false);
    expect(isLive(item, at('2026-06-18T12:00:00Z'))).toBe(true);
    expect(isLive(item, at('2026-06-18T12:59:59Z'))).toBe(true);
    expect(isLive(item, at('2026-06-18T13:00:00Z'))).toBe(false);
  });
});

describe('validWindow', () => {
  it('refuses an end that is not after the start', () => {
    expect(validWindow(at('2026-06-18T12:00:00Z'), at('2026-06-18T12:00:00Z'))).toBe(false);
    expect(validWindow(at('2026-06-18T12:00:00Z'), at('2026-06-18T12:00:01Z'))).toBe(true);
    expect(validWindow(null, at('2026-06-18T12:00:00Z'))).toBe(true);
  });
});

describe('content patterns', () => {
  it('accepts safe campaign names only', () => {
    expect(CAMPAIGN_PATTERN.test('618-guide_2026.v1')).toBe(true);
    expect(CAMPAIGN_PATTERN.test('a b')).toBe(false);
    expect(CAMPAIGN_PATTERN.test('<script>')).toBe(false);
  });

  it('accepts home-top and category:<uuid> placements only', () => {
    expect(PLACEMENT_PATTERN.test('home-top')).toBe(true);
    expect(PLACEMENT_PATTERN.test('category:3f1c2a4e-1b2c-4d5e-8f90-123456789abc')).toBe(true);
    expect(PLACEMENT_PATTERN.test('category:phones')).toBe(false);
    expect(PLACEMENT_PATTERN.test('sidebar')).toBe(false);
  });
});

describe('secondsUntilChange', () => {
  it('is the time to the next schedule edge ahead, or Infinity when none is', () => {
    const item = {
      status: 'PUBLISHED' as const,
      publishAt: at('2026-06-18T12:00:10Z'),
      unpublishAt: at('2026-06-18T12:01:00Z'),
    };
    expect(secondsUntilChange(item, now)).toBe(10);
    expect(secondsUntilChange(item, at('2026-06-18T12:00:30Z'))).toBe(30);
    expect(secondsUntilChange(item, at('2026-06-18T12:02:00Z'))).toBe(Infinity);
    expect(secondsUntilChange({ ...item, status: 'DRAFT' }, now)).toBe(Infinity);
  });
});
