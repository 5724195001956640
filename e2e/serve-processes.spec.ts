import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openDatabase } from '@/db/client';
import { DEFAULT_KEY_FILE, generateAuditKey } from '@/lib/audit/anchor-config';
import { e2eEngine, e2eServeEnv, freshE2eDatabase } from '@/scripts/e2e-database';
import { serveCommand } from '@/server/serve-processes';
import { seedE2eStaff } from './seed';
import { E2E_STAFF } from './staff-accounts';

/**
 * `npm run serve` on PostgreSQL with LOOKOUT_SERVE_PROCESSES: several processes on one port
 * (scripts/serve.ts). Against a server of its own with two (E2E_PORT + 2, a fresh database): a moderator's console
 * keeps working when a process dies, the supervisor starts another, and exactly one process runs
 * the background jobs before and after; a start-up refusal stops the whole server instead of
 * restarting processes forever, and so does a port already in use; SIGTERM stops every process.
 */
const port = Number(process.env.E2E_PORT ?? 3100) + 2;
const base = `http://127.0.0.1:${port}`;
const dataDir = path.resolve(`.data-e2e-${port}`);

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Running {
  let output = '';
  const child = spawn(...serveCommand(), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The server's processes on this port, read from /proc: scripts/serve.ts gives each the background-jobs switch. */
function serverProcesses(): { pid: number; backgroundJobs: boolean }[] {
  const found: { pid: number; backgroundJobs: boolean }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let variables: string[];
    try {
      variables = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
    } catch {
      continue; // ended while listing
    }
    const jobs = variables.find((variable) => variable.startsWith('LOOKOUT_BACKGROUND_JOBS='));
    if (jobs && variables.includes(`PORT=${port}`)) found.push({ pid: Number(entry), backgroundJobs: jobs.endsWith('=on') });
  }
  return found;
}

async function openOverview(page: Page): Promise<void> {
  await page.goto(`${base}/`);
  await expect(page.getByTestId('signed-in-email')).toHaveText(E2E_STAFF.moderator.email);
}

test.describe('serving from several processes (own server)', () => {
  test.skip(e2eEngine() !== 'postgres', 'several server processes need PostgreSQL: the embedded database lives in one process');
  test.describe.configure({ mode: 'serial' });
  test.use({ storageState: { cookies: [], origins: [] } });

  let ownerUrl = '';
  let appEnv: Record<string, string> = {};

  test.beforeAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    ownerUrl = await freshE2eDatabase(port);
    const database = await openDatabase({ url: ownerUrl });
    await seedE2eStaff(database.db, [E2E_STAFF.moderator]);
    await database.close();
    await generateAuditKey(path.join(dataDir, DEFAULT_KEY_FILE));
    appEnv = {
      ...e2eServeEnv(port, dataDir, ownerUrl),
      LOOKOUT_REQUIRE_MFA: '0',
      LOOKOUT_TOTP_KEY: randomBytes(32).toString('base64'),
      LOOKOUT_SERVE_PROCESSES: '2',
    };
  });

  test('a process that dies is replaced while the other keeps serving the console', async ({ page }, testInfo) => {
    testInfo.setTimeout(180_000);
    const server = startServer(appEnv);
    try {
      await expect.poll(server.output, { timeout: 120_000 }).toContain(`Lookout listening on ${base} (2 processes)`);
      const before = serverProcesses();
      expect(before).toHaveLength(2);
      expect(before.filter((process) => process.backgroundJobs)).toHaveLength(1);

      await page.goto(`${base}/signin`);
      await page.getByLabel('Email').fill(E2E_STAFF.moderator.email);
      await page.getByLabel('Password').fill(E2E_STAFF.moderator.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('signed-in-email')).toHaveText(E2E_STAFF.moderator.email);

      // The process with the background jobs dies: the jobs must come back with its replacement.
      const victim = before.find((process) => process.backgroundJobs)!;
      process.kill(victim.pid, 'SIGKILL');
      await expect.poll(server.output, { timeout: 30_000 }).toContain('serve: a server process ended (exit SIGKILL); starting another');
      for (let view = 0; view < 5; view++) await openOverview(page);

      await expect
        .poll(() => serverProcesses().filter((process) => process.pid !== victim.pid), { timeout: 90_000 })
        .toEqual(expect.arrayContaining([expect.objectContaining({ backgroundJobs: true }), expect.objectContaining({ backgroundJobs: false })]));
      expect(serverProcesses()).toHaveLength(2);
      await openOverview(page);

      // A request that never finishes arriving must not keep the server from stopping.
      const halfSent = connect(port, '127.0.0.1');
      await new Promise((connected) => halfSent.once('connect', connected));
      halfSent.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      halfSent.on('error', () => undefined);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(serverProcesses()).toEqual([]);
  });

  test('a port already in use stops the server with a line saying so, instead of waiting for ever', async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const server = startServer(appEnv);
      const code = await Promise.race([server.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 90_000))]);
      if (code === 'still running') server.child.kill('SIGKILL');
      expect(code).toBe(1);
      expect(server.output()).toContain(`serve: cannot listen on ${base}: EADDRINUSE`);
      expect(server.output()).toContain('serve: a server process stopped while starting (exit 1); stopping the server');
      expect(serverProcesses()).toEqual([]);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  test('a start-up refusal stops the whole server instead of starting processes forever', async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    // Connected as the tables' owner (a superuser here), production refuses to start.
    const server = startServer({ ...appEnv, DATABASE_URL: ownerUrl });
    const code = await Promise.race([server.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 90_000))]);
    if (code === 'still running') server.child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(server.output()).toContain('refusing to start in production');
    expect(server.output()).toContain('serve: a server process stopped while starting (exit 1); stopping the server');
    expect(server.output()).not.toContain('Lookout listening');
    expect(serverProcesses()).toEqual([]);
  });
});
