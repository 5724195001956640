import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { engineOf } from '@/db/copy';
import { accounts } from '@/db/schema';
import pg from 'pg';
import { openTestDatabase, testAdminUrl, testEngine } from './helpers/db';

describe(`database layer on ${testEngine()}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('knows which engine a handle and a transaction on it talk to (the import sizes its memory by it)', async () => {
    expect(engineOf(database.db)).toBe(testEngine());
    expect(await database.db.transaction(async (tx) => engineOf(tx))).toBe(testEngine());
  });

  it('applies the migrations and round-trips an account', async () => {
    const { db } = database;
    await db.insert(accounts).values({
      accountId: 'a1',
      username: 'maya',
      claimedBirthdate: '2012-05-01',
      createdAt: new Date('2024-01-02T03:04:05Z'),
    });
    const [row] = await db.select().from(accounts);
    expect(row).toMatchObject({ accountId: 'a1', username: 'maya', claimedBirthdate: '2012-05-01', status: 'active' });
    expect(row?.createdAt.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    const counted = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from accounts`);
    expect(counted[0]?.n).toBe(1);
  });

  it.skipIf(testEngine() !== 'postgres')('survives the server ending its idle connections, and the next query reconnects', async () => {
    const { db } = database;
    const [own] = await queryRows<{ name: string }>(db, sql`select current_database() as name`);
    const admin = new pg.Client({ connectionString: testAdminUrl() });
    await admin.connect();
    try {
      // What a server restart or an administrator does to the pool's idle connections.
      const { rows } = await admin.query<{ ended: boolean }>(
        'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [own!.name],
      );
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const counted = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from accounts`);
    expect(counted[0]?.n).toBe(1);
  });
});
