import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { can } from '@/lib/auth/permissions';
import { ROUTE_PERMISSIONS } from '@/lib/auth/routes';
import { OVERSIGHT_STAFF, type OversightSeed } from './oversight-seed';
import { RISK_TOP } from './risk-seed';
import { storageStateFor } from './staff-accounts';

/**
 * Admin oversight in a real browser. The explorer, exports, chain badge and last-admin rule run
 * against a second server with a database of its own (e2e/oversight-server.ts), seeded with three
 * days of moderators' decisions, a recorded verification, and one entry altered afterwards as the
 * tables' owner. The 403s run against the main e2e server as its moderator.
 */
const oversightPort = Number(process.env.E2E_PORT ?? 3100) + 1;
const oversightUrl = `http://127.0.0.1:${oversightPort}`;
let server: ChildProcess | null = null;
let seed: OversightSeed;

async function signInThere(page: Page, member: { email: string; password: string }) {
  await page.goto(`${oversightUrl}/signin`);
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-email')).toHaveText(member.email);
}

test.describe('admin oversight (own server)', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ storageState: { cookies: [], origins: [] } });

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(300_000);
    server = spawn(path.resolve('node_modules/.bin/tsx'), ['e2e/oversight-server.ts'], {
      env: { ...process.env, OVERSIGHT_PORT: String(oversightPort) },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    seed = await new Promise<OversightSeed>((resolve, reject) => {
      let output = '';
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = /OVERSIGHT_SEED (.*)\n/.exec(output);
        if (line) resolve(JSON.parse(line[1]!) as OversightSeed);
      });
      server!.on('exit', (code) => reject(new Error(`the oversight server stopped (${code}) before seeding:\n${output}`)));
    });
    for (let tries = 0; ; tries++) {
      const up = await fetch(`${oversightUrl}/api/health`).then((response) => response.ok, () => false);
      if (up) break;
      if (tries > 240) throw new Error('the oversight server did not come up');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });

  test.afterAll(async () => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  });

  test("an admin narrows the log to one moderator's decisions on one day with a word, opens an entry, and exports exactly those rows", async ({ page }) => {
    await signInThere(page, OVERSIGHT_STAFF.admin);
    await page.goto(`${oversightUrl}/audit`);
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    // The recorded verification left the badge green.
    await expect(page.getByTestId('chain-status')).toHaveAttribute('data-state', 'intact');

    await page.getByLabel('Actor').fill('Lindqvist');
    await page.getByLabel('Actions').fill('triage.resolve, triage.dismiss');
    await page.getByLabel('From (UTC)').fill(seed.days.day);
    await page.getByLabel('To (UTC)').fill(seed.days.day);
    await page.getByLabel('Text').fill('grooming');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/q=grooming/);
    await expect(page.getByTestId('resolved-filter')).toContainText('Actor matches: maya@lookout.test');
    const rows = page.getByTestId('audit-entries').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    const shown = (await rows.locator('td:first-child').allTextContents()).map(Number);
    expect(shown).toEqual([seed.afternoon, seed.morning]);
    await page.screenshot({ path: 'test-results/screenshots/oversight-explorer.png', fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = parse(await readFile((await download.path())!, 'utf8')) as string[][];
    expect(csv[0]![0]).toBe('seq');
    expect(csv.slice(1).map((row) => Number(row[0]))).toEqual(shown);
    expect(csv[1]![csv[0]!.indexOf('what_changed')]).toBe('Status: in_review → resolved; Reported id: acc_groomer2; Account action: suspend');

    await page.getByRole('link', { name: `Entry ${seed.morning}` }).click();
    await expect(page.getByRole('heading', { name: `Audit entry ${seed.morning}` })).toBeVisible();
    const changed = page.getByTestId('changed');
    await expect(changed.getByRole('row', { name: /Status/ })).toContainText('in_review');
    await expect(changed.getByRole('row', { name: /Status/ })).toContainText('resolved');
    await expect(page.getByTestId('details').getByRole('row', { name: /Account action/ })).toContainText('ban');
    await expect(page.getByTestId('entry-facts')).toContainText('Grooming messages to two minors');
    // The claim before it on the same item, and a link to the item.
    await expect(page.getByRole('region', { name: 'Before it on the same target' })).toContainText('triage.claim');
    await expect(page.getByRole('link', { name: 'open', exact: true })).toHaveAttribute('href', /^\/review\//);
    await page.screenshot({ path: 'test-results/screenshots/oversight-entry.png', fullPage: true });
  });

  test('the signed NDJSON of the same view names the filters and the entries', async ({ page }) => {
    await signInThere(page, OVERSIGHT_STAFF.admin);
    const response = await page.request.get(
      `${oversightUrl}/api/audit/export?format=ndjson&actor=Lindqvist&actions=triage.resolve,triage.dismiss&from=${seed.days.day}&to=${seed.days.day}&q=grooming`,
    );
    expect(response.status()).toBe(200);
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string; seq?: number });
    expect(lines[0]).toMatchObject({ type: 'selection', entries: 2, filters: { actor: 'Lindqvist', q: 'grooming' } });
    expect(lines.filter((line) => line.type === 'entry').map((line) => line.seq)).toEqual([seed.morning, seed.afternoon]);
    expect(lines.at(-1)).toMatchObject({ type: 'checkpoint' });
  });

  test('the chain badge turns red after a row was altered behind the trigger, naming the entry', async ({ page }) => {
    await signInThere(page, OVERSIGHT_STAFF.admin);
    await page.goto(`${oversightUrl}/audit`);
    const badge = page.getByTestId('chain-status');
    await expect(badge).toHaveAttribute('data-state', 'intact');
    await page.getByRole('button', { name: 'Verify new entries' }).click();
    await expect(badge).toHaveAttribute('data-state', 'broken');
    await expect(page.getByTestId('chain-failed-entry')).toHaveText(`at entry ${seed.tampered}`);
    await expect(badge).toContainText('its contents do not match its hash (altered)');
    await page.screenshot({ path: 'test-results/screenshots/oversight-chain-red.png', fullPage: true });
    // Checking from the start finds the same entry; the badge stays red.
    await page.getByRole('button', { name: 'Verify from the start' }).click();
    await expect(badge).toContainText('Full verification');
    await expect(page.getByTestId('chain-failed-entry')).toHaveText(`at entry ${seed.tampered}`);
  });

  test("access oversight flags a child's account opened with nothing behind it, and links to the entries", async ({ page }) => {
    await signInThere(page, OVERSIGHT_STAFF.admin);
    await page.goto(`${oversightUrl}/audit/access?from=${seed.days.day}&to=${seed.days.day}`);
    const flag = page.getByTestId('flag-child_without_basis-acc_child');
    await expect(flag).toContainText('Omar Haddad');
    await expect(flag).toContainText('account page, contacts');
    await expect(flag).toContainText('nothing');
    await page.screenshot({ path: 'test-results/screenshots/oversight-access.png', fullPage: true });
    await flag.getByRole('link', { name: /entries of Omar Haddad/ }).click();
    await expect(page.getByTestId('audit-entries').locator('tbody tr')).toHaveCount(2);
    await page.goto(`${oversightUrl}/audit/access/acc_child`);
    const views = page.getByRole('table', { name: 'Views' }).locator('tbody tr');
    await expect(views).toHaveCount(2);
    await expect(views.first()).toContainText('Child, nothing behind it');
    await expect(page.getByRole('table', { name: 'Viewers' }).getByRole('row', { name: /Omar Haddad/ })).toContainText('2');
  });

  test('the last active admin cannot be demoted', async ({ page }) => {
    await signInThere(page, OVERSIGHT_STAFF.admin);
    await page.goto(`${oversightUrl}/staff`);
    await page.getByTestId(`staff-row-${OVERSIGHT_STAFF.admin.email}`).getByRole('link').first().click();
    await page.getByLabel('New role').selectOption('moderator');
    await page.getByLabel('Reason for the role change').fill('Handing over');
    await page.getByRole('button', { name: 'Change role' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'cannot demote the last active admin' })).toBeVisible();
    await page.goto(`${oversightUrl}/staff`);
    await expect(page.getByTestId(`staff-row-${OVERSIGHT_STAFF.admin.email}`)).toContainText('admin');
  });
});

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const SAMPLE: Record<string, string> = { accountId: RISK_TOP.accountId, seq: '1' };
const adminPages = Object.entries(ROUTE_PERMISSIONS).filter(
  ([route, permission]) => !route.startsWith('/api/') && permission !== 'public' && permission !== 'integration' && !can('moderator', permission) && can('admin', permission),
);

test.describe('a moderator on the main server', () => {
  test.use({ storageState: storageStateFor('moderator') });
  test('gets 403 on every admin page', async ({ page }) => {
    expect(adminPages.map(([route]) => route)).toEqual(expect.arrayContaining(['/audit', '/audit/[seq]', '/audit/access', '/audit/access/[accountId]', '/staff', '/staff/[staffId]', '/transparency/full']));
    for (const [route] of adminPages) {
      const url = route.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(SAMPLE[name] ?? MISSING_UUID));
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(403);
    }
    // Team figures are theirs: only their own row.
    const response = await page.goto('/team');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'My figures' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Team figures per moderator' }).locator('tbody tr')).toHaveCount(1);
  });
});
