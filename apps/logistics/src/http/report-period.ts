import { BusinessRuleError } from '@emporium/contracts';

/** A report's `from`/`to`: a date (a business day) or a date-time. */
export const REPORT_BOUNDARY = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/** A report boundary: a date is a business day in Asia/Shanghai (UTC+8, no DST). */
function boundary(value: string, end: boolean): Date {
  if (value.length > 10) return new Date(value);
  const start = new Date(`${value}T00:00:00+08:00`);
  return end ? new Date(start.getTime() + 86_400_000) : start;
}

/** [from, to) of a report whose `to` date is inclusive; an empty period is a 422. */
export function reportPeriod(query: { from: string; to: string }): { from: Date; to: Date } {
  const from = boundary(query.from, false);
  const to = boundary(query.to, true);
  if (!(from < to)) throw new BusinessRuleError('empty-period', '`from` must be before `to`');
  return { from, to };
}
