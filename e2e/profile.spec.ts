import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { signIn } from './helpers';
import { E2E_STAFF } from './staff-accounts';

const codeFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();

test('a member enrols a second factor, and sign-in then asks for its code', async ({ page }) => {
  const member = E2E_STAFF.mfaLiaison;
  await signIn(page, member, '/signin?next=/profile');
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.screenshot({ path: 'test-results/screenshots/profile-page.png', fullPage: true });
  const enrol = page.locator('form').filter({ has: page.getByLabel('Code from the app') });
  await enrol.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('Code from the app').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Turn on second factor' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Your current password is not right.' })).toBeVisible();
  await enrol.getByLabel('Current password').fill(member.password);
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on second factor' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That code does not match' })).toBeVisible();
  await enrol.getByLabel('Current password').fill(member.password);
  const enrolmentCode = codeFor(secret);
  await page.getByLabel('Code from the app').fill(enrolmentCode);
  await page.getByRole('button', { name: 'Turn on second factor' }).click();
  await expect(page.getByText('On: signing in asks for a code from your authenticator app.')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Authentication code').fill('123456');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That code is not right' })).toBeVisible();
  // The code used to enrol (or any code already used) is refused a second time.
  if (codeFor(secret) === enrolmentCode) {
    await page.getByLabel('Authentication code').fill(enrolmentCode);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'it was already used' })).toBeVisible();
  }
  await expect.poll(() => codeFor(secret), { timeout: 35_000, intervals: [1_000] }).not.toBe(enrolmentCode);
  await page.getByLabel('Authentication code').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-email')).toHaveText(member.email);
});
