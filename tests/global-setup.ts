import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '@/db/client';
import { testAdminUrl, testEngine, withAdmin } from './helpers/db';

/**
 * Runs once per vitest run, before any test file: migrates one database the way every test file's
 * would be migrated, and leaves it as the template openTestDatabase copies (tests/helpers/db.ts).
 * Each file still gets a database of its own; it no longer pays for initdb and the migrations:
 *
 * - PGlite: a dump of the migrated data folder in .tmp; each file starts its in-memory PGlite from
 *   it (about a sixth of the cost of a fresh one plus migrations).
 * - PostgreSQL: a database `lookout_tpl_<pid>_<hex>`, migrated as the owner (which creates
 *   lookout_app and its grants); each file's database is `CREATE DATABASE … TEMPLATE` it.
 *
 * The template is removed when the run ends, with LOOKOUT_TEST_RUN_DIR: a folder for this run's
 * shared files (tests/hostile/harness.ts keeps its seeded stage there).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const runDir = mkdtempSync(path.resolve(tmpRoot(), 'vitest-run-'));
  process.env.LOOKOUT_TEST_RUN_DIR = runDir;
  const removeRunDir = () => rmSync(runDir, { recursive: true, force: true });
  if (testEngine() === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir('none');
    await database.close();
    const file = path.join(runDir, 'pglite-template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    process.env.LOOKOUT_TEST_PGLITE_TEMPLATE = file;
    return async () => removeRunDir();
  }

  const adminUrl = testAdminUrl();
  const name = `lookout_tpl_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const ownerUrl = new URL(adminUrl);
  ownerUrl.pathname = `/${name}`;
  const owner = await openDatabase({ url: ownerUrl.toString() });
  await owner.close();
  // No one may stay connected to a template while it is copied.
  await withAdmin(adminUrl, (client) => client.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`));
  process.env.LOOKOUT_TEST_PG_TEMPLATE = name;
  return async () => {
    removeRunDir();
    await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
}

function tmpRoot(): string {
  const root = path.resolve('.tmp');
  mkdirSync(root, { recursive: true });
  return root;
}
