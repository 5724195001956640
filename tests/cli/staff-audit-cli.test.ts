import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAudit } from '@/cli/commands/audit';
import { registerStaff } from '@/cli/commands/staff';
import { openDatabase, type Database } from '@/db/client';
import { appendAudit } from '@/lib/audit/log';
import { staff } from '@/db/schema';
import { ROLES, type Role } from '@/lib/auth/roles';
import { openTestDatabase, testEngine } from '../helpers/db';
import { auditCount, makeStaff, TEST_PASSWORD } from '../helpers/staff';

const run = promisify(execFile);

describe(`CLI staff and audit commands on ${testEngine()}`, () => {
  let database: Database & { url?: string };
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  /** Runs `lookout <args>` in-process against the test database; resolves to stdout, rejects with the one-line error. */
  async function lookout(...args: string[]): Promise<string> {
    const program = new Command('lookout').exitOverride();
    const shared = async () => ({ ...database, close: async () => {} });
    registerStaff(program, shared);
    registerAudit(program, shared);
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(args, { from: 'user' });
      return written.join('');
    } finally {
      spy.mockRestore();
    }
  }

  it('bootstraps the first admin without --as, then requires it', async () => {
    const out = await lookout('staff', 'add', '--email', 'first@lookout.test', '--role', 'admin', '--password', TEST_PASSWORD);
    expect(out).toMatch(/^added admin first@lookout\.test \(/);
    await expect(lookout('staff', 'add', '--email', 'second@lookout.test', '--role', 'admin', '--password', TEST_PASSWORD)).rejects.toThrow(
      /needs --as/,
    );
  });

  it('refuses to read a password from a pipe', async () => {
    await expect(lookout('staff', 'add', '--email', 'x@lookout.test', '--role', 'moderator', '--as', 'first@lookout.test')).rejects.toThrow(
      /give --password, or run on a terminal/,
    );
  });

  type Case = { command: string; args: (actorEmail: string) => Promise<string[]>; allowed: Role[]; output: RegExp };
  const cases: Case[] = [
    {
      command: 'staff add',
      allowed: ['admin'],
      output: /^added moderator new-/,
      args: async () => ['staff', 'add', '--email', `new-${crypto.randomUUID()}@lookout.test`, '--role', 'moderator', '--password', TEST_PASSWORD],
    },
    {
      command: 'staff disable',
      allowed: ['admin'],
      output: /^disabled moderator-/,
      args: async () => ['staff', 'disable', '--email', (await makeStaff(database.db, 'moderator')).email, '--reason', 'left the team'],
    },
    { command: 'audit verify', allowed: ['admin'], output: /^audit chain intact: \d+ entries/, args: async () => ['audit', 'verify'] },
  ];

  for (const testCase of cases) {
    for (const role of ROLES) {
      const allowed = testCase.allowed.includes(role);
      it(`${testCase.command} --as ${role}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const actor = await makeStaff(database.db, role);
        const args = [...(await testCase.args(actor.email)), '--as', actor.email];
        const before = await auditCount(database.db);
        if (allowed) {
          expect(await lookout(...args)).toMatch(testCase.output);
          expect(await auditCount(database.db)).toBe(before + 1);
        } else {
          await expect(lookout(...args)).rejects.toThrow(`Your role (${role}) may not`);
          expect(await auditCount(database.db)).toBe(before);
        }
      });
    }
    it(`${testCase.command} without --as, or as a disabled or unknown member: refused`, async () => {
      const disabled = await makeStaff(database.db, 'admin', { active: false });
      const args = await testCase.args('');
      await expect(lookout(...args)).rejects.toThrow(/needs --as/);
      await expect(lookout(...args, '--as', disabled.email)).rejects.toThrow(`no active staff member ${disabled.email}`);
      await expect(lookout(...args, '--as', 'nobody@lookout.test')).rejects.toThrow('no active staff member nobody@lookout.test');
    });
  }

  it('staff disable names an unknown email', async () => {
    const admin = await makeStaff(database.db, 'admin');
    await expect(lookout('staff', 'disable', '--email', 'ghost@lookout.test', '--reason', 'left', '--as', admin.email)).rejects.toThrow(
      'no staff member with email ghost@lookout.test',
    );
  });

  it('staff add explains bad input in one line', async () => {
    const admin = await makeStaff(database.db, 'admin');
    await expect(lookout('staff', 'add', '--email', 'z@lookout.test', '--role', 'owner', '--password', TEST_PASSWORD, '--as', admin.email)).rejects.toThrow(
      '--role: Choose a role.',
    );
    const [row] = await database.db.select().from(staff).where(eq(staff.email, 'z@lookout.test'));
    expect(row).toBeUndefined();
  });
});

describe(`lookout audit verify as a process on ${testEngine()}`, () => {
  // Two CLI processes, each starting tsx and opening the database: slow on a busy machine.
  it('exits 0 on an intact chain, and non-zero naming the altered entry', { timeout: 240_000 }, async () => {
    // The CLI process opens the database itself: the test PostgreSQL database, or a PGlite folder
    // (which must be closed here first: a PGlite folder is never open in two processes).
    const folder = mkdtempSync(path.join(tmpdir(), 'lookout-verify-'));
    const pg = testEngine() === 'postgres' ? await openTestDatabase() : null;
    const env: NodeJS.ProcessEnv = { ...process.env, LOOKOUT_DATA_DIR: folder, LOOKOUT_AUDIT_SIGNING_KEY: '', LOOKOUT_AUDIT_KEY_FILE: '' };
    if (pg?.url) env.DATABASE_URL = pg.url;
    else delete env.DATABASE_URL;
    // As the tables' owner: the second use plays an insider who switches the triggers off.
    async function withDb<T>(fn: (db: Database['db']) => Promise<T>): Promise<T> {
      if (pg) return fn(pg.owner);
      const database = await openDatabase({ dataDir: folder });
      try {
        return await fn(database.db);
      } finally {
        await database.close();
      }
    }
    const verify = (asEmail: string) =>
      run('node_modules/.bin/tsx', ['cli/lookout.ts', 'audit', 'verify', '--as', asEmail], { env }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    try {
      const admin = await withDb(async (db) => {
        for (let i = 0; i < 3; i++) {
          await db.transaction((tx) => appendAudit(tx, { actor: { type: 'system', name: 'test' }, action: 'test.entry', targetType: 'thing' }));
        }
        return makeStaff(db, 'admin');
      });
      expect(await verify(admin.email)).toEqual({
        code: 0,
        stdout: 'audit chain intact: 3 entries (seq 1–3); not anchored: no audit signing key is configured (LOOKOUT_AUDIT_KEY_FILE)\n',
        stderr: '',
      });

      await withDb((db) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`alter table audit_log disable trigger user`);
          await tx.execute(sql`update audit_log set reason = 'quietly edited' where seq = 2`);
          await tx.execute(sql`alter table audit_log enable trigger user`);
        }),
      );
      expect(await verify(admin.email)).toEqual({
        code: 1,
        stdout: '',
        stderr: 'lookout: audit chain broken at seq 2: its contents do not match its hash (altered)\n',
      });
    } finally {
      await pg?.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
