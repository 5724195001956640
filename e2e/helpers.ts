import { expect, type Page } from '@playwright/test';
import type { E2eStaffMember } from './staff-accounts';

export async function signIn(page: Page, member: E2eStaffMember, path = '/signin'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-email')).toHaveText(member.email);
}
