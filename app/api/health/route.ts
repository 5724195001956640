import { sql } from 'drizzle-orm';
import { getDb } from '@/db';

/** Liveness that includes the database (opening it on first call, as the e2e server relies on). */
export async function GET() {
  await (await getDb()).execute(sql`select 1`);
  return Response.json({ ok: true });
}
