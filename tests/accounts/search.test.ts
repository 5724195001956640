import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { accounts } from '@/db/schema';
import { listAccounts } from '@/lib/accounts/list';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';

describe(`account search on ${testEngine()}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.db.insert(accounts).values([
      account('s1', '1985-01-01', { username: 'skater_16', displayName: 'Sam Skater', deviceCluster: 'dev-42' }),
      account('s2', '1990-01-01', { username: 'sammy', displayName: 'Samuel Jones', deviceCluster: 'dev-42' }),
      account('s3', '2012-01-01', { username: 'kid_x', displayName: 'samira', deviceCluster: 'dev-7' }),
      account('s4', '2012-01-01', { username: 'other', displayName: '100%_real', deviceCluster: 'dev-420' }),
    ]);
  });
  afterAll(async () => database?.close());

  it('finds accounts by the start of a display name in any case, and by device cluster exactly', async () => {
    const ctx = ctxOf(database.db, await makeStaff(database.db, 'liaison'));
    const ids = async (q: string) => (await listAccounts(ctx, { q })).rows.map((row) => row.accountId);
    expect(await ids('SAM')).toEqual(['s1', 's2', 's3']); // display names Sam…, Samuel…, samira (and the username sammy)
    expect(await ids('sam s')).toEqual(['s1']);
    expect(await ids('samu')).toEqual(['s2']);
    expect(await ids('dev-42')).toEqual(['s1', 's2']);
    expect(await ids('dev-4')).toEqual([]); // a device cluster matches whole, not by its start
    expect(await ids('100%')).toEqual(['s4']);
    expect(await ids('10%_')).toEqual([]); // LIKE wildcards are literal characters
    expect((await listAccounts(ctx, { q: 'dev-7' })).rows[0]).toMatchObject({ accountId: 's3', deviceCluster: 'dev-7' });
  });

  it('has the index the display-name search uses', async () => {
    const [index] = await queryRows<{ def: string }>(database.db, sql`select indexdef as def from pg_indexes where indexname = 'accounts_display_name_idx'`);
    expect(index?.def).toMatch(/lower\(\(display_name\)::text\) text_pattern_ops/);
  });
});
