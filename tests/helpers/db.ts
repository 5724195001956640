import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@/db/client';

/**
 * A fresh, migrated database for one test file, on the engine the run asks for
 * (LOOKOUT_TEST_ENGINE=pglite|postgres). On PostgreSQL it is a new database,
 * dropped when closed; on PGlite an in-memory instance.
 */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  if (testEngine() === 'pglite') return openDatabase({ dataDir: 'memory://' });

  const adminUrl = testAdminUrl();
  const name = `lookout_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
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
