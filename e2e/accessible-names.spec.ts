import { expect, test } from '@playwright/test';
import { storageStateFor } from './staff-accounts';

// What a screen reader announces must be what the page shows, with the parts of a control kept apart.
test.describe('accessible names on the queue page', () => {
  test.use({ storageState: storageStateFor('moderator') });

  test('the main button is "Start reviewing" and announces its key; queue tabs read their counts as separate words', async ({ page }) => {
    await page.goto('/queues?queue=child-safety');
    const start = page.getByRole('button', { name: 'Start reviewing', exact: true });
    await expect(start).toBeVisible();
    await expect(start).toHaveAttribute('aria-keyshortcuts', 's');

    const queues = page.getByRole('navigation', { name: 'Queues' });
    await expect(queues.getByRole('link', { name: /^Child safety \d+ waiting( \d+ overdue)?( oldest \S+ \S+)?$/ })).toBeVisible();
    await expect(queues.getByRole('link', { name: /^Everything else \d+ waiting/ })).toBeVisible();

    // A pill after a name is its own word: "older_friend_1 … Child safety", never "…1Child safety".
    await expect(page.getByTestId('queue-row').filter({ hasText: 'older_friend' }).first()).toHaveText(/older_friend_\d+ tri-adult-\d+ Child safety/);
  });

  test('every page has exactly one h1', async ({ page }) => {
    for (const path of ['/queues', '/queues/bulk', '/queues/stats', '/accounts', '/risk']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }), path).toHaveCount(1);
    }
  });
});
