import { BadRequestError, isCalendarDate } from '@emporium/contracts';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest period the search-terms report covers. */
export const MAX_REPORT_DAYS = 366;

/** The Asia/Shanghai business day (`YYYY-MM-DD`) an instant falls on (API.md "time"). */
export function businessDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The key one term's searches of one day are counted under. */
export function countKey(day: string, term: string): string {
  return `${day}\u0000${term}`;
}

/**
 * The business days of a report period (API.md "reports"): dates are business days, date-times
 * count from the business day they fall on; both ends inclusive, at most MAX_REPORT_DAYS.
 */
export function reportDays(from: string, to: string): { fromDay: string; toDay: string } {
  const day = (value: string, field: string) => {
    const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(ms) || !isCalendarDate(value.slice(0, 10))) {
      throw new BadRequestError('invalid-period', `${field} is not a date`);
    }
    return DATE_ONLY.test(value) ? value : businessDay(new Date(ms));
  };
  const fromDay = day(from, 'from');
  const toDay = day(to, 'to');
  const days = (Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000 + 1;
  if (days < 1) throw new BadRequestError('invalid-period', '`to` is before `from`');
  if (days > MAX_REPORT_DAYS)
    throw new BadRequestError('invalid-period', `At most ${MAX_REPORT_DAYS} days`);
  return { fromDay, toDay };
}

/** The share of searches that found nothing, a fraction rounded to four places. */
export function zeroResultShare(searches: number, zeroResults: number): number {
  return searches === 0 ? 0 : Math.round((zeroResults / searches) * 10_000) / 10_000;
}
