import { BadRequestError, isCalendarDate } from '@emporium/contracts';

/** The reports' business time zone (API.md "time"); China has had no daylight saving since 1991. */
export const BUSINESS_TZ = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report period: instants for facts (`to` exclusive), and its first and last day in the
 * report's time zone (Asia/Shanghai unless `tz=` is given), which daily rollups are kept in.
 */
export interface ReportRange {
  readonly from: Date;
  readonly to: Date;
  readonly fromDay: string;
  readonly toDay: string;
  readonly timeZone: string;
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

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at an instant, in ms (whole seconds). */
function offsetAt(ms: number, timeZone: string): number {
  let format = localFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    localFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return wall - Math.floor(ms / 1_000) * 1_000;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a time zone. */
export function dayIn(at: Date, timeZone: string): string {
  if (timeZone === BUSINESS_TZ) return businessDay(at);
  return new Date(at.getTime() + offsetAt(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The first instant of a calendar day in a time zone (daylight saving changes included). */
export function startOfDayIn(day: string, timeZone: string): Date {
  if (timeZone === BUSINESS_TZ) return startOfBusinessDay(day);
  const wall = Date.parse(`${day}T00:00:00Z`);
  const guess = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(guess, timeZone));
}

/** An IANA time zone name in its canonical spelling; a 400 for one the runtime does not know. */
export function resolveTimeZone(tz: string | undefined): string {
  if (!tz) return BUSINESS_TZ;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new BadRequestError('invalid-time-zone', `Unknown time zone ${tz}`);
  }
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function parseBound(
  value: string,
  field: 'from' | 'to',
  timeZone: string,
): { at: Date; dateOnly: boolean } {
  const dateOnly = DATE_ONLY.test(value);
  const at = dateOnly ? startOfDayIn(value, timeZone) : new Date(value);
  if (Number.isNaN(at.getTime()) || (dateOnly && !isCalendarDate(value))) {
    throw new BadRequestError('invalid-range', `${field} must be an ISO-8601 date or date-time`);
  }
  return { at, dateOnly };
}

/**
 * Reads `from`/`to` as API.md says: dates are business days (in Asia/Shanghai unless another
 * time zone is given), both inclusive; date-times are instants. Without them the period is the
 * last `defaultDays` business days.
 */
export function parseRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
  defaultDays = 30,
  timeZone = BUSINESS_TZ,
): ReportRange {
  const end = to === undefined ? { at: now, dateOnly: true } : parseBound(to, 'to', timeZone);
  const toExclusive = end.dateOnly
    ? startOfDayIn(addDays(dayIn(end.at, timeZone), 1), timeZone)
    : new Date(end.at.getTime() + 1);
  const toDay = dayIn(new Date(toExclusive.getTime() - 1), timeZone);
  const start =
    from === undefined
      ? { at: startOfDayIn(addDays(toDay, 1 - defaultDays), timeZone), dateOnly: true }
      : parseBound(from, 'from', timeZone);
  if (start.at.getTime() >= toExclusive.getTime()) {
    throw new BadRequestError('invalid-range', 'from must not be after to');
  }
  if (toExclusive.getTime() - start.at.getTime() > 3_700 * DAY_MS) {
    throw new BadRequestError('invalid-range', 'A report covers at most ten years');
  }
  return { from: start.at, to: toExclusive, fromDay: dayIn(start.at, timeZone), toDay, timeZone };
}

/** A period of business days split for the rollups: whole calendar months, and the days around them. */
export interface MonthCover {
  /** First days of the first and last whole month inside the period, or none. */
  readonly months: readonly [string, string] | null;
  /** Day ranges (both inclusive) the whole months leave uncovered: at most one before and one after. */
  readonly days: readonly (readonly [string, string])[];
}

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonth = (first: string) => {
  const d = new Date(`${first}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/** Splits `fromDay`..`toDay` (inclusive) into whole months and leftover days. */
export function monthCover(fromDay: string, toDay: string): MonthCover {
  const firstWhole = fromDay === firstOfMonth(fromDay) ? fromDay : nextMonth(firstOfMonth(fromDay));
  const afterLastWhole = firstOfMonth(addDays(toDay, 1));
  if (firstWhole >= afterLastWhole) return { months: null, days: [[fromDay, toDay]] };
  const days: [string, string][] = [];
  if (fromDay < firstWhole) days.push([fromDay, addDays(firstWhole, -1)]);
  if (afterLastWhole <= toDay) days.push([afterLastWhole, toDay]);
  const lastWhole = firstOfMonth(addDays(afterLastWhole, -1));
  return { months: [firstWhole, lastWhole], days };
}
