import { getDb } from '@/db';
import type { Db } from '@/db/client';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/db/unavailable';

/**
 * For the machine-facing route handlers: runs `handle` with the database, and answers 503 with
 * Retry-After (JSON) when the database cannot be reached, whether opening it or mid-request.
 */
export async function withDatabase(handle: (db: Db) => Promise<Response>): Promise<Response> {
  try {
    return await handle(await getDb());
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return Response.json(
      { error: 'The database is unavailable; nothing was stored. Retry later.' },
      { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
    );
  }
}
