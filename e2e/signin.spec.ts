import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

const mainNav = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'Main' });

test.describe('navigation follows the role', () => {
  const expected = {
    admin: { shows: ['Staff', 'Audit log'], hides: [] },
    liaison: { shows: [], hides: ['Staff', 'Audit log'] },
    moderator: { shows: [], hides: ['Staff', 'Audit log'] },
  } as const;
  for (const role of ['admin', 'liaison', 'moderator'] as const) {
    test.describe(role, () => {
      test.use({ storageState: storageStateFor(role) });
      test(`${role} sees their own navigation`, async ({ page }) => {
        await page.goto('/profile');
        await expect(page.getByRole('heading', { name: 'Your profile' })).toBeVisible();
        await expect(page.getByText(E2E_STAFF[role].email).first()).toBeVisible();
        for (const label of expected[role].shows) await expect(mainNav(page).getByRole('link', { name: label })).toBeVisible();
        for (const label of expected[role].hides) await expect(mainNav(page).getByRole('link', { name: label })).toHaveCount(0);
      });
    });
  }
});

test.describe('a moderator typing an admin URL', () => {
  test.use({ storageState: storageStateFor('moderator') });
  for (const path of ['/staff', '/audit']) {
    test(`gets the 403 page at ${path}`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible();
      await expect(page.getByText('Your role (moderator) cannot open it.')).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
    });
  }
});

test('a wrong password shows the generic error', async ({ page }) => {
  await page.goto('/signin');
  await page.screenshot({ path: 'test-results/screenshots/signin-page.png' });
  await page.getByLabel('Email').fill(E2E_STAFF.moderator.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test('an unknown email gets exactly the same error', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('nobody@lookout.test');
  await page.getByLabel('Password').fill('whatever-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /^Email or password is incorrect\.$/ })).toBeVisible();
});

test('a signed-out visitor is sent to sign in, then back to the page they asked for', async ({ page }) => {
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/signin\?next=%2Fstaff$/);
  await page.getByLabel('Email').fill(E2E_STAFF.admin.email);
  await page.getByLabel('Password').fill(E2E_STAFF.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { name: 'Staff', exact: true })).toBeVisible();
});

test('sign-out ends the session: the old cookie no longer works', async ({ page, browser }) => {
  const member = E2E_STAFF.signOutModerator;
  await signIn(page, member, '/signin?next=/profile');
  const copied = await page.context().storageState();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByTestId('signed-in-email')).toHaveCount(0);

  // Replaying the cookie from before sign-out must not get back in.
  const replay = await browser.newContext({ storageState: copied });
  const replayPage = await replay.newPage();
  await replayPage.goto('/profile');
  await expect(replayPage).toHaveURL(/\/signin\?next=%2Fprofile$/);
  await replay.close();
});
