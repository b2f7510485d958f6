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
