import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from './errors';

/**
 * The one keyset cursor codec: a page's last row's sort keys, opaque to the caller (base64url
 * JSON). Timestamps travel as PostgreSQL's text form so microseconds survive (a JavaScript Date
 * keeps milliseconds and would skip or repeat rows that differ below that).
 */
export type CursorValue = string | number;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Reads a cursor back against the tuple schema its list expects; anything else is bad input, never a server error. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    if (cursor.length > 1024 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error('not base64url');
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: a damaged cursor is the caller's input error
  }
  throw new DomainError('invalid_input', 'The page link is damaged; go back to the first page.');
}

/** A timestamp as cursors carry it (PostgreSQL text, with microseconds). */
export const cursorTimestamp = z.string().min(10).max(40).regex(/^\d{4}-\d{2}-\d{2}[ T][\d:.]+(Z|[+-][\d:]+)?$/);

/** A timestamptz column as a cursor carries it: UTC, microseconds, the same text on both engines. */
export function cursorTimestampSql(column: SQLWrapper): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
