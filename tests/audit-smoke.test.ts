import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { appendAudit } from '@/lib/audit/log';
import { openTestDatabase } from './helpers/db';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

it('appends chained entries and refuses updates', async () => {
  const actor = { type: 'system', name: 'test' } as const;
  const first = await database.db.transaction((tx) => appendAudit(tx, { actor, action: 'a', targetType: 't' }));
  const second = await database.db.transaction((tx) => appendAudit(tx, { actor, action: 'b', targetType: 't' }));
  expect(second.prevHash).toBe(first.hash);
  await expect(database.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
});
