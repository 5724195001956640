import { expect, test } from '@playwright/test';
import { PATTERN_LABELS } from '@/lib/risk/patterns';
import { RISK_TOP } from './risk-seed';
import { storageStateFor } from './staff-accounts';

test.describe('grooming risk', () => {
  test.use({ storageState: storageStateFor('moderator') });

  test('a moderator opens the top account, reads its reasons and confirms an age misrepresentation flag', async ({ page, browser }) => {
    await page.goto('/risk');
    await expect(page.getByRole('heading', { name: 'Grooming risk' })).toBeVisible();
    // (e2e/priority-seed.ts gives its groomer a fixed score of 146, which may rank above this account.)
    const top = page.locator('tbody tr').filter({ hasText: RISK_TOP.username });
    await expect(top.getByRole('link', { name: RISK_TOP.username })).toBeVisible();
    await expect(top).toContainText('likely adult');
    await expect(top).toContainText('Age check says adult');
    // The evidence sentence is on the chip, for a hover.
    await expect(top.locator('.reason-chip', { hasText: 'Age check says adult' })).toHaveAttribute('title', /^age check says adult, claims \d+$/);

    // Pattern filters live in the URL.
    await page.getByRole('link', { name: 'Age misrepresentation' }).click();
    await expect(page).toHaveURL(/pattern=age_misrepresentation/);
    // Every row left raises the pattern (the e2e population has planted cases of its own beside the seeded one).
    const rows = page.locator('tbody tr');
    await expect(rows.getByRole('link', { name: RISK_TOP.username })).toBeVisible();
    for (const row of await rows.all()) await expect(row).toContainText(PATTERN_LABELS.age_misrepresentation);

    await page.getByRole('link', { name: RISK_TOP.username }).click();
    await expect(page.getByRole('heading', { name: `Risk: ${RISK_TOP.username}` })).toBeVisible();
    const reasons = page.getByRole('list', { name: 'Reasons' });
    await expect(reasons).toContainText('age check says adult, claims 17');
    await expect(reasons).toContainText('initiated contact with 6 younger minors aged 12, none of whom know each other');
    await reasons.getByText('Evidence: 6 conversations').click();
    await expect(reasons.getByRole('link', { name: 'kid_1' }).first()).toBeVisible();

    const confirm = page.getByRole('region', { name: 'Confirm' });
    for (const box of await confirm.getByRole('checkbox').all()) await box.uncheck();
    await confirm.getByRole('checkbox', { name: 'Age misrepresentation' }).check();
    await confirm.getByLabel('Rationale').fill('Age check says adult while the profile claims 17; writes first to 12-year-olds.');
    // No silent "No action": the browser refuses to send the form until an account action is chosen.
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Confirmed' })).toHaveCount(0);
    await confirm.getByLabel(/Account action/).selectOption({ label: 'No action: flag only, queue items stay open' });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Confirmed' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Flags and reviews' })).toContainText('Flag: Age misrepresentation');

    // Confirming the same pattern again adds no second flag.
    await confirm.getByRole('checkbox', { name: 'Age misrepresentation' }).check();
    await confirm.getByLabel('Rationale').fill('Second look by the same team: still an adult posing as 17.');
    await confirm.getByLabel(/Account action/).selectOption({ label: 'No action: flag only, queue items stay open' });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    // The form clears itself once the server has answered.
    await expect(confirm.getByLabel('Rationale')).toHaveValue('');
    await page.reload();
    await expect(page.getByRole('list', { name: 'Flags and reviews' }).getByText('Flag: Age misrepresentation')).toHaveCount(1);

    // The risk list marks the account as already reviewed.
    await page.goto('/risk');
    await expect(page.getByRole('row').filter({ hasText: RISK_TOP.username }).getByTestId('already-reviewed')).toContainText('Reviewed: confirmed');
    await page.goto(`/risk/${RISK_TOP.accountId}`);

    // The flag is on the account page.
    await page.goto(`/accounts/${RISK_TOP.accountId}`);
    await expect(page.getByRole('list', { name: 'Pattern flags' })).toContainText('Flag: Age misrepresentation — Age check says adult');

    // And in the audit log, which an admin reads.
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const audit = await admin.newPage();
    await audit.goto(`/audit?action=risk.confirm&targetId=${RISK_TOP.accountId}`);
    const entry = audit.locator('tbody tr').first();
    await expect(entry).toContainText('risk.confirm');
    await expect(entry).toContainText('moderator@lookout.test');
    await expect(entry).toContainText('age_misrepresentation');
    await admin.close();
  });
});
