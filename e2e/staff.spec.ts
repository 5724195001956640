import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

test.describe('staff management', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('an admin adds a member, who must replace the one-time password at first sign-in', async ({ page, browser }) => {
    await page.goto('/staff');
    await page.getByLabel('Email').fill('new.moderator@lookout.test');
    await page.getByLabel('Name').fill('New Moderator');
    await page.getByLabel('Role', { exact: true }).selectOption('moderator');
    await page.getByRole('button', { name: 'Add member' }).click();
    const initialPassword = (await page.getByTestId('initial-password').textContent())!.trim();
    expect(initialPassword).toMatch(/^\w{5}(-\w{5}){3}$/);
    const row = page.getByTestId('staff-row-new.moderator@lookout.test');
    await expect(row).toContainText('one-time password');
    await expect(row).toContainText('MFA off');
    await page.screenshot({ path: 'test-results/screenshots/staff-page.png', fullPage: true });

    const newcomer = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
    await signIn(newcomer, { email: 'new.moderator@lookout.test', password: initialPassword, role: 'moderator' }, '/signin?next=/staff');
    // Anything else waits until they have chosen a password.
    await expect(newcomer).toHaveURL(/\/profile$/);
    await expect(newcomer.getByText('You signed in with a one-time password.')).toBeVisible();
    await newcomer.locator('#currentPassword').fill(initialPassword);
    await newcomer.getByLabel('New password', { exact: true }).fill('my-own-new-password');
    await newcomer.getByLabel('New password again').fill('my-own-new-password');
    await newcomer.getByRole('button', { name: 'Change password' }).click();
    await expect(newcomer.getByText('Password changed. Sign in with your new password.')).toBeVisible();
    await signIn(newcomer, { email: 'new.moderator@lookout.test', password: 'my-own-new-password', role: 'moderator' }, '/signin?next=/profile');
    await expect(newcomer.getByText('You signed in with a one-time password.')).toHaveCount(0);
    await newcomer.context().close();
  });

  test('a disabled member is signed out on their next request', async ({ page, browser }) => {
    const spare = E2E_STAFF.spareModerator;
    const spareContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const sparePage = await spareContext.newPage();
    await signIn(sparePage, spare, '/signin?next=/profile');

    await page.goto('/staff');
    await page.getByTestId(`staff-row-${spare.email}`).getByRole('link', { name: spare.email, exact: true }).click();
    await page.getByLabel('Reason for disabling').fill('Left the team');
    await page.getByRole('button', { name: 'Disable member' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Disabled ${spare.email}: their sessions have ended.` })).toBeVisible();
    await page.goto('/staff');
    await expect(page.getByTestId(`staff-row-${spare.email}`)).toContainText('Disabled');

    // Their next request, a client-side navigation, lands on the sign-in page without the console frame.
    await sparePage.getByTestId('signed-in-email').click();
    await expect(sparePage).toHaveURL(/\/signin\?next=%2Fprofile$/);
    await expect(sparePage.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(sparePage.getByTestId('signed-in-email')).toHaveCount(0);
    // And they cannot sign back in; the error does not say why.
    await sparePage.getByLabel('Email').fill(spare.email);
    await sparePage.getByLabel('Password').fill(spare.password);
    await sparePage.getByRole('button', { name: 'Sign in' }).click();
    await expect(sparePage.getByRole('alert').filter({ hasText: /^Email or password is incorrect\.$/ })).toBeVisible();
    await spareContext.close();
  });

  test('an admin resets a lost password; the old one stops working', async ({ page, browser }) => {
    await page.goto('/staff');
    await page.getByLabel('Email').fill('forgetful@lookout.test');
    await page.getByRole('button', { name: 'Add member' }).click();
    const firstPassword = (await page.getByTestId('initial-password').textContent())!.trim();
    await page.getByTestId('staff-row-forgetful@lookout.test').getByRole('link', { name: 'forgetful@lookout.test', exact: true }).click();
    await page.getByRole('button', { name: 'Reset password' }).click();
    const resetPassword = (await page.getByTestId('reset-password').textContent())!.trim();
    expect(resetPassword).not.toBe(firstPassword);

    const member = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
    await member.goto('/signin');
    await member.getByLabel('Email').fill('forgetful@lookout.test');
    await member.getByLabel('Password').fill(firstPassword);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await expect(member.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' })).toBeVisible();
    await signIn(member, { email: 'forgetful@lookout.test', password: resetPassword, role: 'moderator' }, '/signin?next=/profile');
    await expect(member.getByText('You signed in with a one-time password.')).toBeVisible();
    await member.context().close();
  });

  test('an admin cannot disable themselves; the last-admin rule holds', async ({ page }) => {
    await page.goto('/staff');
    await page.getByTestId(`staff-row-${E2E_STAFF.admin.email}`).getByRole('link', { name: `${E2E_STAFF.admin.email} (you)` }).click();
    await expect(page.getByRole('button', { name: /Disable/ })).toHaveCount(0);
    await page.getByLabel('New role').selectOption('moderator');
    await page.getByLabel('Reason for the role change').fill('Trying to step down');
    await page.getByRole('button', { name: 'Change role' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'cannot demote the last active admin' })).toBeVisible();
    await page.goto('/staff');
    await expect(page.getByTestId(`staff-row-${E2E_STAFF.admin.email}`)).toContainText('admin');
  });

  test('the list says how many members there are, and a later page starts after its cursor and leads back', async ({ page }) => {
    await page.goto('/staff');
    await expect(page.getByTestId('staff-count')).toHaveText(/^\d+ members$/);
    await expect(page.getByRole('navigation', { name: 'Staff pages' })).toHaveCount(0);

    // The page after the admin's email (a "Next" link's target): only members whose email sorts after it.
    await page.goto(`/staff?after=${encodeURIComponent(E2E_STAFF.admin.email)}`);
    await expect(page.getByTestId(`staff-row-${E2E_STAFF.admin.email}`)).toHaveCount(0);
    await expect(page.getByTestId(`staff-row-${E2E_STAFF.moderator.email}`)).toBeVisible();
    await page.getByRole('navigation', { name: 'Staff pages' }).getByRole('link', { name: '← First page' }).click();
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByTestId(`staff-row-${E2E_STAFF.admin.email}`)).toBeVisible();
  });
});
