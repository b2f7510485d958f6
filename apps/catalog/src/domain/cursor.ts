import { DomainError } from '@emporium/contracts';

/** A cursor that this listing did not hand out, or one from another listing (answered as 400). */
export class InvalidCursorError extends DomainError {
  readonly status = 400;
}

/**
 * Where the previous page ended: the sort key of its last row and that row's id (the tie-breaker).
 * Keyset paging from this point never repeats or skips a row that existed when paging began, however
 * many rows are inserted or removed meanwhile, which offsets cannot promise.
 */
export interface PageCursor {
  /** The listing it belongs to: its sort, and a digest of its query and filters. */
  readonly sort: string;
  /** The sort key (a bigint in the queries) of the last row. */
  readonly key: number;
  /** The last row's UUID. */
  readonly id: string;
}

/** An opaque, URL-safe string for a cursor. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The cursor in `text`, refusing one from another listing or one that was tampered with: its key
 * and id reach SQL as a bigint and a uuid, so anything else is refused here, not by Postgres.
 */
export function decodeCursor(text: string, sort: string): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('invalid-cursor', 'The cursor is not one this listing handed out');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    !Number.isSafeInteger(parsed[1]) ||
    typeof parsed[2] !== 'string' ||
    !UUID.test(parsed[2])
  ) {
    throw new InvalidCursorError('invalid-cursor', 'The cursor is not one this listing handed out');
  }
  if (parsed[0] !== sort) {
    throw new InvalidCursorError(
      'cursor-listing-mismatch',
      'The cursor belongs to another sort, query or filter',
    );
  }
  return { sort: parsed[0], key: parsed[1] as number, id: parsed[2] };
}
