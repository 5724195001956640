import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Db } from '@/db/client';
import { APP_ROLE } from '@/db/roles';

export interface TestDatabase extends Database {
  /** On PostgreSQL: the connection string of `db` (as lookout_app), for spawned CLI processes. */
  url?: string;
  /** On PostgreSQL: the owner's connection string (what LOOKOUT_MIGRATION_DATABASE_URL names). */
  ownerUrl?: string;
  /**
   * The tables' owner, for tests that play an insider (disabling a trigger) or reset fixtures
   * with TRUNCATE. On PGlite, which has one user, the same handle as `db`.
   */
  owner: Db;
}

/**
 * A fresh, migrated database for one test file, on the engine the run asks for
 * (LOOKOUT_TEST_ENGINE=pglite|postgres). On PostgreSQL it is a new database, migrated as the owner
 * (which creates lookout_app and its grants), and `db` connects as lookout_app — what the app does
 * in production; dropped when closed. On PGlite an in-memory instance.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { ...database, owner: database.db };
  }

  const adminUrl = testAdminUrl();
  const name = `lookout_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const ownerUrl = new URL(adminUrl);
  ownerUrl.pathname = `/${name}`;
  const owner = await openDatabase({ url: ownerUrl.toString() });
  const appUrl = new URL(ownerUrl);
  appUrl.username = APP_ROLE;
  appUrl.password = process.env.LOOKOUT_APP_DATABASE_PASSWORD ?? '';
  const database = await openDatabase({ url: appUrl.toString(), migrate: false });
  return {
    ...database,
    url: appUrl.toString(),
    ownerUrl: ownerUrl.toString(),
    owner: owner.db,
    async close() {
      await database.close();
      await owner.close();
      await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export function testEngine(): 'pglite' | 'postgres' {
  return process.env.LOOKOUT_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
}

export function testAdminUrl(): string {
  return process.env.LOOKOUT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
