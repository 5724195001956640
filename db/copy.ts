import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import pg, { type PoolClient } from 'pg';
import type { Db, Engine } from './client';

/**
 * `COPY <table> (<columns>) FROM STDIN` of rows already in PostgreSQL's text format (UTF-8 bytes), inside the
 * caller's transaction: through pg-copy-streams on PostgreSQL, through PGlite's `/dev/blob` on the
 * embedded engine. `table` and `columns` must be constants of the caller (they are not quoted).
 */
export async function copyText(tx: Db, table: string, columns: readonly string[], text: Buffer): Promise<void> {
  const statement = `copy ${table} (${columns.join(', ')}) from`;
  const client = driverClient(tx);
  if (isPgClient(client)) {
    await pipeline(Readable.from([text]), client.query(copyFrom(`${statement} stdin`)));
  } else {
    await client.query(`${statement} '/dev/blob'`, [], { blob: new Blob([text as Uint8Array<ArrayBuffer>]) });
  }
}

interface PgliteQueryable {
  query(statement: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

/**
 * Which engine a handle (or a transaction on it) talks to, for the few settings that differ: PGlite
 * runs inside this process, so memory it is told to use is this process's memory.
 */
export function engineOf(db: Db): Engine {
  return isPgClient(driverClient(db)) ? 'postgres' : 'pglite';
}

/** The driver's own connection behind a drizzle handle or transaction (the only way to reach COPY). */
function driverClient(tx: Db): PoolClient | PgliteQueryable {
  return (tx as unknown as { session: { client: PoolClient | PgliteQueryable } }).session.client;
}

function isPgClient(client: PoolClient | PgliteQueryable): client is PoolClient {
  // A pooled connection inside a transaction, or the pool itself outside one.
  return 'release' in client || 'connection' in client || client instanceof pg.Pool;
}

/** A value as a field of COPY's text format: NULL is `\N`; backslash, tab, line feed and CR escaped. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
