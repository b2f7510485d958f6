import { BadRequestError, BusinessRuleError, isCalendarDate } from '@emporium/contracts';

const DAY_MS = 86_400_000;

/** A report's `from`/`to`: a date (a business day) or a date-time. */
export const REPORT_BOUNDARY = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/** The longest coverage period: its paid orders are all read and replayed in memory. */
export const MAX_COVERAGE_DAYS = 366;

/** A report boundary: a date is a business day in Asia/Shanghai (UTC+8, no DST). */
function boundary(value: string, end: boolean, field: string): Date {
  const date = value.slice(0, 10);
  const at = value.length > 10 ? new Date(value) : new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || !isCalendarDate(date)) {
    throw new BadRequestError('invalid-period', `\`${field}\` is not a date`);
  }
  if (value.length > 10) return at;
  const start = new Date(`${date}T00:00:00+08:00`);
  return end ? new Date(start.getTime() + DAY_MS) : start;
}

/**
 * [from, to) of a report whose `to` date is inclusive: a date that does not exist is a 400, an
 * empty period a 422, and one longer than `maxDays` (when given) a 400.
 */
export function reportPeriod(
  query: { from: string; to: string },
  maxDays?: number,
): { from: Date; to: Date } {
  const from = boundary(query.from, false, 'from');
  const to = boundary(query.to, true, 'to');
  if (!(from < to)) throw new BusinessRuleError('empty-period', '`from` must be before `to`');
  if (maxDays !== undefined && to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw new BadRequestError('invalid-period', `A period of at most ${maxDays} days`);
  }
  return { from, to };
}
