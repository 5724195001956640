import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Browser, type Page } from '@playwright/test';
import { can } from '@/lib/auth/permissions';
import type { Role } from '@/lib/auth/roles';
import { ROUTE_PERMISSIONS } from '@/lib/auth/routes';
import { DRAFT_PACKAGE_AGENCY } from './police-seed';
import { RISK_TOP } from './risk-seed';
import { storageStateFor } from './staff-accounts';

/**
 * axe on every page of the route table, as every role that may open it (and the sign-in page
 * signed out). Dynamic routes get real ids: the seeded risk account, the first review item of the
 * queue, the seeded request whose disclosure package waits for a second person (its page and the
 * draft's in-browser review), and a referral this file records through the UI when none exists.
 * Any serious or critical violation fails the page and is printed with the offending elements.
 */
const ROLES_UNDER_TEST: Role[] = ['admin', 'moderator', 'liaison'];

/**
 * One signed-in tab per role and worker, reused by that role's tests: the pages only read, and a
 * tab that has loaded the app's scripts once opens the next page in about half the time of a fresh
 * context (~0.6 s against ~1.5 s on these machines).
 */
const test = base.extend<object, { tabAs: (role: Role) => Promise<Page> }>({
  tabAs: [
    async ({ browser }, use) => {
      const tabs = new Map<Role, Page>();
      await use(async (role) => {
        const open = tabs.get(role);
        if (open && !open.isClosed()) return open;
        const tab = await (await browser.newContext({ storageState: storageStateFor(role) })).newPage();
        tabs.set(role, tab);
        return tab;
      });
      for (const tab of tabs.values()) await tab.context().close();
    },
    { scope: 'worker' },
  ],
});

// The pages only read, so both workers share them (the file's longest part of the browser run); the
// beforeAll then runs once per worker, and finds the referral the other recorded, or records its own.
test.describe.configure({ mode: 'parallel' });
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const pages = Object.entries(ROUTE_PERMISSIONS).flatMap(([path, permission]) =>
  path.startsWith('/api/') || permission === 'public' || permission === 'integration' ? [] : [{ path, permission }],
);

// Views of routed pages that draw other parts: the Deliveries page's dead letters (replay-all form)
// and backlog, the Appeals page's decided appeals (e2e/platform-loop-seed.ts seeds what they show).
const EXTRA_VIEWS = [
  { path: '/admin/deliveries?show=dead', permission: 'deliveries:manage' },
  { path: '/admin/deliveries?show=pending', permission: 'deliveries:manage' },
  { path: '/appeals?status=overturned', permission: 'reports:read' },
];

// seq 1: auth.setup's sign-ins are in the audit log before any test runs.
const ids: Record<string, string> = { accountId: RISK_TOP.accountId, seq: '1' };

async function asRole<T>(browser: Browser, role: Role, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The id at the end of the first link in `main` whose href starts with `prefix`, or null. */
async function firstLinkId(page: Page, listPath: string, prefix: string): Promise<string | null> {
  await page.goto(listPath);
  const links = page.locator(`main a[href^="${prefix}"]`);
  for (const href of await links.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href') ?? ''))) {
    const id = href.slice(prefix.length).split(/[/?#]/)[0];
    if (id && id !== 'new') return decodeURIComponent(id);
  }
  return null;
}

/** The seeded request with a draft package (e2e/police-seed.ts): its id and the draft's, from its page's review link. */
async function draftPackage(page: Page): Promise<{ requestId: string; packageId: string }> {
  await page.goto('/police');
  await page.getByRole('table', { name: 'Requests' }).getByRole('row').filter({ hasText: DRAFT_PACKAGE_AGENCY }).getByRole('link').first().click();
  const review = page.getByRole('region', { name: 'Disclosure packages' }).getByRole('link', { name: 'Review files in the browser' }).first();
  const [, requestId = '', packageId = ''] = /^\/police\/([^/]+)\/packages\/([^/?#]+)/.exec((await review.getAttribute('href')) ?? '') ?? [];
  return { requestId, packageId };
}

async function referAccount(page: Page): Promise<void> {
  await page.goto(`/accounts/${encodeURIComponent(RISK_TOP.accountId)}/refer`);
  await page.getByLabel('What you found').fill('Asks younger accounts to move to another app');
  await page.getByLabel('Why').selectOption('imminent_danger');
  await page.getByRole('button', { name: 'Refer to liaison' }).click();
  await expect(page).toHaveURL(/referred=/);
}

test.beforeAll(async ({ browser }) => {
  ids.itemId = (await asRole(browser, 'moderator', (page) => firstLinkId(page, '/queues', '/review/'))) ?? '';
  Object.assign(ids, await asRole(browser, 'liaison', draftPackage));
  let referralId = await asRole(browser, 'liaison', (page) => firstLinkId(page, '/referrals', '/referrals/'));
  if (!referralId) {
    await asRole(browser, 'moderator', referAccount);
    referralId = await asRole(browser, 'liaison', (page) => firstLinkId(page, '/referrals', '/referrals/'));
  }
  ids.referralId = referralId ?? '';
  ids.staffId = (await asRole(browser, 'admin', (page) => firstLinkId(page, '/staff', '/staff/'))) ?? '';
  for (const [name, id] of Object.entries(ids)) expect(id, `no ${name} to open`).not.toBe('');
});

/** Runs axe and fails with a readable list of every serious or critical violation. */
async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  // Legacy mode runs axe.run in the page itself. The default runs axe per frame, then opens a blank
  // page to merge the results, injecting axe's 0.5 MB script three times: twice as slow here, and
  // Lookout's pages have no frames to merge.
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode().analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = serious
    .map((violation) =>
      [
        `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`,
        ...violation.nodes.slice(0, 8).map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ')}`),
      ].join('\n'),
    )
    .join('\n');
  expect(serious, `${label}\n${report}`).toEqual([]);
}

function concrete(path: string): string {
  return path.replace(/\[(\w+)\]/g, (_whole, name: string) => encodeURIComponent(ids[name] ?? `missing-${name}`));
}

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test('/signin has no serious or critical axe violation', async ({ page }) => {
    await page.goto('/signin');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expectNoSeriousViolations(page, 'signed out /signin');
  });
});

for (const role of ROLES_UNDER_TEST) {
  test.describe(`as ${role}`, () => {
    for (const { path, permission } of [...pages, ...EXTRA_VIEWS].filter(({ permission }) => can(role, permission as Parameters<typeof can>[1]))) {
      test(`${path} (${permission}) has no serious or critical axe violation`, async ({ tabAs }) => {
        const page = await tabAs(role);
        const response = await page.goto(concrete(path));
        expect(response?.status(), `${role} ${path}`).toBe(200);
        await expect(page.locator('main')).toBeVisible();
        await expectNoSeriousViolations(page, `${role} ${concrete(path)}`);
      });
    }
  });
}
