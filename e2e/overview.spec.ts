import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { e2ePopulationDir, type E2eFigures } from './seed-platform';
import { storageStateFor } from './staff-accounts';

const port = Number(process.env.E2E_PORT ?? 3100);
const populationFile = (name: string) =>
  parse(readFileSync(path.join(e2ePopulationDir(port), `${name}.csv`)), { columns: true }) as Record<string, string>[];
const formatted = (n: number) => new Intl.NumberFormat('en-GB').format(n);

test.use({ storageState: storageStateFor('moderator') });

test('the overview shows the imported figures', async ({ page }) => {
  const figures = JSON.parse(readFileSync(path.join(e2ePopulationDir(port), 'figures.json'), 'utf8')) as E2eFigures;
  // The generated population is all there (other features seed a few scenario accounts on top).
  expect(figures.accounts).toBeGreaterThanOrEqual(populationFile('accounts').length);
  expect(figures.conversations).toBeGreaterThanOrEqual(populationFile('contacts').length);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('stat-accounts')).toHaveText(formatted(figures.accounts));
  await expect(page.getByTestId('stat-conversations')).toHaveText(formatted(figures.conversations));
  // Other e2e tests may file or triage reports while this runs: the total never falls below what was imported.
  const reportsShown = Number((await page.getByTestId('stat-reports').innerText()).replace(/,/g, ''));
  expect(reportsShown).toBeGreaterThanOrEqual(figures.reports);
  await expect(page.getByRole('region', { name: 'Reports by category and status' }).getByRole('row', { name: /^grooming/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/overview.png', fullPage: true });
});

test('the accounts list pages through accounts and finds one by username prefix', async ({ page }) => {
  const accounts = populationFile('accounts');
  const target = accounts[Math.floor(accounts.length / 2)]!;
  await page.goto('/accounts');
  await expect(page.getByRole('row')).toHaveCount(51); // header + one page of 50
  await page.getByRole('link', { name: 'Next page →' }).click();
  await expect(page).toHaveURL(/after=/);

  await page.getByLabel('Account id, username, display name or device cluster').fill(target.username!.slice(0, -1));
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(target.username!.slice(0, -1))}`));
  await expect(page.getByRole('link', { name: target.username!, exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/accounts.png', fullPage: true });

  await page.getByRole('link', { name: target.username!, exact: true }).click();
  await expect(page.getByRole('heading', { name: target.username! })).toBeVisible();
  await expect(page.getByText(target.account_id!).first()).toBeVisible();
});

test('a search that matches nothing says what to try next', async ({ page }) => {
  await page.goto('/accounts?q=zz-no-such-user');
  await expect(page.getByText('No account matches “zz-no-such-user”.')).toBeVisible();
});
