/**
 * An identifier the platform generates (a UUID).
 * @format uuid
 */
export type Uuid = string;

/**
 * A point in time, ISO 8601 (`2026-11-24T08:00:00.000Z`).
 * @format date-time
 */
export type IsoDateTime = string;

/**
 * Whether `text` is a `YYYY-MM-DD` day the calendar has. `Date.parse` rolls 2026-02-31 over into
 * March, so a report's `from`/`to` is checked with this before it is used.
 */
export function isCalendarDate(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    !Number.isNaN(ms) &&
    new Date(ms).toISOString().slice(0, 10) === text
  );
}

/** What a SKU may be: 1–64 letters, digits, dots, hyphens or underscores, not starting with a mark. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
