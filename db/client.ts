import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database handle on either engine. A transaction handle is assignable to it too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Engine = 'postgres' | 'pglite';

export interface Database {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** Where the embedded database lives when DATABASE_URL is unset. */
export function pgliteDataDir(): string {
  return path.resolve(process.env.LOOKOUT_DATA_DIR ?? '.data');
}

/**
 * Opens the database the environment names: DATABASE_URL → PostgreSQL through a `pg` pool,
 * otherwise PGlite persisted in a folder (`memory://` keeps it in memory). Applies migrations.
 * A PGlite folder must never be open in two processes at once.
 */
export async function openDatabase(
  options: { url?: string; dataDir?: string; migrate?: boolean } = {},
): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  const database = url ? openPostgres(url) : await openPglite(options.dataDir ?? pgliteDataDir());
  if (options.migrate !== false) await migrateDatabase(database);
  return database;
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.LOOKOUT_PG_POOL ?? 10) });
  // An idle connection the server ends (a restart, a failover, an admin) is dropped from the pool and
  // the next query opens a new one; unheard, the pool's error event would end the whole process.
  pool.on('error', (error) => {
    process.stderr.write(`lookout: an idle database connection was closed (${error.message}); the next query opens a new one\n`);
  });
  // A connection that dies while checked out (the server stops mid-query) also emits 'error' on its
  // client, where the pool does not listen: without this listener that is an uncaughtException and
  // the process ends. The query in flight rejects on its own and its caller answers "unavailable".
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      process.stderr.write(`lookout: a database connection in use was lost (${error.message})\n`);
    });
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return { db, engine: 'postgres', close: () => pool.end() };
}

async function openPglite(dataDir: string): Promise<Database> {
  const client = dataDir === 'memory://' ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, engine: 'pglite', close: () => client.close() };
}

export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.engine === 'postgres') {
    await migratePg(database.db as never, config);
  } else {
    await migratePglite(database.db as never, config);
  }
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
