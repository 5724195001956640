import { expect, test } from '@playwright/test';
import { storageStateFor } from './staff-accounts';

/**
 * The precision loop in a browser (issue 15): an admin reads how each signal held up under
 * review and asks for a re-weighting, which is refused while no signal has enough reviews to move.
 * Moderators cannot open the page.
 */
test.describe('risk weights', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('an admin reads how each signal held up; with too few reviews a suggestion is refused before any evaluation', async ({ page }) => {
    await page.goto('/admin/risk-weights');
    await expect(page.getByRole('heading', { level: 1, name: 'Risk weights' })).toBeVisible();
    const inForce = page.getByTestId('weight-version');
    await expect(inForce).toContainText(/^Version \d+/);
    const version = (await inForce.textContent())!.match(/^Version (\d+)/)![1];
    await expect(page.getByRole('region', { name: 'How each signal held up under review' })).toBeVisible();

    // The e2e data holds fewer than five reviews of any signal: the suggestion would equal the
    // weights in force, so it is refused at once (evaluating and adopting are covered in tests/risk/reweigh.test.ts).
    const prepare = page.getByRole('region', { name: 'Prepare a suggestion' });
    await prepare.getByLabel('Accounts per population').fill('500');
    await prepare.getByLabel('Held-out populations').selectOption('1');
    await prepare.getByRole('button', { name: 'Prepare and evaluate' }).click();
    await expect(prepare.getByRole('alert')).toContainText("move no signal's weight");
    await page.screenshot({ path: 'test-results/risk-weights.png', fullPage: true });
    await page.reload();
    await expect(page.getByTestId('weight-version')).toContainText(`Version ${version}`);
  });

  test.describe('as a moderator', () => {
    test.use({ storageState: storageStateFor('moderator') });
    test('the page is refused and not in the navigation', async ({ page }) => {
      const response = await page.goto('/admin/risk-weights');
      expect(response?.status()).toBe(403);
      await page.goto('/');
      await expect(page.getByRole('link', { name: 'Risk weights' })).toHaveCount(0);
    });
  });
});
