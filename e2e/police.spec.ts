import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { signIn } from './helpers';
import { POLICE_RANGE, POLICE_SUSPECT } from './police-seed';
import { E2E_STAFF, storageStateFor } from './staff-accounts';

// Next adds a hidden route-announcer alert of its own: pick ours by its text.
const refusal = (page: Page, text: string) => page.getByRole('alert').filter({ hasText: text });
const requestStatus = (page: Page) => page.getByRole('main').getByTestId('status').first();

test('a UK request goes from intake to a four-eyes release, and a moderator sees only the hold', async ({ browser }) => {
  const liaison = await (await browser.newContext({ storageState: storageStateFor('liaison') })).newPage();
  let requestUrl = '';

  await test.step('a liaison records a UK request for two usernames, one unknown', async () => {
    await liaison.goto('/police');
    await liaison.getByRole('link', { name: 'Record a request' }).click();
    await liaison.getByLabel('Type').selectOption({ label: 'UK IPA communications data' });
    await liaison.getByLabel('Legal reference').fill('IPA/MET/2025/0042');
    await liaison.getByLabel('Jurisdiction').fill('United Kingdom');
    await liaison.getByLabel('Authorising officer').fill('DI Sam Brown');
    await liaison.getByLabel('Agency').fill('Metropolitan Police Service');
    await liaison.getByLabel('Officer name').fill('DC Jane Smith');
    await liaison.getByLabel('Rank / badge').fill('DC 4321');
    await liaison.getByLabel('Official e-mail').fill('jane.smith@met.police.uk');
    await liaison.getByLabel('Accounts').fill(`${POLICE_SUSPECT.username}\nno_such_user_99`);
    await liaison.getByLabel('Subscriber information').check();
    await liaison.getByLabel('Non-content (contacts, blocks, log-ins)').check();
    await liaison.getByLabel('Date range from').fill(POLICE_RANGE.from);
    await liaison.getByLabel('Date range to').fill(POLICE_RANGE.to);
    await liaison.getByRole('button', { name: 'Record request' }).click();
    await expect(liaison).toHaveURL(/\/police\/[0-9a-f-]{36}$/);
    requestUrl = new URL(liaison.url()).pathname;
    await expect(liaison.getByRole('heading', { level: 1 })).toHaveText(/^LR-\d{6}$/);
    await expect(requestStatus(liaison)).toHaveText('received');
    await expect(liaison.getByTestId(`target-${POLICE_SUSPECT.username}`)).toContainText(POLICE_SUSPECT.accountId);
    await expect(liaison.getByTestId('target-no_such_user_99')).toContainText('Unknown — no account matches');
  });

  await test.step('an illegal shortcut is not offered, and verification is recorded', async () => {
    const workflow = liaison.getByRole('region', { name: 'Workflow' });
    await expect(workflow.getByRole('button', { name: 'Send to legal review' })).toHaveCount(0);
    await workflow.getByLabel('Reason for the change').fill('Checking the officer before anything else');
    await workflow.getByRole('button', { name: 'Start verification' }).click();
    await expect(requestStatus(liaison)).toHaveText('verifying');

    // Sending to legal review before any verification is refused by the server.
    await workflow.getByLabel('Reason for the change').fill('Skipping ahead');
    await workflow.getByRole('button', { name: 'Send to legal review' }).click();
    await expect(refusal(liaison, 'record how the requester was verified first')).toBeVisible();

    const verification = liaison.getByRole('region', { name: 'Verification of the requester' });
    await verification.getByLabel('How was the requester verified?').selectOption('callback_published_number');
    await verification.getByLabel('Domain or number used').fill('+44 20 7230 1212 (published switchboard)');
    await verification.getByRole('button', { name: 'Record verification' }).click();
    await expect(verification.getByRole('list', { name: 'Verifications' })).toContainText(`by ${E2E_STAFF.liaison.email}`);

    await workflow.getByLabel('Reason for the change').fill('Officer confirmed by call-back');
    await workflow.getByRole('button', { name: 'Send to legal review' }).click();
    await expect(requestStatus(liaison)).toHaveText('legal review');
  });

  await test.step('legal review refuses to approve with no legal process on file, then approves the one known account', async () => {
    const review = liaison.getByRole('region', { name: 'Legal review' });
    await review.getByTestId(`decide-${POLICE_SUSPECT.username}`).getByLabel('Produce', { exact: true }).check();
    await review.getByLabel('Reason for the decision').fill('IPA authorisation in order, DI Brown');
    await review.getByRole('button', { name: 'Approve disclosure' }).click();
    await expect(refusal(liaison, 'no legal process is on file')).toBeVisible();
    await expect(requestStatus(liaison)).toHaveText('legal review');

    const documents = liaison.getByRole('region', { name: 'Legal documents' });
    await documents.getByLabel('What it is').selectOption('legal_process');
    await documents.getByLabel('Document').setInputFiles({ name: 'ipa-authorisation.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 IPA authorisation') });
    await documents.getByRole('button', { name: 'Attach' }).click();
    await expect(documents.getByRole('list', { name: 'Documents' })).toContainText('ipa-authorisation.pdf');
    await review.getByTestId(`decide-${POLICE_SUSPECT.username}`).getByLabel('Produce', { exact: true }).check();
    await review.getByLabel('Reason for the decision').fill('IPA authorisation in order, DI Brown');
    await review.getByRole('button', { name: 'Approve disclosure' }).click();
    await expect(requestStatus(liaison)).toHaveText('partially approved');
    await expect(liaison.getByTestId('target-no_such_user_99')).toContainText('no account matches this identifier');
  });

  await test.step('a preservation hold goes on the account', async () => {
    await liaison.getByRole('button', { name: `Place 90-day hold on ${POLICE_SUSPECT.username}` }).click();
    await expect(liaison.getByRole('list', { name: 'Holds' })).toContainText('active');
  });

  let packageUrl = '';
  await test.step('the liaison builds the package: release is disabled with the reason, and the draft does not download', async () => {
    const packages = liaison.getByRole('region', { name: 'Disclosure packages' });
    await packages.getByRole('button', { name: 'Build disclosure package' }).click();
    await expect(packages.getByTestId('package-v1')).toContainText('draft');
    await expect(packages.getByTestId('awaiting-release')).toBeVisible();
    const release = packages.getByRole('button', { name: 'Release to the agency…' });
    await expect(release).toBeDisabled();
    await expect(release).toHaveAccessibleDescription('You prepared this package: a second liaison or admin must release it (four-eyes rule).');
    await expect(packages.getByRole('link', { name: 'Download zip' })).toHaveCount(0);
    await liaison.screenshot({ path: 'test-results/screenshots/police-release-disabled.png', fullPage: true });
    packageUrl = (await packages.getByRole('link', { name: 'Review files in the browser' }).getAttribute('href'))!;
    const packageId = packageUrl.split('/').at(-1)!;
    const draftDownload = await liaison.request.get(`/api/police/packages/${packageId}`);
    expect(draftDownload.status()).toBe(403);
    expect((await draftDownload.json()).error).toMatch(/version 1 is a draft/);
  });

  await test.step('a second liaison sees the package awaiting release, reviews it in the browser and releases it after confirming', async () => {
    const second = await (await browser.newContext()).newPage();
    await signIn(second, E2E_STAFF.secondLiaison, '/signin?next=/police');
    const awaiting = second.getByRole('list', { name: 'Packages awaiting release' });
    await expect(awaiting).toContainText('version 1, prepared by');
    await expect(awaiting).toContainText('awaiting your review and release');
    const packageId = packageUrl.split('/').at(-1)!;
    expect((await second.request.get(`/api/police/packages/${packageId}`)).status()).toBe(403);

    await second.goto(packageUrl);
    await expect(second.getByTestId('file-subscriber/accounts.csv')).toContainText('1 rows');
    await second.getByRole('link', { name: 'subscriber/accounts.csv' }).click();
    await expect(second.getByRole('table', { name: 'Contents of subscriber/accounts.csv' })).toContainText(POLICE_SUSPECT.username);
    await second.getByRole('link', { name: 'cover-letter.pdf' }).click();
    await expect(second.getByLabel('Contents of cover-letter.pdf')).toContainText('Lawful disclosure');
    await second.screenshot({ path: 'test-results/screenshots/police-review-draft.png', fullPage: true });

    await second.goto(requestUrl);
    const packages = second.getByRole('region', { name: 'Disclosure packages' });
    await packages.getByRole('button', { name: 'Release to the agency…' }).click();
    const confirm = packages.getByRole('button', { name: 'Confirm release of version 1' });
    await expect(confirm).toBeDisabled();
    await packages.getByLabel('Release note').fill('Checked against the authorisation');
    await packages.getByLabel('I have reviewed the files of version 1 and they may go to the agency').check();
    await second.screenshot({ path: 'test-results/screenshots/police-release-confirm.png', fullPage: true });
    await confirm.click();
    await expect(packages.getByTestId('package-v1')).toContainText(`released by ${E2E_STAFF.secondLiaison.email}`);
    await expect(requestStatus(second)).toHaveText('disclosed');

    const [download] = await Promise.all([second.waitForEvent('download'), packages.getByRole('link', { name: 'Download zip' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^LR-\d{6}-v1\.zip$/);
    const zip = await JSZip.loadAsync(await readFile(await download.path()));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { files: { path: string; sha256: string }[]; scope: { accounts: string[] } };
    const inZip = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir && name !== 'manifest.json');
    expect(manifest.files.map((file) => file.path).sort()).toEqual(inZip.sort());
    for (const file of manifest.files) {
      const bytes = await zip.file(file.path)!.async('nodebuffer');
      expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256);
    }
    expect(manifest.scope.accounts).toEqual([POLICE_SUSPECT.accountId]);
    expect(await zip.file('subscriber/accounts.csv')!.async('string')).toContain(POLICE_SUSPECT.username);
    // The December 2024 conversation is outside the range; the March 2025 one is in it.
    const contactsCsv = await zip.file('non_content/contacts.csv')!.async('string');
    expect(contactsCsv).toContain('e2e-police-child');
    expect(contactsCsv).not.toContain('e2e-police-other');
  });

  await test.step('a moderator cannot open police pages but sees the hold badge', async () => {
    const moderator = await (await browser.newContext({ storageState: storageStateFor('moderator') })).newPage();
    for (const path of ['/police', '/police/new', requestUrl, '/referrals', '/transparency']) {
      const response = await moderator.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(moderator.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible();
    }
    const download = await moderator.request.get('/api/police/packages/00000000-0000-4000-8000-000000000000');
    expect(download.status()).toBe(403);

    // The refused look at the request is on the audit page, as a denial by the moderator.
    const admin = await (await browser.newContext({ storageState: storageStateFor('admin') })).newPage();
    await admin.goto(`/audit?action=police_request.view_denied&actor=${encodeURIComponent(E2E_STAFF.moderator.email)}`);
    await expect(admin.getByRole('main')).toContainText('police_request.view_denied');
    await expect(admin.getByRole('main')).toContainText(requestUrl.split('/').at(-1)!);
    await moderator.goto(`/accounts/${POLICE_SUSPECT.accountId}`);
    await expect(moderator.getByTestId('hold-badge')).toHaveText('Preservation hold');
    await expect(moderator.getByText('IPA/MET/2025/0042')).toHaveCount(0);
    await expect(moderator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Police requests' })).toHaveCount(0);
  });
});

test('a moderator refers an account; liaison reports it and closes the referral', async ({ browser }) => {
  const moderator = await (await browser.newContext({ storageState: storageStateFor('moderator') })).newPage();
  await moderator.goto('/accounts/e2e-police-other');
  await moderator.getByRole('link', { name: 'Refer to liaison' }).click();
  await moderator.getByLabel('What you found').fill('Arranging to meet a 12-year-old on Saturday');
  await moderator.getByLabel('Why').selectOption('imminent_danger');
  await moderator.getByRole('button', { name: 'Refer to liaison' }).click();
  await expect(moderator.getByRole('status').filter({ hasText: 'Referred to liaison.' })).toBeVisible();

  const liaison = await (await browser.newContext({ storageState: storageStateFor('liaison') })).newPage();
  await liaison.goto('/referrals');
  await liaison.getByRole('link', { name: 'maple_leaf' }).click();
  await expect(liaison.getByText('Arranging to meet a 12-year-old on Saturday')).toBeVisible();
  await liaison.getByRole('button', { name: 'Place 90-day hold' }).click();
  await expect(liaison.getByRole('region', { name: 'Preservation hold' })).toContainText('active');
  await liaison.getByLabel('Authority reported to').fill('Local police (999)');
  await liaison.getByRole('button', { name: 'Record report' }).click();
  await expect(liaison.getByText('Reported to Local police (999)')).toBeVisible();
  await liaison.getByLabel('Reason', { exact: true }).fill('Reported; police took over');
  await liaison.getByRole('button', { name: 'Close referral' }).click();
  await expect(liaison.getByText('Closed: Reported; police took over')).toBeVisible();
});

test.describe('transparency', () => {
  test.use({ storageState: storageStateFor('admin') });
  test('the report page exports CSV for the same range', async ({ page }) => {
    await page.goto('/transparency?from=2020-01-01&to=2030-12-31&period=year');
    await expect(page.getByRole('heading', { name: 'Transparency report' })).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('transparency-2020-01-01-2030-12-31-year.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toBe('period,type,requests_received,accounts_specified,requests_with_data_produced,share_with_data_produced_percent,emergency_requests');
  });

  test('the full report counts this year’s reports in one row per measure, a column per quarter and their total', async ({ page }) => {
    await page.goto('/transparency/full');
    const year = new Date().getUTCFullYear();
    const reports = page.getByRole('table', { name: 'Reports received, by category and source' });
    await expect(reports.getByRole('columnheader')).toHaveText(['Measure', ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), 'Total']);
    const all = reports.getByTestId('measure-reports.all');
    await expect(all.getByRole('rowheader')).toHaveText('all reports');
    const cells = (await all.getByRole('cell').allTextContents()).map(Number);
    const total = cells.pop()!;
    expect(total).toBeGreaterThan(0);
    expect(cells.reduce((sum, n) => sum + n, 0)).toBe(total);
  });
});

test('an empty status filter says so and how to see every request', async ({ browser }) => {
  const liaison = await (await browser.newContext({ storageState: storageStateFor('liaison') })).newPage();
  // No test withdraws a request.
  await liaison.goto('/police?status=withdrawn');
  await expect(liaison.getByText('No request is withdrawn. Choose "all" to see every request.')).toBeVisible();
  await liaison.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: 'all', exact: true }).click();
  await expect(liaison).toHaveURL(/\/police$/);
});
