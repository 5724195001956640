import { sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/db/unavailable';

/**
 * Liveness that includes the database (opening it on first call, as the e2e server relies on).
 * 503 with Retry-After while the database cannot be reached; the error page asks here to tell
 * a database outage from other failures.
 */
export async function GET() {
  try {
    await (await getDb()).execute(sql`select 1`);
    return Response.json({ ok: true, database: 'available' });
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return Response.json({ ok: false, database: 'unavailable' }, { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } });
  }
}
