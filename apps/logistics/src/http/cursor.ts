import { BadRequestError } from '@emporium/contracts';

/** Where a keyset-paged list stopped: the sort key and the id of the last item handed out. */
export interface Keyset {
  readonly key: string;
  readonly id: string;
}

/** A page's size when the caller names none, and the most a caller gets (API.md "lists"). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A cursor key that is a `toISOString` instant, as a timestamp sort key is written. */
export const isInstant = (key: string): boolean => {
  const at = new Date(key);
  // The round trip refuses other formats and days the calendar does not have.
  return !Number.isNaN(at.getTime()) && at.toISOString() === key;
};

/** The page size asked for, capped. */
export const pageLimit = (limit: number | undefined): number =>
  Math.min(limit ?? DEFAULT_LIMIT, MAX_LIMIT);

export function encodeCursor(at: Keyset): string {
  return Buffer.from(JSON.stringify([at.key, at.id])).toString('base64url');
}

/**
 * The position a cursor names. Only what `encodeCursor` writes is taken (`isKey` checks the sort
 * key), so nothing Postgres cannot read as a uuid or timestamp reaches it: 400 otherwise.
 */
export function decodeCursor(
  cursor: string | undefined,
  isKey: (key: string) => boolean,
): Keyset | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      isKey(parsed[0]) &&
      UUID.test(parsed[1])
    ) {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through: a malformed cursor is bad input
  }
  throw new BadRequestError('cursor-invalid', 'The cursor is not valid');
}

/** A page of `limit` items from `rows` (fetched `limit + 1`, the extra one saying there is more). */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => Keyset,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
