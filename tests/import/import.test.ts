import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { desc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { recordAccountActions } from '@/lib/moderation/account-actions';
import { auditLog } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { DomainError } from '@/lib/errors';
import { ImportError, importPlatformData } from '@/lib/import';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import {
  clearPlatformData,
  HEADERS,
  population,
  rowCounts,
  snapshot,
  tableCounts,
  tempRoot,
  writeFolder,
  type Folder,
} from './fixtures';
import { makeStaff } from '../helpers/staff';

let database: Database;
let admin: Actor;
let moderator: Actor;
let root: string;

beforeAll(async () => {
  database = await openTestDatabase();
  admin = await makeStaff(database.db, 'admin', { email: 'admin@lookout.test' });
  moderator = await makeStaff(database.db, 'moderator', { email: 'moderator@lookout.test' });
  root = await tempRoot();
});
afterAll(async () => database?.close());
beforeEach(async () => clearPlatformData(database.db));

const importAsAdmin = (dir: string, options: { skipInvalid?: boolean; rejectsPath?: string } = {}) =>
  importPlatformData(ctxOf(database.db, admin), { dir, ...options });

/** The population a day later: one new account (acc-6, on line 7) and one renamed (acc-2). */
function nextDay(): Required<Folder> {
  const folder = population();
  folder.accounts[2]![1] = 'coach_tom_r';
  folder.accounts.push(['acc-6', 'newbie', '', '2010-10-10', '2024-04-01T00:00:00Z', 'GB', 'none', '', 'active']);
  return folder;
}

describe('a valid folder', () => {
  it('lands exact row counts and writes one audit entry with them', async () => {
    const before = await tableCounts(database.db);
    const summary = await importAsAdmin(await writeFolder(root, population()));

    const counts = await tableCounts(database.db);
    expect(counts).toEqual({ ...rowCounts(population()), audit_log: before.audit_log! + 1 });
    expect(summary.files.map((f) => [f.file, f.rows, f.inserted, f.updated, f.unchanged, f.rejected])).toEqual([
      ['accounts.csv', 5, 5, 0, 0, 0],
      ['birthdate_changes.csv', 2, 2, 0, 0, 0],
      ['contacts.csv', 4, 4, 0, 0, 0],
      ['blocks.csv', 2, 2, 0, 0, 0],
      ['reports.csv', 3, 3, 0, 0, 0],
    ]);
    expect(summary.touchedAccounts).toEqual({ count: 5, ids: ['acc-1', 'acc-2', 'acc-3', 'acc-4', 'acc-5'] });

    const [entry] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ action: 'platform.import', actorRole: 'admin', actorEmail: 'admin@lookout.test' });
    expect(entry!.changes).toMatchObject({
      skipInvalid: false,
      touchedAccounts: 5,
      files: { 'contacts.csv': { rows: 4, inserted: 4, updated: 0, unchanged: 0, rejected: 0 } },
    });
  });

  it('stores each conversation under its unordered pair, values as given', async () => {
    await importAsAdmin(await writeFolder(root, population()));
    const rows = await database.db.execute(
      sql`select account_lo, account_hi, initiator_id, messages_from_initiator, last_contact_at = '2024-03-09T21:00:00Z' as exact_time
          from contacts where initiator_id = 'acc-3' and recipient_id = 'acc-1'`,
    );
    expect((rows as unknown as { rows: unknown[] }).rows).toEqual([
      { account_lo: 'acc-1', account_hi: 'acc-3', initiator_id: 'acc-3', messages_from_initiator: 120, exact_time: true },
    ]);
  });

  it('leaves the same counts and contents when imported twice, and reports nothing changed', async () => {
    const dir = await writeFolder(root, population());
    await importAsAdmin(dir);
    const once = { counts: await tableCounts(database.db), rows: await snapshot(database.db) };

    const again = await importAsAdmin(dir);
    expect(await snapshot(database.db)).toEqual(once.rows);
    expect(await tableCounts(database.db)).toEqual({ ...once.counts, audit_log: once.counts.audit_log! + 1 });
    expect(again.files.every((f) => f.unchanged === f.rows && f.inserted === 0 && f.updated === 0)).toBe(true);
    expect(again.touchedAccounts).toEqual({ count: 0, ids: [] });
  });

  it('reads .csv.gz files to the same result', async () => {
    await importAsAdmin(await writeFolder(root, population()));
    const fromCsv = await snapshot(database.db);
    await clearPlatformData(database.db);

    const summary = await importAsAdmin(await writeFolder(root, population(), { gzip: true }));
    expect(summary.files.map((f) => f.file)).toContain('reports.csv.gz');
    expect(await snapshot(database.db)).toEqual(fromCsv);
  });

  it('updates changed rows on re-import without resetting moderation state', async () => {
    await importAsAdmin(await writeFolder(root, population()));
    await database.db.execute(sql`update reports set status = 'in_review' where report_id = 'rep-1'`);

    const folder = nextDay();
    // The same conversation, now reported from the other side with more messages.
    folder.contacts[1] = ['acc-1', 'acc-3', '2024-03-01T18:00:00Z', '2024-03-12T21:00:00Z', '45', '130', '0', '3'];
    folder.reports[1]![3] = 'sexual_content';
    const summary = await importAsAdmin(await writeFolder(root, folder));

    const rows = await database.db.execute(sql`
      select (select status from reports where report_id = 'rep-1') as status,
             (select category from reports where report_id = 'rep-1') as category,
             (select username from accounts where account_id = 'acc-2') as username,
             (select initiator_id from contacts where account_lo = 'acc-1' and account_hi = 'acc-3') as initiator,
             (select count(*)::int from contacts) as contacts`);
    expect((rows as unknown as { rows: unknown[] }).rows[0]).toEqual({
      status: 'in_review',
      category: 'sexual_content',
      username: 'coach_tom_r',
      initiator: 'acc-1',
      contacts: 4,
    });
    const byFile = Object.fromEntries(summary.files.map((f) => [f.file, [f.inserted, f.updated, f.unchanged]]));
    expect(byFile).toMatchObject({ 'accounts.csv': [1, 1, 4], 'contacts.csv': [0, 1, 3], 'reports.csv': [0, 1, 2] });
    expect(summary.touchedAccounts.ids).toEqual(['acc-1', 'acc-2', 'acc-3', 'acc-6']);
  });

  it.skipIf(testEngine() === 'pglite')('two imports at once both land, one after the other: the later one\'s values stay', async () => {
    await importAsAdmin(await writeFolder(root, population()));
    // Contacts only: no accounts upsert whose row locks would make the two wait for each other anyway.
    const first = { contacts: [...population().contacts, ['acc-4', 'acc-5', '2024-03-05T10:00:00Z', '2024-03-06T10:00:00Z', '7', '8', '0', '1']] };
    const second = { contacts: [...population().contacts, ['acc-5', 'acc-4', '2024-03-05T10:00:00Z', '2024-03-07T10:00:00Z', '9', '9', '1', '1']] };
    const [firstDir, secondDir] = [await writeFolder(root, first), await writeFolder(root, second)];

    const summaries = await Promise.all([importAsAdmin(firstDir), importAsAdmin(secondDir)]);

    // Whichever took the import lock first inserted the pair; the other found it and updated it to its own values.
    const counts = summaries.map((summary) => summary.files.find((f) => f.file === 'contacts.csv'));
    const later = counts.findIndex((file) => file?.updated === 1);
    expect(counts[1 - later]).toMatchObject({ inserted: 1, updated: 0 });
    expect(counts[later]).toMatchObject({ inserted: 0, updated: 1 });
    const [pair] = await queryRows<{ initiator_id: string; messages_from_initiator: number }>(
      database.db,
      sql`select initiator_id, messages_from_initiator from contacts where account_lo = 'acc-4' and account_hi = 'acc-5'`,
    );
    expect(pair).toEqual(later === 0 ? { initiator_id: 'acc-4', messages_from_initiator: 7 } : { initiator_id: 'acc-5', messages_from_initiator: 9 });
  });

  it('keeps a status Lookout decided over the next accounts.csv, but not over a deletion', async () => {
    await importAsAdmin(await writeFolder(root, population()));
    const moderator = await makeStaff(database.db, 'moderator');
    await recordAccountActions(
      database.db,
      ['acc-1', 'acc-2'].map((accountId) => ({ accountId, action: 'suspend' as const, reason: 'test', actorId: moderator.id, sourceType: 'test', sourceId: 'test' })),
      new Date(),
    );
    const folder = population();
    folder.accounts = folder.accounts.map((row) => (row[0] === 'acc-2' ? [...row.slice(0, 8), 'deleted'] : row));
    await importAsAdmin(await writeFolder(root, folder));
    const rows = await queryRows<{ account_id: string; status: string }>(
      database.db,
      sql`select account_id, status::text from accounts where account_id in ('acc-1', 'acc-2', 'acc-3') order by account_id`,
    );
    expect(rows).toEqual([
      { account_id: 'acc-1', status: 'suspended' },
      { account_id: 'acc-2', status: 'deleted' },
      { account_id: 'acc-3', status: 'active' },
    ]);
  });

  it('refuses a staff member without platform:import, changing nothing', async () => {
    const before = await tableCounts(database.db);
    const dir = await writeFolder(root, population());
    await expect(importPlatformData(ctxOf(database.db, moderator), { dir })).rejects.toEqual(expect.objectContaining({ code: 'forbidden' }));
    await expect(importPlatformData(ctxOf(database.db, moderator), { dir })).rejects.toBeInstanceOf(DomainError);
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

/** A bad folder: the next day's data with one defect, and the exact line the import must answer with. */
const badFolders: [string, (folder: Required<Folder>) => void, string][] = [
  [
    'a date that does not exist',
    (f) => f.accounts.push(['acc-7', 'feb', '', '2023-02-30', '2024-04-01T00:00:00Z', '', 'none', '', 'active']),
    'accounts.csv:8: claimed_birthdate: not a real date in the form YYYY-MM-DD',
  ],
  [
    'an unknown enum value',
    (f) => f.reports.push(['rep-4', '', 'acc-1', 'bullying', '', '2024-04-01T00:00:00Z', 'user']),
    'reports.csv:6: category: unknown value "bullying" (expected grooming | sexual_content | age_misrepresentation | harassment | spam | self_harm | other)',
  ],
  [
    'an unknown account',
    (f) => f.contacts.push(['acc-6', 'ghost-9', '2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z', '1', '0', '0', '0']),
    'contacts.csv:6: recipient_id: unknown account "ghost-9"',
  ],
  [
    'an id over 64 characters',
    (f) => f.blocks.push(['x'.repeat(65), 'acc-1', '2024-04-01T00:00:00Z']),
    'blocks.csv:4: blocker_id: longer than 64 characters',
  ],
  [
    'a wrong header',
    (f) => (f.contacts[0] = ['initiator', ...HEADERS.contacts.slice(1)]),
    'contacts.csv:1: initiator_id: missing column (found instead: initiator)',
  ],
  [
    'a time without offset',
    (f) => (f.birthdate_changes[2]![1] = '2024-02-02T08:00:00'),
    'birthdate_changes.csv:3: changed_at: not an ISO 8601 time with offset, e.g. 2024-05-01T12:30:00Z',
  ],
  [
    'an empty required field',
    (f) => (f.accounts[3]![1] = ''),
    'accounts.csv:4: username: required',
  ],
  [
    'a row with too few fields',
    (f) => f.blocks.push(['acc-2', 'acc-1']),
    'blocks.csv:4: (row): 2 fields, the header has 3',
  ],
  [
    'a negative count',
    (f) => (f.contacts[4]![5] = '-1'),
    'contacts.csv:5: messages_from_recipient: not a whole number ≥ 0',
  ],
  [
    'the same conversation twice, the other way round',
    (f) => f.contacts.push(['acc-1', 'acc-3', '2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z', '1', '0', '0', '0']),
    'contacts.csv:6: initiator_id: same pair of accounts as line 2',
  ],
  [
    'an account id given twice',
    (f) => f.accounts.push(['acc-1', 'maya2', '', '', '2024-04-01T00:00:00Z', '', 'none', '', 'active']),
    'accounts.csv:8: account_id: account id already given on line 2',
  ],
  [
    'a report id already stored for another account',
    (f) => (f.reports[3]![2] = 'acc-5'),
    'reports.csv:5: report_id: report id already stored for account "acc-4"',
  ],
  [
    'an unknown account before a later invalid row (the earlier line is named)',
    (f) => {
      f.contacts[2]![1] = 'ghost-1';
      f.contacts[4]![4] = 'many';
    },
    'contacts.csv:3: recipient_id: unknown account "ghost-1"',
  ],
];

describe('a folder with one bad row', () => {
  it.each(badFolders)('%s: names file, line and column, and lands nothing', async (_name, spoil, expected) => {
    await importAsAdmin(await writeFolder(root, population()));
    const before = { counts: await tableCounts(database.db), rows: await snapshot(database.db) };
    const folder = nextDay();
    spoil(folder);

    const failure = await importAsAdmin(await writeFolder(root, folder)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportError);
    expect((failure as ImportError).message).toBe(expected);
    expect(await tableCounts(database.db)).toEqual(before.counts);
    expect(await snapshot(database.db)).toEqual(before.rows);
  });

  it('files of several batches: all rows land, and a bad row deep in the file is still named', async () => {
    const accounts = [[...HEADERS.accounts]];
    for (let i = 0; i < 12_000; i++) {
      accounts.push([`bulk-${i}`, `bulk${i}`, '', '', '2024-01-01T00:00:00Z', '', 'none', '', 'active']);
    }
    await importAsAdmin(await writeFolder(root, { accounts }));
    expect((await tableCounts(database.db)).accounts).toBe(12_000);

    accounts.push(['bulk-12000', 'late', '', '', '2024-01-01T00:00:00Z', '', 'none', '', 'active']);
    accounts.push(['bulk-7', 'again', '', '', '2024-01-01T00:00:00Z', '', 'none', '', 'active']);
    accounts[11_000]![8] = 'gone';
    const failure = await importAsAdmin(await writeFolder(root, { accounts })).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('accounts.csv:11001: status: unknown value "gone" (expected active | suspended | banned | deleted)');
    expect((await tableCounts(database.db)).accounts).toBe(12_000);
  });

  it('counts line numbers physically in gzipped CRLF files with multi-line fields', async () => {
    const folder = population();
    folder.reports.push(['rep-4', '', 'acc-9', 'spam', 'two\r\nlines', '2024-04-01T00:00:00Z', 'user']);
    folder.reports.push(['rep-5', '', 'acc-1', 'spam', '', '2024-04-01', 'user']);
    const dir = await writeFolder(root, { accounts: folder.accounts, reports: folder.reports }, { gzip: true, crlf: true });
    const failure = await importAsAdmin(dir).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('reports.csv.gz:6: reported_id: unknown account "acc-9"');
  });
});

describe('what COPY must not change or let through', () => {
  it('stores text with backslashes, tabs, line breaks and a literal \\N exactly as given', async () => {
    const folder = population();
    const odd = 'a\\b\tc\r\nd \\N \\. end';
    folder.reports.push(['rep-4', '', 'acc-4', 'spam', odd, '2024-04-01T00:00:00Z', 'user']);
    folder.accounts[5]![2] = '\\N';
    await importAsAdmin(await writeFolder(root, folder));

    const [report] = await queryRows<{ description: string }>(database.db, sql`select description from reports where report_id = 'rep-4'`);
    expect(report?.description).toBe(odd);
    const [account] = await queryRows<{ display_name: string }>(database.db, sql`select display_name from accounts where account_id = 'acc-5'`);
    expect(account?.display_name).toBe('\\N');
  });

  it('stages a batch of multi-byte text larger than its first buffer byte for byte', async () => {
    // 6,000 descriptions of 900 bytes each: one batch of 5.4 MB, past the 4 MB it starts with.
    const folder = population();
    const text = (i: number) => `${'é漢😀'.repeat(100)} ${i}`;
    for (let i = 0; i < 6_000; i++) folder.reports.push([`bulk-${i}`, '', 'acc-1', 'spam', text(i), '2024-04-01T00:00:00Z', 'user']);
    await importAsAdmin(await writeFolder(root, folder));

    const [stored] = await queryRows<{ exact: number }>(
      database.db,
      sql`select count(*)::int as exact from reports where report_id like 'bulk-%' and description = repeat('é漢😀', 100) || ' ' || substr(report_id, 6)`,
    );
    expect(stored?.exact).toBe(6_000);
  });

  it('refuses bytes that are not UTF-8, naming file and line, and lands nothing', async () => {
    const dir = await writeFolder(root, population());
    const file = path.join(dir, 'accounts.csv');
    const lines = (await readFile(file)).toString('latin1').split('\n');
    lines[3] = lines[3]!.replace('jay17', 'jay\xe917'); // "é" as Latin-1: one byte that UTF-8 never has alone
    await writeFile(file, Buffer.from(lines.join('\n'), 'latin1'));
    const before = await tableCounts(database.db);

    const failure = await importAsAdmin(dir).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('accounts.csv:4: (row): not valid UTF-8 (save the file as UTF-8)');
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('--skip-invalid', () => {
  it('lands the good rows and writes each bad one with its reason to the rejects file', async () => {
    const folder = nextDay();
    folder.accounts.push(['acc-7', 'feb', '', '2023-02-30', '2024-04-01T00:00:00Z', '', 'none', '', 'active']);
    // Refers to the rejected account, so it is rejected too.
    folder.contacts.push(['acc-7', 'acc-1', '2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z', '1', '0', '0', '0']);
    folder.contacts.push(['acc-1', 'acc-3', '2024-04-01T00:00:00Z', '2024-04-01T00:00:00Z', '1', '0', '0', '0']);
    folder.reports.push(['rep-4', '', 'acc-1', 'bullying', 'mean', '2024-04-01T00:00:00Z', 'user']);
    const before = await tableCounts(database.db);
    const rejectsPath = path.join(root, 'rejects.csv');

    const summary = await importAsAdmin(await writeFolder(root, folder), { skipInvalid: true, rejectsPath });

    expect(summary.rejectsPath).toBe(rejectsPath);
    expect(await tableCounts(database.db)).toEqual({
      accounts: 6,
      birthdate_changes: 2,
      contacts: 4,
      blocks: 2,
      reports: 3,
      audit_log: before.audit_log! + 1,
    });
    const rejected = parse(await readFile(rejectsPath, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rejected).toEqual([
      {
        file: 'accounts.csv',
        line: '8',
        column: 'claimed_birthdate',
        reason: 'not a real date in the form YYYY-MM-DD',
        row: 'acc-7,feb,,2023-02-30,2024-04-01T00:00:00Z,,none,,active',
      },
      {
        file: 'contacts.csv',
        line: '6',
        column: 'initiator_id',
        reason: 'unknown account "acc-7"',
        row: 'acc-7,acc-1,2024-04-01T00:00:00Z,2024-04-01T00:00:00Z,1,0,0,0',
      },
      {
        file: 'contacts.csv',
        line: '7',
        column: 'initiator_id',
        reason: 'same pair of accounts as line 2',
        row: 'acc-1,acc-3,2024-04-01T00:00:00Z,2024-04-01T00:00:00Z,1,0,0,0',
      },
      {
        file: 'reports.csv',
        line: '6',
        column: 'category',
        reason: expect.stringMatching(/^unknown value "bullying"/),
        row: 'rep-4,,acc-1,bullying,mean,2024-04-01T00:00:00Z,user',
      },
    ]);
    const rejectedPerFile = Object.fromEntries(summary.files.map((f) => [f.file, f.rejected]));
    expect(rejectedPerFile).toEqual({
      'accounts.csv': 1,
      'birthdate_changes.csv': 0,
      'contacts.csv': 2,
      'blocks.csv': 0,
      'reports.csv': 1,
    });
  });

  it('still lands nothing when the file cannot be read as CSV', async () => {
    const before = await tableCounts(database.db);
    const dir = await writeFolder(root, population());
    await appendFile(path.join(dir, 'blocks.csv'), 'acc-2,"acc-1,2024-04-01T00:00:00Z\n');
    const rejectsPath = path.join(root, 'unused-rejects.csv');

    const failure = await importAsAdmin(dir, { skipInvalid: true, rejectsPath }).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('blocks.csv:4: (row): a quote opened in this row is never closed');
    expect(await tableCounts(database.db)).toEqual(before);
    await expect(readFile(rejectsPath)).rejects.toThrow(/ENOENT/);
  });
});
