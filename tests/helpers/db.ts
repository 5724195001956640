import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type Database, type Db } from '@/db/client';
import { APP_ROLE, ensureAppRole } from '@/db/roles';

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
 *
 * Under vitest the migrations ran once for the whole run (tests/global-setup.ts): the new database
 * is a copy of that migrated template — a dump loaded into a new PGlite, or a PostgreSQL database
 * created from a template database — the same state the migrations leave, at a fraction of the cost.
 * Without that template (a script using this helper) it migrates itself.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'pglite') {
    const template = process.env.LOOKOUT_TEST_PGLITE_TEMPLATE;
    const database = await openDatabase({ dataDir: 'memory://', ...(template ? { pgliteDump: new Blob([readFileSync(template)]), migrate: false } : {}) });
    return { ...database, owner: database.db };
  }

  const adminUrl = testAdminUrl();
  const name = `lookout_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = process.env.LOOKOUT_TEST_PG_TEMPLATE;
  await withAdmin(adminUrl, (client) => client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`));
  const ownerUrl = new URL(adminUrl);
  ownerUrl.pathname = `/${name}`;
  const owner = await openDatabase({ url: ownerUrl.toString() });
  // The database-level grants (CONNECT, TEMPORARY) name the database: give them to the copy too.
  if (template) await ensureAppRole(owner.db);
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

export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
