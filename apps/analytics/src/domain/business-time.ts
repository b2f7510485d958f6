import { BadRequestError } from '@emporium/contracts';

/** The reports' business time zone (API.md "time"); China has had no daylight saving since 1991. */
export const BUSINESS_TZ = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A report period: instants for facts (`to` exclusive) and business days for daily rollups. */
export interface ReportRange {
  readonly from: Date;
  readonly to: Date;
  readonly fromDay: string;
  readonly toDay: string;
}

/** The Asia/Shanghai business day (`YYYY-MM-DD`) an instant falls on. */
export function businessDay(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of a business day. */
export function startOfBusinessDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function parseBound(value: string, field: 'from' | 'to'): { at: Date; dateOnly: boolean } {
  const dateOnly = DATE_ONLY.test(value);
  const at = dateOnly ? startOfBusinessDay(value) : new Date(value);
  if (Number.isNaN(at.getTime()) || (dateOnly && businessDay(at) !== value)) {
    throw new BadRequestError('invalid-range', `${field} must be an ISO-8601 date or date-time`);
  }
  return { at, dateOnly };
}

/**
 * Reads `from`/`to` as API.md says: dates are business days in Asia/Shanghai, both inclusive;
 * date-times are instants. Without them the period is the last `defaultDays` business days.
 */
export function parseRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
  defaultDays = 30,
): ReportRange {
  const today = businessDay(now);
  const end =
    to === undefined ? { at: startOfBusinessDay(today), dateOnly: true } : parseBound(to, 'to');
  const toExclusive = end.dateOnly
    ? new Date(end.at.getTime() + DAY_MS)
    : new Date(end.at.getTime() + 1);
  const toDay = businessDay(new Date(toExclusive.getTime() - 1));
  const start =
    from === undefined
      ? { at: startOfBusinessDay(addDays(toDay, 1 - defaultDays)), dateOnly: true }
      : parseBound(from, 'from');
  if (start.at.getTime() >= toExclusive.getTime()) {
    throw new BadRequestError('invalid-range', 'from must not be after to');
  }
  if (toExclusive.getTime() - start.at.getTime() > 3_700 * DAY_MS) {
    throw new BadRequestError('invalid-range', 'A report covers at most ten years');
  }
  return { from: start.at, to: toExclusive, fromDay: businessDay(start.at), toDay };
}
