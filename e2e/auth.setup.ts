import { test as setup } from '@playwright/test';
import { signIn } from './helpers';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

for (const member of [E2E_STAFF.admin, E2E_STAFF.liaison, E2E_STAFF.moderator]) {
  setup(`sign in as ${member.role}`, async ({ page }) => {
    await signIn(page, member, '/signin?next=/profile');
    await page.context().storageState({ path: storageStateFor(member.role) });
  });
}
