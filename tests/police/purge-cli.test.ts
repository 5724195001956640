import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { blocks, contacts, riskRuns } from '@/db/schema';
import { createHold } from '@/lib/police/holds';
import { openTestDatabase, testEngine } from '../helpers/db';
import { recordRequest, seedAccounts, seedStaff } from './helpers';
import { ctxOf } from '../helpers/context';

const run = promisify(execFile);
let database: Database & { url?: string };
let env: NodeJS.ProcessEnv;
let dataDir: string | undefined;
let people: Awaited<ReturnType<typeof seedStaff>>;

beforeAll(async () => {
  if (testEngine() === 'postgres') {
    database = await openTestDatabase();
    env = { ...process.env, DATABASE_URL: database.url };
  } else {
    // The CLI is another process: it needs a PGlite folder, which only one process may hold at a time.
    dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-purge-'));
    database = await openDatabase({ dataDir });
    env = { ...process.env, DATABASE_URL: '', LOOKOUT_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
  }
  people = await seedStaff(database.db);
  await seedAccounts(database.db, ['held', 'free-a', 'free-b']);
  const old = new Date(Date.now() - 400 * 86_400_000);
  await database.db.insert(contacts).values([
    { accountLo: 'free-a', accountHi: 'held', initiatorId: 'held', recipientId: 'free-a', firstContactAt: old, lastContactAt: old },
    { accountLo: 'free-a', accountHi: 'free-b', initiatorId: 'free-a', recipientId: 'free-b', firstContactAt: old, lastContactAt: old },
  ]);
  await database.db.insert(blocks).values({ blockerId: 'free-b', blockedId: 'free-a', blockedAt: old });
  const request = await recordRequest(database.db, people.liaison, { type: 'preservation', authorisingOfficer: '', targets: 'held' });
  await createHold(ctxOf(database.db, people.liaison), { accountId: 'held', requestId: request.id, reason: 'letter' });
  // A risk run that left kept state for the next import to build on.
  await database.db.insert(riskRuns).values({ asOf: new Date(), computedAt: new Date(), scope: 'full', scored: 0, durationMs: 0, keptAges: true });
  if (dataDir) await database.close();
});

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  else await database?.close();
});

async function lookout(...args: string[]) {
  try {
    const { stdout, stderr } = await run(path.resolve('node_modules/.bin/tsx'), ['cli/lookout.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it('refuses a bad age and a role without retention:purge, in one line', async () => {
  const bad = await lookout('purge', '--older-than', 'soon', '--as', people.admin.email);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr.trim()).toBe('lookout: --older-than: expected a number of days');
  const moderator = await lookout('purge', '--older-than', '30', '--as', people.moderator.email);
  expect(moderator.code).not.toBe(0);
  expect(moderator.stderr.trim()).toBe('lookout: Your role (moderator) may not retention:purge.');
});

it('deletes old rows and says how many it kept for holds', async () => {
  const result = await lookout('purge', '--older-than', '30', '--as', people.admin.email);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^deleted 2 rows older than \S+ \(contacts 1, blocks 1, reports 0\)$/m);
  expect(result.stdout).toMatch(/^skipped 1 rows of accounts under an active preservation hold \(contacts 1, blocks 0, reports 0\)$/m);
  expect(result.stdout).toMatch(/^kept 0 old reports still awaiting a decision$/m);
  expect(result.stdout).toMatch(/^the risk scores were built on what went: the next import re-scores every account$/m);
});
