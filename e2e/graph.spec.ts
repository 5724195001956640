import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { RISK_TOP } from './risk-seed';
import { storageStateFor } from './staff-accounts';

/**
 * The contact graph (e2e/risk-seed.ts plants both shapes): the poser writes first to six
 * 12-year-olds who do not know each other — a star of strangers — while a player of the coached
 * team talks to team-mates who all talk to each other — a web.
 */
const CLASSMATE = { accountId: 'e2e-risk-player-1', username: 'player_1' } as const;

async function graphPositions(page: Page): Promise<Record<string, [number, number]>> {
  const graph = page.getByTestId('contact-graph');
  await expect(graph).toHaveAttribute('data-ready', 'true');
  await expect(graph.locator('canvas').first()).toBeAttached();
  return JSON.parse((await graph.getAttribute('data-positions')) ?? '{}') as Record<string, [number, number]>;
}

test.describe('contact graph', () => {
  test.use({ storageState: storageStateFor('moderator') });

  test('a groomer is a star of strangers, a classmate a web; a click opens a peer; the children are protected in one decision', async ({ page, browser }) => {
    // From the risk list to the account page.
    await page.goto('/risk');
    await page.locator('tbody tr').filter({ hasText: RISK_TOP.username }).getByRole('link', { name: RISK_TOP.username }).click();
    await expect(page.getByRole('heading', { name: `Risk: ${RISK_TOP.username}` })).toBeVisible();
    await page.getByRole('link', { name: 'account page' }).click();
    await expect(page.getByRole('heading', { name: RISK_TOP.username, level: 1 })).toBeVisible();

    // Minors only: the graph and the table read the same filter.
    const filter = page.getByRole('form', { name: 'Filter the contact graph' });
    await filter.getByLabel('Minors only').check();
    await filter.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/minors=1/);
    const positions = await graphPositions(page);
    const drawnPeers = Object.keys(positions).filter((id) => id !== RISK_TOP.accountId);
    const graph = page.getByTestId('contact-graph');
    await expect(graph).toHaveAttribute('data-peer-count', String(drawnPeers.length));
    await expect(graph).toHaveAttribute('data-mutual-links', '0');
    await expect(page.getByTestId('graph-summary')).toContainText(`${drawnPeers.length} peers, 0 mutual links`);
    expect(drawnPeers.length).toBe(6);
    await page.getByRole('region', { name: 'Contact graph' }).screenshot({ path: 'test-results/graph-groomer.png' });

    await page.getByRole('link', { name: /The same \d+ conversations as a table/ }).click();
    await expect(page).toHaveURL(/\/contacts\?minors=1/);
    const tablePeers = await page.getByRole('table', { name: 'Conversations' }).locator('tbody tr').count();
    expect(tablePeers).toBe(drawnPeers.length);
    await expect(page.getByLabel('Minors only')).toBeChecked();

    // The timeline and the second hop are on the account page too; its largest contentful paint is recorded.
    await page.goto(`/accounts/${RISK_TOP.accountId}`);
    const lcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => resolve(list.getEntries().at(-1)!.startTime)).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
    test.info().annotations.push({ type: 'account page LCP (ms)', description: lcp.toFixed(0) });
    writeFileSync('test-results/graph-lcp.json', JSON.stringify({ page: 'account page of the planted groomer', lcpMs: Math.round(lcp) }));
    await expect(page.getByTestId('timeline-summary')).toContainText('6 first contacts with minors');
    await expect(page.getByRole('region', { name: 'Other adults who write to these children' })).toBeVisible();
    await graphPositions(page);
    await page.screenshot({ path: 'test-results/graph-account-page.png', fullPage: true });

    // A classmate's graph is a web: its peers talk to each other.
    await page.goto(`/accounts/${CLASSMATE.accountId}`);
    await graphPositions(page);
    const links = Number(await page.getByTestId('contact-graph').getAttribute('data-mutual-links'));
    expect(links).toBeGreaterThanOrEqual(21);
    await expect(page.getByTestId('graph-summary')).toContainText(`8 peers, ${links} mutual links`);
    await page.getByRole('region', { name: 'Contact graph' }).screenshot({ path: 'test-results/graph-classmate.png' });

    // Clicking a peer on the canvas opens its account.
    await page.goto(`/accounts/${RISK_TOP.accountId}?minors=1`);
    const drawn = await graphPositions(page);
    const [kid, [x, y]] = Object.entries(drawn).find(([id]) => id !== RISK_TOP.accountId)!;
    // (locator.click scrolls the graph into view first: it sits below the fold.)
    await page.getByTestId('contact-graph').click({ position: { x, y } });
    await expect(page).toHaveURL(new RegExp(`/accounts/${kid}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(kid.replace('e2e-risk-', '').replace('-', '_'));

    // The children's side: protect all of them as one decision, one event per child.
    await page.goto(`/accounts/${RISK_TOP.accountId}`);
    await page.getByRole('link', { name: 'Children reached' }).click();
    await expect(page.getByRole('heading', { name: `Children reached by ${RISK_TOP.username}` })).toBeVisible();
    const rows = page.getByRole('table', { name: 'Children reached' }).locator('tbody tr');
    await expect(rows).toHaveCount(6);
    await expect(rows.first()).toContainText('this account');
    const form = page.getByRole('form', { name: 'Protect the children' });
    await form.getByLabel('All 6 children this account reached').check();
    await form.getByLabel(/Silently block this account/).check();
    await form.getByLabel('Reason').fill('Adult posing as 17 writing first to six 12-year-olds');
    await form.getByRole('button', { name: 'Protect the children' }).click();
    await expect(page.getByTestId('protection-done')).toContainText('One decision for 6 children: 6 events for the chat app');
    const decision = page.getByTestId('protective-decisions').locator('li').first();
    await expect(decision).toContainText('silent block for 6 children');
    await expect(decision).toContainText('6 events for the chat app');
    await expect(rows.first()).toContainText('silent block');
    await page.screenshot({ path: 'test-results/graph-children.png', fullPage: true });

    // One audited decision.
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const audit = await admin.newPage();
    await audit.goto(`/audit?action=protection.apply&targetId=${RISK_TOP.accountId}`);
    await expect(audit.locator('tbody tr')).toHaveCount(1);
    await expect(audit.locator('tbody tr').first()).toContainText('moderator@lookout.test');
    await admin.close();
  });
});

test.describe('wellness', () => {
  test.use({ storageState: storageStateFor('moderator') });

  test('grooming report text is folded until revealed (audited); the break prompt follows the admin threshold', async ({ page, browser }) => {
    await page.goto(`/accounts/${RISK_TOP.accountId}`);
    const reports = page.getByRole('region', { name: /Reports about this account/ });
    const folded = reports.getByTestId('folded-report-text').first();
    await expect(folded).toContainText('Text folded');
    // The text is not in the page until revealed.
    expect(await page.content()).not.toContain('keeps asking me to send pics');
    await folded.getByRole('button', { name: 'Reveal text' }).click();
    await expect(reports).toContainText('he keeps asking me to send pics');

    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const adminPage = await admin.newPage();
    await adminPage.goto(`/audit?action=report.text.reveal&targetId=e2e-risk-report-1`);
    await expect(adminPage.locator('tbody tr').first()).toContainText('moderator@lookout.test');

    // The moderator's own count; a threshold of 1 shows the quiet prompt once anything was handled today.
    await page.goto('/queues');
    await expect(page.getByTestId('wellness-note')).toContainText(/You handled \d+ child-safety items? today/);
    await adminPage.goto('/admin/wellness');
    const form = adminPage.getByRole('form', { name: 'Break prompt threshold' });
    await form.getByLabel('Items per day').fill('1');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await adminPage.reload();
    await expect(adminPage.getByTestId('break-after')).toHaveText(/after 1 items?/);
    const handled = Number((await page.getByTestId('wellness-note').textContent())?.match(/You handled (\d+)/)?.[1] ?? 0);
    await page.reload();
    if (handled >= 1) await expect(page.getByTestId('break-prompt')).toBeVisible();
    else await expect(page.getByTestId('break-prompt')).toHaveCount(0);
    // Put it back for the other specs.
    await form.getByLabel('Items per day').fill('40');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await admin.close();
  });
});
