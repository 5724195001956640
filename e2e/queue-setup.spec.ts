import { expect, test } from '@playwright/test';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

test.describe('queue setup', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('an admin limits a moderator to some queues with the one form, refuses a form with nothing ticked, and lifts the limit with "Every queue"', async ({ page }) => {
    // A moderator no other browser test reads queues as.
    const member = E2E_STAFF.signOutModerator.email;
    await page.goto('/admin/queues');
    const limits = page.getByRole('table', { name: 'Queues each moderator may work' });
    await expect(limits.getByTestId(`queue-limit-${member}`)).toContainText('every queue');

    const form = page.getByRole('form', { name: 'Limit a moderator' });
    await form.getByLabel('Moderator').selectOption({ label: member });
    await form.getByRole('checkbox', { name: 'Child safety' }).check();
    await form.getByRole('checkbox', { name: 'Escalated' }).check();
    await form.getByRole('button', { name: 'Save limits' }).click();
    await expect(form.getByText('Saved.')).toBeVisible();
    await expect(limits.getByTestId(`queue-limit-${member}`)).toContainText('Child safety, Escalated');
    await page.screenshot({ path: 'test-results/screenshots/queue-setup.png', fullPage: true });

    // In a hurry: a moderator chosen and nothing ticked is refused, and their limits stay.
    await form.getByLabel('Moderator').selectOption({ label: member });
    await form.getByRole('button', { name: 'Save limits' }).click();
    await expect(form.getByRole('alert')).toContainText('Every queue');
    await expect(limits.getByTestId(`queue-limit-${member}`)).toContainText('Child safety, Escalated');

    await form.getByRole('checkbox', { name: 'Every queue (no limit)' }).check();
    await form.getByRole('button', { name: 'Save limits' }).click();
    await expect(limits.getByTestId(`queue-limit-${member}`)).toContainText('every queue');
  });
});
