import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { APP_ROLE } from '@/db/roles';
import { DEFAULT_KEY_FILE } from '@/lib/audit/anchor-config';

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

/**
 * Readies this process to seed a server under test on `port`: an empty data folder `.data-e2e-<port>`
 * (returned), none of the environment's database or signing key, passwords alone at sign-in, and a
 * key of this run's own for second-factor secrets. Never the DATABASE_URL of the environment.
 */
export function resetE2eEnvironment(port: number): string {
  const dataDir = path.resolve(`.data-e2e-${port}`);
  delete process.env.DATABASE_URL;
  for (const name of ['LOOKOUT_AUDIT_SIGNING_KEY', 'LOOKOUT_AUDIT_KEY_FILE', 'LOOKOUT_CHECKPOINT_DIR']) delete process.env[name];
  // Browser tests sign in with passwords alone (the app shell shows the warning).
  process.env.LOOKOUT_REQUIRE_MFA = '0';
  process.env.LOOKOUT_TOTP_KEY = randomBytes(32).toString('base64');
  rmSync(dataDir, { recursive: true, force: true });
  return dataDir;
}

/**
 * The environment scripts/serve.ts runs with under test: production, on 127.0.0.1:`port`, its data
 * folder (auth secret, signing key). On PostgreSQL (`ownerUrl`) it connects as the least-privilege
 * lookout_app role, as in production, with the owner for migrations only and the signing key named.
 */
export function e2eServeEnv(port: number, dataDir: string, ownerUrl: string | undefined): Record<string, string> {
  const env: Record<string, string> = { LOOKOUT_DATA_DIR: dataDir, PORT: String(port), LOOKOUT_LISTEN_HOST: '127.0.0.1', NODE_ENV: 'production' };
  if (!ownerUrl) return env;
  const asApp = new URL(ownerUrl);
  asApp.username = APP_ROLE;
  return {
    ...env,
    DATABASE_URL: asApp.toString(),
    LOOKOUT_MIGRATION_DATABASE_URL: ownerUrl,
    LOOKOUT_AUDIT_KEY_FILE: path.join(dataDir, DEFAULT_KEY_FILE),
    LOOKOUT_CHECKPOINT_DIR: path.join(dataDir, 'audit-checkpoints'),
  };
}
