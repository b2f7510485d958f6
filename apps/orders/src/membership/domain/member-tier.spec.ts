import { parseTierThresholds, tierFor } from './member-tier';

const thresholds = parseTierThresholds('SILVER:100000,GOLD:500000,PLATINUM:2000000');

describe('member tiers', () => {
  it('starts every customer at REGULAR', () => {
    expect(tierFor(0, 0, thresholds)).toBe('REGULAR');
    expect(tierFor(99_999, 0, thresholds)).toBe('REGULAR');
  });

  it('reaches a tier exactly at its threshold', () => {
    expect(tierFor(100_000, 0, thresholds)).toBe('SILVER');
    expect(tierFor(500_000, 0, thresholds)).toBe('GOLD');
    expect(tierFor(2_000_000, 0, thresholds)).toBe('PLATINUM');
  });

  it('counts spend net of refunds, so a refund can lower the tier', () => {
    expect(tierFor(600_000, 100_001, thresholds)).toBe('SILVER');
  });

  it('refuses thresholds that do not rise', () => {
    expect(() => parseTierThresholds('SILVER:5,GOLD:5,PLATINUM:9')).toThrow(/rise/);
  });

  it('refuses unknown tiers, fractions and missing tiers', () => {
    expect(() => parseTierThresholds('BRONZE:1,SILVER:2,GOLD:3,PLATINUM:4')).toThrow();
    expect(() => parseTierThresholds('SILVER:1.5,GOLD:3,PLATINUM:4')).toThrow();
    expect(() => parseTierThresholds('SILVER:1,GOLD:3')).toThrow(/need a threshold/);
  });
});
