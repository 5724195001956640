import { expect, test } from '@playwright/test';
import { POLICE_SUSPECT } from './police-seed';
import { storageStateFor } from './staff-accounts';

// A hand-edited or damaged link is a page that does not exist (404), never a server error (500).
const tooLongId = 'x'.repeat(65);
const notAUuid = '-'.repeat(36);

test.describe('malformed links, as a moderator', () => {
  test.use({ storageState: storageStateFor('moderator') });
  for (const url of [`/accounts/${tooLongId}`, `/risk/${tooLongId}`, `/accounts/${POLICE_SUSPECT.accountId}/contacts?after=not-a-cursor`]) {
    test(`GET ${url.slice(0, 60)} → 404`, async ({ page }) => {
      expect((await page.goto(url))?.status()).toBe(404);
    });
  }
});

test.describe('malformed links, as a liaison', () => {
  test.use({ storageState: storageStateFor('liaison') });
  for (const url of [`/police/${notAUuid}`, `/referrals/${notAUuid}`, '/police?after=not-a-cursor', '/referrals?after=not-a-cursor']) {
    test(`GET ${url} → 404`, async ({ page }) => {
      expect((await page.goto(url))?.status()).toBe(404);
    });
  }
});
