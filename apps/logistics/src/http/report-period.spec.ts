import { BadRequestError, BusinessRuleError } from '@emporium/contracts';
import { MAX_COVERAGE_DAYS, reportPeriod } from './report-period';

describe('reportPeriod', () => {
  it('reads dates as Shanghai business days, the `to` date included', () => {
    expect(reportPeriod({ from: '2026-02-01', to: '2026-02-28' })).toEqual({
      from: new Date('2026-01-31T16:00:00Z'),
      to: new Date('2026-02-28T16:00:00Z'),
    });
    expect(
      reportPeriod({ from: '2024-02-29', to: '2026-03-01T10:00:00+08:00' }).to.toISOString(),
    ).toBe('2026-03-01T02:00:00.000Z');
  });

  it.each([
    ['2026-02-31', '2026-03-10'],
    ['2026-01-01', '2026-02-29'],
    ['2026-13-01', '2026-12-31'],
    ['2026-04-31T10:00:00Z', '2026-05-10'],
    ['2026-01-01', '2026-01-02T25:00:00Z'],
  ])('refuses a day the calendar does not have (%s to %s) with a 400', (from, to) => {
    expect(() => reportPeriod({ from, to })).toThrow(BadRequestError);
  });

  it('refuses an empty period with a 422', () => {
    expect(() => reportPeriod({ from: '2026-03-02', to: '2026-03-01' })).toThrow(BusinessRuleError);
  });

  it('takes a period of at most maxDays days, and refuses a longer one with a 400', () => {
    // 2024 is a leap year: its 366 days are the longest allowed, one more is too many.
    expect(reportPeriod({ from: '2024-01-01', to: '2024-12-31' }, MAX_COVERAGE_DAYS)).toBeTruthy();
    expect(() => reportPeriod({ from: '2024-01-01', to: '2025-01-01' }, MAX_COVERAGE_DAYS)).toThrow(
      BadRequestError,
    );
    expect(
      reportPeriod({ from: '2024-01-01', to: '2025-01-01T00:00:00+08:00' }, MAX_COVERAGE_DAYS),
    ).toBeTruthy();
    expect(() =>
      reportPeriod({ from: '2024-01-01', to: '2025-01-01T00:00:01+08:00' }, MAX_COVERAGE_DAYS),
    ).toThrow(BadRequestError);
    expect(reportPeriod({ from: '2020-01-01', to: '2026-01-01' })).toBeTruthy();
  });
});
