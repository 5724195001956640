import pg from 'pg';

/** The server benchmarks create their scratch databases on (a role that may CREATE DATABASE). */
export const benchAdminUrl = process.env.LOOKOUT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, empty database on the benchmark server (any left by an earlier, interrupted run is
 * dropped first). `drop` removes it again, ending any connection still open to it.
 */
export async function createScratchDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const drop = () => onServer(`drop database if exists ${name} with (force)`);
  await drop();
  await onServer(`create database ${name}`);
  const url = new URL(benchAdminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop };
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: benchAdminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
