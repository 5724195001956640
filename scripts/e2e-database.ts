import pg from 'pg';

/**
 * The database the e2e server seeds: its own PGlite folder by default, or — with
 * LOOKOUT_E2E_ENGINE=postgres (set by scripts/run-tests.ts under CI) — a fresh database
 * `lookout_e2e_<port>` on the local PostgreSQL server, dropped and created again on every start.
 * Refuses any server that is not on this machine: the e2e server wipes what it is given.
 */
export function e2eEngine(): 'pglite' | 'postgres' {
  return process.env.LOOKOUT_E2E_ENGINE === 'postgres' ? 'postgres' : 'pglite';
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Creates `lookout_e2e_<port>` afresh and returns its URL. */
export async function freshE2eDatabase(port: number): Promise<string> {
  const admin = new URL(process.env.LOOKOUT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!LOCAL_HOSTS.has(admin.hostname)) {
    throw new Error(`the e2e server drops and recreates its database: refusing the non-local server ${admin.hostname}`);
  }
  const name = `lookout_e2e_${port}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
