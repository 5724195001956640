import { expect, test } from '@playwright/test';
import { storageStateFor } from './staff-accounts';

/**
 * The precision loop in a browser (issue 15): an admin reads how each signal held up under
 * review, prepares a re-weighting that is evaluated on a held-out population, and adopts it as
 * the next weight version. Moderators cannot open the page.
 */
test.describe('risk weights', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('an admin prepares a suggestion, reads its held-out evaluation and adopts it as the next version', async ({ page }) => {
    // Generating, loading and scoring a held-out population twice takes a while on two shared cores.
    test.setTimeout(300_000);
    await page.goto('/admin/risk-weights');
    await expect(page.getByRole('heading', { level: 1, name: 'Risk weights' })).toBeVisible();
    const inForce = page.getByTestId('weight-version');
    await expect(inForce).toContainText(/^Version \d+/);
    const version = Number((await inForce.textContent())!.match(/^Version (\d+)/)![1]);
    await expect(page.getByRole('region', { name: 'How each signal held up under review' })).toBeVisible();

    const prepare = page.getByRole('region', { name: 'Prepare a suggestion' });
    await prepare.getByLabel('Accounts per population').fill('500');
    await prepare.getByLabel('Held-out populations').selectOption('1');
    await prepare.getByRole('button', { name: 'Prepare and evaluate' }).click();
    await expect(prepare.getByRole('status')).toContainText('Suggestion prepared and evaluated.', { timeout: 240_000 });

    // The newest suggestion comes first: its weights, its evaluation on the held-out population, its verdict.
    const suggestion = page.getByRole('region', { name: /^Suggestion \d+$/ }).first();
    await expect(suggestion.getByRole('table', { name: /^Held-out evaluation of suggestion/ })).toContainText('heldout-rowan');
    await expect(suggestion.getByTestId('verdict')).toHaveText(/ranks (better|the same|worse)/);
    await page.screenshot({ path: 'test-results/risk-weights.png', fullPage: true });

    const adopt = suggestion.getByRole('button', { name: `Adopt as version ${version + 1}` });
    // Without enough reviews no signal moves, so the suggestion ranks the same and may be adopted.
    await expect(adopt).toBeVisible();
    await adopt.click();
    // The adopted suggestion leaves the list of open ones; the version in force is the new one.
    await expect(page.getByTestId('weight-version')).toContainText(`Version ${version + 1}`);
    await page.reload();
    await expect(page.getByTestId('weight-version')).toContainText(`Version ${version + 1}`);
    await expect(page.getByRole('table', { name: 'Adopted weight versions' })).toContainText(String(version + 1));
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
