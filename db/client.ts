import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { ensureAppRole } from './roles';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database handle on either engine. A transaction handle is assignable to it too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Engine = 'postgres' | 'pglite';

export interface Database {
  db: Db;
  engine: Engine;
  /** The embedded database's folder (not for PostgreSQL or an in-memory PGlite). */
  dataDir?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** Where the embedded database lives when DATABASE_URL is unset. */
export function pgliteDataDir(): string {
  return path.resolve(process.env.LOOKOUT_DATA_DIR ?? '.data');
}

type CloseHook = (database: Database) => Promise<void>;
const closeHooks: CloseHook[] = [];

/**
 * Runs `hook` before every database this process opens is closed. The CLI uses it to sign an
 * audit checkpoint when a command ends (cli/lookout.ts), without each command having to.
 */
export function beforeDatabaseClose(hook: CloseHook): void {
  closeHooks.push(hook);
}

function withCloseHooks(database: Database): Database {
  const close = database.close;
  return {
    ...database,
    async close() {
      try {
        for (const hook of closeHooks) await hook(database);
      } finally {
        await close();
      }
    },
  };
}

/**
 * Opens the database the environment names: DATABASE_URL → PostgreSQL through a `pg` pool,
 * otherwise PGlite persisted in a folder (`memory://` keeps it in memory). Applies pending
 * migrations — on PostgreSQL through the owner's connection (`migrationUrl`, else
 * LOOKOUT_MIGRATION_DATABASE_URL when the URL came from the environment, else the same URL), so
 * the app itself can connect as lookout_app and needs the owner only when a migration is due.
 * A PGlite folder must never be open in two processes at once. `pgliteDump` starts an embedded
 * database from a dump of another one (tests start from one migrated template).
 */
export async function openDatabase(
  options: { url?: string; migrationUrl?: string; dataDir?: string; migrate?: boolean; pgliteDump?: Blob } = {},
): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (!url) {
    const database = await openPglite(options.dataDir ?? pgliteDataDir(), options.pgliteDump);
    if (options.migrate !== false) await migrateDatabase(database);
    return withCloseHooks(database);
  }
  const database = openPostgres(url);
  if (options.migrate !== false && (await pendingMigrations(database.db)) > 0) {
    const ownerUrl = options.migrationUrl ?? (options.url ? undefined : process.env.LOOKOUT_MIGRATION_DATABASE_URL) ?? url;
    try {
      await migrateThrough(ownerUrl === url ? database : openPostgres(ownerUrl, 1), ownerUrl !== url);
    } catch (error) {
      await database.close();
      throw migrationError(error, ownerUrl === url);
    }
  }
  return withCloseHooks(database);
}

async function migrateThrough(owner: Database, closeAfter: boolean): Promise<void> {
  try {
    await migrateDatabase(owner);
  } finally {
    if (closeAfter) await owner.close();
  }
}

/** A permission error while migrating means the connection is not the owner: say what to set. */
function migrationError(error: unknown, sameUrl: boolean): unknown {
  if (sqlState(error) !== '42501' || !sameUrl) return error;
  return new Error(
    'migrations are pending and DATABASE_URL cannot apply them (permission denied): run `lookout migrate` with LOOKOUT_MIGRATION_DATABASE_URL set to the owner\'s connection',
  );
}

/**
 * How many of the migrations in db/migrations this database has not applied yet. A connection
 * not allowed to read the migrations table (a role migrate never granted) counts them all as
 * pending, so the owner's connection is tried.
 */
export async function pendingMigrations(db: Db): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  try {
    const [table] = await queryRows<{ present: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
    if (!table?.present) return migrations.length;
    const [last] = await queryRows<{ at: string | null }>(db, sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`);
    const appliedUpTo = Number(last?.at ?? 0);
    return migrations.filter((migration) => migration.folderMillis > appliedUpTo).length;
  } catch (error) {
    if (sqlState(error) === '42501') return migrations.length;
    throw error;
  }
}

/** The PostgreSQL error code, whether drizzle wrapped the driver's error or not. */
export function sqlState(error: unknown): string | undefined {
  return (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
}

function openPostgres(url: string, max = Number(process.env.LOOKOUT_PG_POOL ?? 10)): Database {
  const pool = new pg.Pool({ connectionString: url, max });
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

/** `dump` (PGlite's dumpDataDir) starts the database from that copy instead of an empty cluster. */
async function openPglite(dataDir: string, dump?: Blob): Promise<Database> {
  const options = dump ? { loadDataDir: dump } : {};
  const client = dataDir === 'memory://' ? new PGlite(options) : new PGlite(dataDir, options);
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, engine: 'pglite', dataDir: dataDir === 'memory://' ? undefined : dataDir, close: () => client.close() };
}

/**
 * A throwaway, migrated PGlite database in memory, whatever DATABASE_URL says: for work that must
 * not touch the real data (evaluating suggested risk weights on synthetic populations).
 */
export async function openScratchDatabase(): Promise<Database> {
  const database = await openPglite('memory://');
  await migrateDatabase(database);
  return database;
}

/**
 * Applies the migrations through this connection, which must own the tables. On PostgreSQL it then
 * creates lookout_app and re-applies its grants (db/roles.ts); the embedded database has one user.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.engine === 'postgres') {
    await migratePg(database.db as never, config);
    await ensureAppRole(database.db);
  } else {
    await migratePglite(database.db as never, config);
  }
  // Data step no SQL migration can do: the key for second-factor secrets is outside the database.
  const { encryptPlaintextTotpSecrets } = await import('../lib/auth/totp-secret');
  await encryptPlaintextTotpSecrets(database.db);
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Ends a transaction whose work is to be undone (rolledBack). */
class RolledBack extends Error {}

/**
 * Runs `work` in a transaction that is then rolled back, and returns what it returned: a preview
 * (a ranking as of another moment) or a measurement that must leave nothing behind. Inside another
 * transaction it is a savepoint, rolled back the same way.
 */
export async function rolledBack<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      result = { value: await work(tx) };
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return result!.value;
}

/**
 * Runs a transaction's reads one after another and gives their results in order, typed like
 * `Promise.all`. A transaction is one connection: reads started together on it only queue (pg 9 will
 * refuse them), so each is passed as a function and started when the one before has answered.
 */
export async function inTurn<const T extends readonly (() => unknown)[]>(reads: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}
