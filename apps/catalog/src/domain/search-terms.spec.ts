import { businessDay, reportDays, zeroResultShare } from './search-terms';

describe('search-terms report', () => {
  it('counts a search on the Shanghai business day it falls on', () => {
    expect(businessDay(new Date('2026-12-07T16:30:00Z'))).toBe('2026-12-08');
    expect(businessDay(new Date('2026-12-07T15:59:59Z'))).toBe('2026-12-07');
  });

  it('takes dates as business days and date-times by their business day', () => {
    expect(reportDays('2026-12-01', '2026-12-07T16:30:00Z')).toEqual({
      fromDay: '2026-12-01',
      toDay: '2026-12-08',
    });
  });

  it.each([
    ['2026-12-08', '2026-12-01'],
    ['2026-13-45', '2026-12-01'],
    ['2025-01-01', '2026-12-01'],
    ['2026-02-31', '2026-03-05'],
    ['2026-02-01', '2026-02-30T10:00:00Z'],
  ])('refuses the period %s..%s', (from, to) => {
    expect(() => reportDays(from, to)).toThrow(/period|date|before|days/);
  });

  it('gives the zero-result share as a fraction', () => {
    expect(zeroResultShare(3, 1)).toBe(0.3333);
    expect(zeroResultShare(0, 0)).toBe(0);
  });
});
