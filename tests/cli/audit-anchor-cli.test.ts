import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAuditKey } from '@/lib/audit/anchor-config';
import { appendAudit } from '@/lib/audit/log';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

const run = promisify(execFile);

/**
 * The anchored audit end to end through the CLI, connected as lookout_app, while the test plays
 * an insider holding the owner's rights. On PGlite the CLI process and the test cannot share the
 * database folder, and the owner is the only user; tests/audit/anchored.test.ts covers the same
 * detection in-process on both engines.
 */
describe.skipIf(testEngine() !== 'postgres')('lookout audit verify against signed checkpoints, as processes on PostgreSQL', () => {
  let database: TestDatabase;
  let folder: string;
  let env: NodeJS.ProcessEnv;
  let publicKeyFile: string;

  const lookout = (...args: string[]) =>
    run('node_modules/.bin/tsx', ['cli/lookout.ts', ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  beforeAll(async () => {
    database = await openTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), 'lookout-anchor-cli-'));
    const key = await generateAuditKey(path.join(folder, 'audit-signing-key.pem'));
    publicKeyFile = key.publicKeyFile;
    env = {
      ...process.env,
      DATABASE_URL: database.url,
      LOOKOUT_MIGRATION_DATABASE_URL: database.ownerUrl,
      LOOKOUT_AUDIT_SIGNING_KEY: '',
      LOOKOUT_AUDIT_KEY_FILE: key.keyFile,
      LOOKOUT_CHECKPOINT_DIR: path.join(folder, 'checkpoints'),
    };
  });
  afterAll(async () => {
    await database?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('exports a verifiable log, then names the gap when the newest three entries and the checkpoint rows are deleted', { timeout: 300_000 }, async () => {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await appendAudit(tx, { actor: { type: 'system', name: 'test' }, action: 'test.entry', targetType: 'thing' });
    });
    const admin = await makeStaff(database.db, 'admin');

    const first = await lookout('audit', 'verify', '--as', admin.email);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe('audit chain intact: 5 entries (seq 1–5); no earlier checkpoint found, anchored from now on\n');

    // The export appends its own entry (seq 7) and signs a checkpoint of it.
    const out = path.join(folder, 'audit.ndjson');
    expect(await lookout('audit', 'export', '--out', out, '--as', admin.email)).toMatchObject({ code: 0, stderr: '' });
    const offline = await lookout('audit', 'verify', '--file', out, '--public-key', publicKeyFile);
    expect(offline).toMatchObject({ code: 0, stderr: '' });
    expect(offline.stdout).toMatch(/^audit export intact: 7 entries \(seq 1–7\), 2 checkpoints; the newest, at seq 7, signed /);

    // An insider with the owner's rights removes entries 5–7 and every checkpoint row.
    await database.owner.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await tx.execute(sql`alter table audit_checkpoints disable trigger user`);
      await tx.execute(sql`delete from audit_log where seq > 4`);
      await tx.execute(sql`delete from audit_checkpoints`);
      await tx.execute(sql`alter table audit_checkpoints enable trigger user`);
      await tx.execute(sql`alter table audit_log enable trigger user`);
    });
    const after = await lookout('audit', 'verify', '--as', admin.email);
    expect(after.code).toBe(1);
    expect(after.stdout).toBe('');
    expect(after.stderr).toMatch(
      /^lookout: audit chain broken at seq 5: audit entries 5–7 are missing: checkpoint at seq 7 signed \S+ by key [0-9a-f]{16} \(.*checkpoints-\d{4}-\d{2}-\d{2}\.ndjson:2\)\n$/,
    );
  });
});
