import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';
import { receiverUrl } from './receiver';
import { storageStateFor } from './staff-accounts';
import { SPAM_ACCOUNTS, TRIAGE_STAFF } from './triage-seed';

test.describe.configure({ mode: 'serial' });

const itemIdOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;

test.describe('reviewing the child-safety queue', () => {
  test.use({ storageState: storageStateFor('moderator') });

  test('a moderator resolves an item with a suspension using only the keyboard, and the next item opens', async ({ page }) => {
    await page.goto('/queues?queue=child-safety');
    await expect(page.getByRole('heading', { name: 'Queues' })).toBeVisible();
    // (e2e/priority-seed.ts puts a higher-priority item, held by the admin, above these.)
    await expect(page.getByTestId('queue-row').filter({ hasText: 'older_friend' }).first()).toContainText('older_friend_1');

    await page.keyboard.press('s');
    await expect(page).toHaveURL(/\/review\/[0-9a-f-]{36}$/);
    const first = itemIdOf(page);
    const firstAccount = await page.getByTestId('review-account').textContent();
    expect(firstAccount).toContain('older_friend_1');
    // Grooming report text is folded until a moderator reveals it (wellness); the review still opens on it.
    await expect(page.getByTestId('folded-report-text').first()).toContainText('Text folded');
    expect(await page.content()).not.toContain('keeps asking me for photos');

    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Resolve with an account action');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);

    await page.keyboard.press('r');
    await expect(page.getByRole('group', { name: 'Resolve with an account action' })).toBeVisible();
    await page.keyboard.press('3');
    await expect(page.getByRole('radio', { name: /Suspend/ })).toBeChecked();
    await expect(page.getByLabel(/Reason/)).toHaveValue(/older_friend_1 suspended/);
    await page.keyboard.press('Control+Enter');

    await expect(page).not.toHaveURL(new RegExp(first));
    await expect(page).toHaveURL(/\/review\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('review-account')).toContainText('older_friend_2');

    // The first item is decided: resolved, the account suspended, with the reason on record.
    await page.goto(`/review/${first}`);
    await expect(page.getByTestId('review-status')).toHaveText('Resolved');
    // A decided item is held by no one, although its lease has not run out.
    await expect(page.getByText(/held by/)).toHaveCount(0);
    await expect(page.getByTestId('account-status')).toHaveText('suspended');
    await expect(page.getByTestId('account-actions')).toContainText('Suspend');
  });

  test('the suspension reaches the chat app signed, and the account page says it was delivered', async ({ page, request }) => {
    // The receiver (lib/outbox/receiver.ts) records only events whose Standard Webhooks signature verifies.
    type Received = { id: string; body: { type: string; data: Record<string, string> } };
    const suspension = async () =>
      ((await (await request.get(receiverUrl())).json()) as Received[]).find(
        (event) => event.body.type === 'account.action' && event.body.data.account_id === 'tri-adult-1' && event.body.data.action === 'suspend',
      );
    await expect.poll(suspension, { timeout: 2_000, intervals: [100] }).toBeDefined();
    const event = (await suspension())!;
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);

    await page.goto('/accounts/tri-adult-1');
    const history = page.getByTestId('decision-history');
    await expect(history).toContainText('suspend');
    await expect(history.getByTestId('delivery-state').first()).toContainText('delivered to the chat app');
  });

  test('the command palette jumps to another queue', async ({ page }) => {
    await page.goto('/queues?queue=child-safety');
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder(/Go to a page/).fill('everything else');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/queue=everything-else/);
  });
});

test('two moderators pressing "Start reviewing" at the same time get different items', async ({ browser }) => {
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const pages = await Promise.all(contexts.map((context) => context.newPage()));
    await signIn(pages[0]!, TRIAGE_STAFF.alice);
    await signIn(pages[1]!, TRIAGE_STAFF.bob);
    await Promise.all(pages.map((page) => page.goto('/queues?queue=child-safety')));
    await Promise.all(pages.map((page) => page.getByRole('button', { name: /Start reviewing/ }).click()));
    await Promise.all(pages.map((page) => expect(page).toHaveURL(/\/review\/[0-9a-f-]{36}$/)));
    const [alice, bob] = pages.map(itemIdOf);
    expect(alice).not.toBe(bob);
    await expect(pages[0]!.getByText('held by you')).toBeVisible();
    await expect(pages[1]!.getByText('held by you')).toBeVisible();
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});

test.describe('bulk work', () => {
  test.use({ storageState: storageStateFor('moderator') });

  test('a bulk dismiss of the spam wave shows its preview, then its batch in the audit log', async ({ page, browser }) => {
    await page.goto('/queues?queue=everything-else&category=spam');
    await expect(page.getByTestId('queue-row')).toHaveCount(SPAM_ACCOUNTS);
    await page.getByRole('link', { name: 'bulk workspace for this filter' }).click();
    await expect(page.getByRole('heading', { name: 'Bulk work' })).toBeVisible();

    await page.getByLabel('Template').selectOption({ label: 'Spam wave' });
    await expect(page.getByLabel(/Reason/)).toHaveValue(/spam wave/i);
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('preview-summary')).toHaveText(`Dismiss will apply to ${SPAM_ACCOUNTS} of ${SPAM_ACCOUNTS} items; 0 will be skipped.`);
    await expect(page.getByTestId('preview-row')).toHaveCount(SPAM_ACCOUNTS);

    await page.getByRole('button', { name: `Confirm: dismiss ${SPAM_ACCOUNTS} items` }).click();
    const result = page.getByTestId('batch-result');
    await expect(result).toContainText(`applied to ${SPAM_ACCOUNTS} items; recorded as audit entry #`);
    const batchId = (await result.locator('span.font-mono').textContent())!;
    const auditSeq = /audit entry #(\d+)/.exec((await result.textContent())!)![1]!;
    const batchRow = page.getByTestId('recent-batches').getByRole('row').filter({ hasText: batchId });
    await expect(batchRow).toContainText(`#${auditSeq}`);
    await expect(batchRow).toContainText(String(SPAM_ACCOUNTS));

    await page.goto('/queues?queue=everything-else&category=spam');
    await expect(page.getByText('Nothing waiting in Everything else with these filters.')).toBeVisible();

    // An admin finds the batch in the audit log: one entry for the whole batch, by the moderator.
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    try {
      const auditPage = await admin.newPage();
      await auditPage.goto(`/audit?targetType=bulk_batch&targetId=${batchId}`);
      const rows = auditPage.getByRole('row').filter({ hasText: 'triage.bulk' });
      await expect(rows).toHaveCount(1);
      await expect(rows).toContainText(auditSeq);
      await expect(rows).toContainText('moderator@lookout.test');
      await expect(rows).toContainText(/part of a spam wave/i);
    } finally {
      await admin.close();
    }
  });
});
