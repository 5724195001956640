import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signIn } from './helpers';
import { APPELLANT, DEAD_ACCOUNTS, E2E_INTEGRATION_TOKEN, LOOP_STAFF, RETRYING_ACCOUNT } from './platform-loop-seed';
import { receiverUrl } from './receiver';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

/**
 * The loop back to the chat app, as staff see it: the Deliveries page (backlog, failures, dead
 * letters, replays that reach the receiver and are audited) and the Appeals page (an appeal filed
 * through the API, refused to the moderator who decided, overturned by another, and the reinstate
 * and the appellant's notice arriving at the receiver). Data: e2e/platform-loop-seed.ts.
 */
test.describe.configure({ mode: 'serial' });

type Received = { id: string; body: { type: string; data: Record<string, string> } };

async function received(request: APIRequestContext, match: (event: Received) => boolean): Promise<Received[]> {
  return ((await (await request.get(receiverUrl())).json()) as Received[]).filter(match);
}

const ofAccount = (accountId: string) => (event: Received) => event.body.data.account_id === accountId;

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test.describe('deliveries', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('an admin sees what waits, what fails and what died', async ({ page }) => {
    await page.goto('/admin/deliveries');
    await expect(page.getByRole('heading', { level: 1, name: 'Deliveries' })).toBeVisible();
    const figures = page.getByRole('region', { name: 'Now' });
    await expect(figures.getByRole('definition').nth(0)).toHaveText(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(figures).toContainText(/Retrying\s*1/);
    await expect(figures).toContainText(/Dead letters\s*3/);

    // Retrying (the first tab): the restriction the chat app keeps refusing, with its error and next try.
    await expect(page.getByRole('link', { name: 'Retrying', exact: true })).toHaveAttribute('aria-current', 'page');
    const failing = page.getByTestId('delivery-events').getByRole('row').filter({ hasText: RETRYING_ACCOUNT });
    await expect(failing).toHaveCount(1);
    await expect(failing).toContainText('retrying, 3 attempts');
    await expect(failing).toContainText('the platform answered HTTP 503');
    await expect(failing).toContainText('next try');

    // Backlog: the hold notice waits behind it (one account's events go in order).
    await page.getByRole('link', { name: 'Backlog', exact: true }).click();
    await expect(page).toHaveURL(/show=pending/);
    const backlog = page.getByTestId('delivery-events').getByRole('row').filter({ hasText: RETRYING_ACCOUNT });
    await expect(backlog).toHaveCount(2);
    await expect(backlog.filter({ hasText: 'hold.placed' })).toContainText('pending, 0 attempts');

    await page.getByRole('link', { name: 'Dead letters', exact: true }).click();
    await expect(page).toHaveURL(/show=dead/);
    const dead = page.getByTestId('delivery-events').getByRole('row').filter({ hasText: 'loop-dead-' });
    await expect(dead).toHaveCount(3);
    for (const accountId of DEAD_ACCOUNTS) await expect(dead.filter({ hasText: accountId })).toContainText('the platform answered HTTP 500');
    await expect(page.getByRole('button', { name: 'Replay every dead letter' })).toBeVisible();
    await screenshot(page, 'deliveries-dead-letters');
  });

  test('replaying one dead letter, then all: each reaches the chat app, and each replay is audited', async ({ page, request }) => {
    await page.goto('/admin/deliveries?show=dead');
    const rows = page.getByTestId('delivery-events').getByRole('row').filter({ hasText: 'loop-dead-' });
    await rows.filter({ hasText: DEAD_ACCOUNTS[0] }).getByRole('button', { name: 'Replay' }).click();

    const one = page.getByRole('status').filter({ hasText: 'Queued 1 event again' });
    await expect(one).toContainText(/recorded as audit entry #\d+/);
    const firstEntry = /#(\d+)/.exec((await one.textContent())!)![1]!;
    await expect(page).toHaveURL(/show=dead/);
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: DEAD_ACCOUNTS[0] })).toHaveCount(0);
    await expect.poll(async () => (await received(request, ofAccount(DEAD_ACCOUNTS[0]))).length, { timeout: 5_000 }).toBe(1);

    await page.getByRole('button', { name: 'Replay every dead letter' }).click();
    const all = page.getByRole('status').filter({ hasText: 'Queued 2 events again' });
    await expect(all).toContainText(/recorded as audit entry #\d+/);
    const secondEntry = /#(\d+)/.exec((await all.textContent())!)![1]!;
    await expect(page.getByText('Nothing here')).toBeVisible();
    for (const accountId of DEAD_ACCOUNTS.slice(1)) {
      await expect.poll(async () => (await received(request, ofAccount(accountId))).map((event) => event.body.data.action), { timeout: 5_000 }).toEqual(['warn']);
    }

    // The audit log holds both replays, by the admin, under the numbers the page gave.
    await page.goto('/audit?action=outbox.replay');
    const entries = page.getByRole('row').filter({ hasText: 'outbox.replay' });
    await expect(entries).toHaveCount(2);
    const entry = (seq: string) => entries.filter({ has: page.getByRole('cell', { name: `Entry ${seq}`, exact: true }) });
    await expect(entry(firstEntry)).toContainText(E2E_STAFF.admin.email);
    await expect(entry(firstEntry)).toContainText('Count: 1;');
    await expect(entry(secondEntry)).toContainText(E2E_STAFF.admin.email);
    await expect(entry(secondEntry)).toContainText('Count: 2;');

    // The account page now says the warning reached the chat app.
    await page.goto(`/accounts/${DEAD_ACCOUNTS[0]}`);
    await expect(page.getByTestId('decision-history').getByTestId('delivery-state').first()).toContainText('delivered to the chat app');
  });
});

test('a moderator may not open the deliveries page', async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor('moderator') });
  try {
    const page = await context.newPage();
    const response = await page.goto('/admin/deliveries');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible();
    await expect(page.getByText('Dead letters')).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('an appeal filed through the API is refused to its moderator, overturned by another, and the chat app hears of it', async ({ browser, request }) => {
  // The chat app appeals the suspension it carried out, naming the decision_id its event carried.
  const suspension = async () => (await received(request, (event) => ofAccount(APPELLANT.accountId)(event) && event.body.data.action === 'suspend'))[0];
  await expect.poll(suspension, { timeout: 10_000 }).toBeDefined();
  const decisionId = (await suspension())!.body.data.decision_id!;
  const appeal = { appeal_id: 'e2e-appeal-1', account_id: APPELLANT.accountId, decision_id: decisionId, statement: 'Someone else posted that from my phone.' };
  const filed = await request.post('/api/v1/appeals', { headers: { authorization: `Bearer ${E2E_INTEGRATION_TOKEN}` }, data: appeal });
  expect(filed.status(), await filed.text()).toBe(201);
  expect(await filed.json()).toEqual({ appeal_id: 'e2e-appeal-1', status: 'open', created: true });
  const again = await request.post('/api/v1/appeals', { headers: { authorization: `Bearer ${E2E_INTEGRATION_TOKEN}` }, data: appeal });
  expect(again.status()).toBe(200);

  // The moderator who suspended the account finds the appeal waiting, and may not judge it.
  const decider = await browser.newContext({ storageState: storageStateFor('moderator') });
  try {
    const page = await decider.newPage();
    await page.goto('/appeals');
    await expect(page.getByRole('link', { name: 'open', exact: true })).toHaveAttribute('aria-current', 'page');
    const card = page.getByRole('listitem', { name: 'Appeal e2e-appeal-1' });
    await expect(card).toContainText(`${APPELLANT.accountId} appeals a suspend by ${E2E_STAFF.moderator.email}`);
    await expect(card).toContainText('Someone else posted that from my phone.');
    await expect(card).toContainText('You took this decision: another moderator must judge the appeal.');
    await expect(card.getByRole('button', { name: 'Record outcome' })).toHaveCount(0);
    await screenshot(page, 'appeals-refused-to-its-moderator');
  } finally {
    await decider.close();
  }

  // Another moderator overturns it, with a reason.
  const judge = await browser.newContext();
  try {
    const page = await judge.newPage();
    await signIn(page, LOOP_STAFF.appealJudge);
    await page.goto('/appeals');
    const card = page.getByRole('listitem', { name: 'Appeal e2e-appeal-1' });
    await expect(card.getByRole('button', { name: 'Record outcome' })).toBeVisible();
    await screenshot(page, 'appeals-open');
    await card.getByRole('radio', { name: /Overturn it/ }).check();
    await card.getByLabel(/Reason/).fill('The address was posted from a shared family phone; first incident.');
    await card.getByRole('button', { name: 'Record outcome' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Appeal e2e-appeal-1 overturned.' })).toContainText('The account is reinstated');
    await expect(page.getByRole('listitem', { name: 'Appeal e2e-appeal-1' })).toHaveCount(0);
    await expect(page.getByTestId('overturn-rates').getByRole('row', { name: /suspend/ })).toContainText('100%');
    await screenshot(page, 'appeals-after-overturn');

    await page.getByRole('link', { name: 'overturned', exact: true }).click();
    await expect(page.getByRole('listitem', { name: 'Appeal e2e-appeal-1' })).toContainText('overturned: The address was posted from a shared family phone; first incident.');

    // The account page shows the reinstatement, by the judge, from the appeal, and that the chat app has it.
    await page.goto(`/accounts/${APPELLANT.accountId}`);
    await expect(page.getByRole('main')).toContainText(`${APPELLANT.accountId} · active`);
    const latest = page.getByTestId('decision-history').getByRole('listitem').first();
    await expect(latest).toContainText(`reinstate by ${LOOP_STAFF.appealJudge.email}`);
    await expect(latest).toContainText('Appeal overturned: The address was posted from a shared family phone');
    await expect(latest.getByRole('link', { name: '(appeal)' })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('decision-history').getByRole('listitem').first().getByTestId('delivery-state')).toContainText('delivered to the chat app', { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await screenshot(page, 'account-reinstated');
  } finally {
    await judge.close();
  }

  // The chat app received the reinstatement, then the appellant's notice, in that order.
  const after = async () => (await received(request, ofAccount(APPELLANT.accountId))).map((event) => `${event.body.type}:${event.body.data.action ?? event.body.data.outcome}`);
  await expect.poll(after, { timeout: 5_000 }).toEqual(['account.action:suspend', 'account.action:reinstate', 'appeal.outcome:overturned']);
  const [notice] = await received(request, (event) => event.body.type === 'appeal.outcome' && event.body.data.appeal_id === 'e2e-appeal-1');
  expect(notice!.body.data).toEqual({ account_id: APPELLANT.accountId, appeal_id: 'e2e-appeal-1', outcome: 'overturned' });
});
