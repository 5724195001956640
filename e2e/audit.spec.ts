import { expect, test } from '@playwright/test';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

test.describe('audit log', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('an admin filters the log through the URL and verifies the chain', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    await page.getByLabel('Actions').fill('staff.sign_in');
    await page.getByLabel('Actor').fill(E2E_STAFF.admin.email);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/actions=staff.sign_in/);
    const rows = page.getByTestId('audit-entries').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    for (const action of await rows.locator('td:nth-child(4)').allTextContents()) expect(action).toBe('staff.sign_in');
    for (const actor of await rows.locator('td:nth-child(3)').allTextContents()) expect(actor).toBe(`${E2E_STAFF.admin.email} (admin)`);

    // Reading the log was itself recorded.
    await page.goto('/audit?actions=audit.view');
    await expect(page.getByTestId('audit-entries').locator('tbody tr').first()).toContainText('audit.view');

    await page.getByRole('button', { name: 'Verify from the start' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^audit chain intact: \d+ entries/ })).toBeVisible();
    await expect(page.getByTestId('chain-status')).toHaveAttribute('data-state', 'intact');
    await page.screenshot({ path: 'test-results/screenshots/audit-page.png', fullPage: true });
  });
});
