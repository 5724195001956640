import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { testEngine } from '../helpers/db';
import { population, tempRoot, writeFolder } from './fixtures';
import { makeStaff } from '../helpers/staff';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `lookout import` as a user runs it, against its own PGlite folder. */
function lookoutImport(dataDir: string, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOOKOUT_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'cli/lookout.ts', 'import', ...args], { env, cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The CLI runs on the embedded engine whichever engine the suite targets, so once is enough.
describe.skipIf(testEngine() === 'postgres')('lookout import (command line)', () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await tempRoot();
    dataDir = path.join(root, 'pglite');
    const database = await openDatabase({ dataDir });
    await makeStaff(database.db, 'admin', { email: 'admin@lookout.test' });
    await database.close();
  });

  it('imports a folder and prints the summary', async () => {
    const run = await lookoutImport(dataDir, [await writeFolder(root, population()), '--as', 'admin@lookout.test']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^contacts\.csv\s+4\s+4\s+0\s+0\s+0$/m);
    expect(run.stdout).toContain('accounts changed: 5');
  });

  it('exits non-zero with the one line file:line: column: reason on a bad row', async () => {
    const folder = population();
    folder.accounts[4]![6] = 'teen';
    const run = await lookoutImport(dataDir, [await writeFolder(root, folder), '--as', 'admin@lookout.test']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('accounts.csv:5: age_assurance: unknown value "teen" (expected none | adult | minor)\n');
  });
});
