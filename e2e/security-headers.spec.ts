import { expect, test, type APIResponse, type Page, type Response } from '@playwright/test';
import { signIn } from './helpers';
import { POLICE_RANGE, POLICE_SUSPECT } from './police-seed';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

type Headers = Record<string, string>;
const headersOf = async (response: Response | APIResponse | null): Promise<Headers> => {
  expect(response).not.toBeNull();
  return 'allHeaders' in response! ? await response.allHeaders() : response!.headers();
};

/** The headers every response carries, whatever it is. */
function expectStaticHeaders(headers: Headers) {
  expect(headers['strict-transport-security']).toMatch(/^max-age=\d{8}; includeSubDomains$/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['permissions-policy']).toContain('microphone=()');
  expect(headers['x-frame-options']).toBe('DENY');
}

/** A page or server action: a nonce-based policy that nothing can frame. Returns the nonce. */
function expectPagePolicy(headers: Headers): string {
  expectStaticHeaders(headers);
  const policy = headers['content-security-policy'] ?? '';
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{20,})' 'strict-dynamic'(;|$)/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  return nonce!;
}

/** API routes and downloads render nothing: their policy allows nothing. */
function expectApiPolicy(headers: Headers) {
  expectStaticHeaders(headers);
  expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox");
}

/** Collects the browser's Content-Security-Policy complaints while the page is used. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test.describe('pages', () => {
  test.use({ storageState: storageStateFor('moderator') });
  test('carry a fresh nonce per response, and charts and styles work under the policy', async ({ page }) => {
    const violations = cspViolations(page);
    const first = expectPagePolicy(await headersOf(await page.goto('/queues/stats')));
    await expect(page.locator('.recharts-surface').first()).toBeVisible();
    const second = expectPagePolicy(await headersOf(await page.goto('/')));
    expect(second).not.toBe(first);
    // Client navigation and interaction still run (React, Next's router, the command palette's scripts).
    await page.goto('/queues');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.screenshot({ path: 'test-results/screenshots/security-headers-overview.png' });
    expect(violations).toEqual([]);
  });
});

test('a server action response carries the page policy and the static headers', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(E2E_STAFF.moderator.email);
  await page.getByLabel('Password').fill('not-the-password');
  const [action] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST' && Boolean(response.request().headers()['next-action'])),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  expectPagePolicy(await headersOf(action));
  await expect(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' })).toBeVisible();
});

test('API responses carry the API policy; an ingest body over 256 KB is refused with 413', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expectApiPolicy(await headersOf(health));

  const tooLarge = await request.post('/api/v1/reports', { data: Buffer.alloc(2 * 1024 * 1024, 0x20), headers: { 'content-type': 'application/json' } });
  expect(tooLarge.status()).toBe(413);
  expect(await tooLarge.json()).toEqual({ error: 'body: larger than the 256 KB limit', field: 'body' });
  expectApiPolicy(await headersOf(tooLarge));
});

test('a legal document with a Cyrillic name uploads, and downloads under its own name as bytes to save', async ({ browser }) => {
  const liaison = await (await browser.newContext({ storageState: storageStateFor('liaison') })).newPage();
  await liaison.goto('/police/new');
  await liaison.getByLabel('Type').selectOption({ label: 'UK IPA communications data' });
  await liaison.getByLabel('Legal reference').fill('IPA/SEC/2025/0001');
  await liaison.getByLabel('Jurisdiction').fill('United Kingdom');
  await liaison.getByLabel('Authorising officer').fill('DI Sam Brown');
  await liaison.getByLabel('Agency').fill('Metropolitan Police Service');
  await liaison.getByLabel('Officer name').fill('DC Jane Smith');
  await liaison.getByLabel('Rank / badge').fill('DC 4321');
  await liaison.getByLabel('Official e-mail').fill('jane.smith@met.police.uk');
  await liaison.getByLabel('Accounts').fill(POLICE_SUSPECT.username);
  await liaison.getByLabel('Subscriber information').check();
  await liaison.getByLabel('Date range from').fill(POLICE_RANGE.from);
  await liaison.getByLabel('Date range to').fill(POLICE_RANGE.to);
  await liaison.getByRole('button', { name: 'Record request' }).click();
  await expect(liaison).toHaveURL(/\/police\/[0-9a-f-]{36}$/);

  const name = 'Постановление суда №17.pdf';
  const documents = liaison.getByRole('region', { name: 'Legal documents' });
  await documents.getByLabel('What it is').selectOption('legal_process');
  await documents.getByLabel('Document').setInputFiles({ name, mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
  await documents.getByRole('button', { name: 'Attach' }).click();
  await expect(documents.getByRole('status')).toHaveText(`Attached ${name}.`);
  const link = documents.getByRole('link', { name });
  await expect(link).toBeVisible();
  await liaison.screenshot({ path: 'test-results/screenshots/security-headers-documents.png' });

  const [download] = await Promise.all([liaison.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(name);

  const response = await liaison.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  const headers = await headersOf(response);
  expectApiPolicy(headers);
  expect(headers['content-type']).toBe('application/octet-stream');
  expect(headers['content-disposition']).toBe(`attachment; filename="_____________ ____ No17.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
  expect(headers['cache-control']).toBe('no-store');
});

test('an upload from another site is refused', async ({ browser }) => {
  const liaison = await browser.newContext({ storageState: storageStateFor('liaison') });
  const response = await liaison.request.post('/api/police/requests/00000000-0000-4000-8000-000000000000/attachments', {
    headers: { origin: 'https://evil.example' },
    multipart: { file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('x') } },
  });
  expect(response.status()).toBe(403);
  expect(await response.json()).toEqual({ error: "Documents can only be attached from Lookout's own pages." });
});

// Raw query strings, as an attacker would write them into a link.
const OFF_SITE_NEXT = [
  '/%09/evil.example',
  '/.//evil.example',
  '//evil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  '%2F%2Fevil.example',
  '/%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  '/%0D%0A/evil.example',
  '/./%09/evil.example',
  'https://evil.example',
  'https:evil.example',
  '%68ttps://evil.example',
  'javascript:alert(document.cookie)',
  '/%E0%A4%A',
  '%',
];

test.describe('next after sign-in', () => {
  // Each input is a step of one test in one tab: a fresh browser context per input cost more than
  // the check itself on these machines.
  test('the sign-in page never fails on a crafted next, and keeps it on this site', async ({ page }) => {
    for (const next of OFF_SITE_NEXT) {
      await test.step(`next=${next}`, async () => {
        const response = await page.goto(`/signin?next=${next}`);
        expect(response?.status(), next).toBe(200);
        await expect(page.locator('input[name="next"]'), next).toHaveValue('/');
      });
    }
  });

  test('signing in with an off-site next lands on /', async ({ page, baseURL }) => {
    await page.route((url) => url.hostname.endsWith('evil.example'), (route) => route.abort());
    for (const next of ['/%09/evil.example', '/.//evil.example', '/%5Cevil.example', 'https://evil.example', '/%252F%252Fevil.example']) {
      await test.step(`next=${next}`, async () => {
        await page.context().clearCookies();
        await signIn(page, E2E_STAFF.admin, `/signin?next=${next}`);
        expect(page.url(), next).toBe(`${baseURL}/`);
      });
    }
  });

  test('a signed-in member opening a crafted sign-in link stays on this site; a local next is kept', async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const page = await (await browser.newContext({ storageState: storageStateFor('admin') })).newPage();
    await page.route((url) => url.hostname.endsWith('evil.example'), (route) => route.abort());
    for (const next of OFF_SITE_NEXT) {
      const response = await page.goto(`/signin?next=${next}`);
      expect([next, response?.status(), page.url()]).toEqual([next, 200, `${baseURL}/`]);
    }
    await page.goto('/signin?next=%2Fpolice%3Fstatus%3Dreceived');
    expect(page.url()).toBe(`${baseURL}/police?status=received`);
  });
});
