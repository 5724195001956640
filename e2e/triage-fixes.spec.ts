import { expect, test } from '@playwright/test';
import { COUNTED_REQUEST_AGENCY } from './priority-seed';
import { storageStateFor } from './staff-accounts';

test.describe('queue filters and bulk work act on exactly what is shown', () => {
  test.use({ storageState: storageStateFor('moderator') });

  test('a category with age "Any" filters by the category alone; an unreadable filter lists nothing', async ({ page }) => {
    await page.goto('/queues?queue=child-safety');
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Category').selectOption({ label: 'Harassment' });
    await expect(filters.getByLabel('Reported account’s age')).toHaveValue('');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/category=harassment/);
    await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toHaveCount(0);
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
    await expect(page.getByTestId('queue-row')).toContainText('loud_neighbour');

    await page.goto('/queues?queue=child-safety&category=harrassment');
    await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toContainText('category: not a report category');
    await expect(page.getByText('Invalid option')).toHaveCount(0);
    await expect(page.getByTestId('queue-row')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'bulk workspace for this filter' })).toHaveCount(0);
  });

  test('the bulk workspace states the filter, previews only its items, and refuses a filter that differs', async ({ page }) => {
    await page.goto('/queues?queue=child-safety&category=harassment&ageBand=');
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
    await page.getByRole('link', { name: 'bulk workspace for this filter' }).click();
    await expect(page.getByTestId('bulk-target')).toContainText('queue Child safety · category Harassment');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'reason is required' })).toBeVisible();
    await page.getByLabel(/Reason/).fill('Reviewed {report_count} report(s) about {username}: no breach.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('preview-summary')).toHaveText('Dismiss will apply to 1 of 1 items; 0 will be skipped.');
    await expect(page.getByTestId('preview-row')).toHaveCount(1);
    // Placeholders are filled with the item's own values, never with stand-ins.
    await expect(page.getByTestId('preview-row')).toContainText('Reviewed 1 report(s) about loud_neighbour: no breach.');
    await page.screenshot({ path: 'test-results/bulk-preview.png', fullPage: true });

    // The same link with the category dropped (what an unreadable filter used to do) is refused.
    const link = new URL(page.url());
    link.searchParams.delete('category');
    await page.goto(link.pathname + link.search);
    await expect(page.getByTestId('bulk-refusal')).toContainText('differs from the one shown on the queue page');
    await expect(page.getByRole('button', { name: 'Preview' })).toHaveCount(0);
  });

  test('a grooming report on a high-risk account leads Child safety, above harassment that waited 40 days, and says why', async ({ page }) => {
    await page.goto('/queues?queue=child-safety');
    const rows = page.getByTestId('queue-row');
    await expect(rows.first()).toContainText('sporty_sam_16');
    await expect(rows.first().getByTestId('queue-why')).toContainText('Child safety lane · grooming 10 × highest risk 5 (score 146) = priority 50');
    await expect(rows.last()).toContainText('loud_neighbour');
    await expect(rows.last().getByTestId('queue-why')).toContainText('harassment 4 × no or low risk 1 (not scored) = priority 4');
    const names = await rows.locator('td:nth-child(2) a').allTextContents();
    expect(names[0]).toBe('sporty_sam_16');
    expect(names.at(-1)).toBe('loud_neighbour');
    expect(names.slice(1, -1).every((name) => name.startsWith('older_friend_'))).toBe(true);
    await page.screenshot({ path: 'test-results/queue-priority.png', fullPage: true });
  });
});

test.describe('police list', () => {
  test.use({ storageState: storageStateFor('liaison') });

  test('counts the accounts each request names', async ({ page }) => {
    await page.goto('/police');
    const row = page.getByRole('table', { name: 'Requests' }).getByRole('row').filter({ hasText: COUNTED_REQUEST_AGENCY });
    await expect(row.getByRole('cell').nth(3)).toHaveText('3');
  });
});
