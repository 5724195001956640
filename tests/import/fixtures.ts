import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';

export type FileName = 'accounts' | 'birthdate_changes' | 'contacts' | 'blocks' | 'reports';
/** A folder's files as tables: file base name → rows, the first row being the header. */
export type Folder = Partial<Record<FileName, string[][]>>;

export const HEADERS: Record<FileName, readonly string[]> = {
  accounts: ['account_id', 'username', 'display_name', 'claimed_birthdate', 'created_at', 'country', 'age_assurance', 'device_cluster', 'status'],
  birthdate_changes: ['account_id', 'changed_at', 'old_birthdate', 'new_birthdate'],
  contacts: ['initiator_id', 'recipient_id', 'first_contact_at', 'last_contact_at', 'messages_from_initiator', 'messages_from_recipient', 'media_from_initiator', 'media_from_recipient'],
  blocks: ['blocker_id', 'blocked_id', 'blocked_at'],
  reports: ['report_id', 'reporter_id', 'reported_id', 'category', 'description', 'created_at', 'source'],
};

/**
 * A small valid population: 5 accounts, 2 birthdate changes, 4 conversations, 2 blocks, 3 reports.
 * Report rep-1's description spans two lines, so rep-2 starts on line 4 of reports.csv.
 */
export function population(): Required<Folder> {
  return {
    accounts: [
      [...HEADERS.accounts],
      ['acc-1', 'maya', 'Maya', '2011-03-14', '2024-01-05T09:00:00Z', 'GB', 'minor', 'dev-1', 'active'],
      ['acc-2', 'coach_tom', 'Tom "Coach" R.', '1985-07-01', '2024-01-06T10:30:00+01:00', 'GB', 'adult', '', 'active'],
      ['acc-3', 'jay17', '', '2007-02-28', '2024-01-07T11:00:00Z', 'GB', 'none', 'dev-2', 'active'],
      ['acc-4', 'sam', 'Sam, the second', '', '2024-01-08T12:00:00-05:00', '', 'none', 'dev-2', 'suspended'],
      ['acc-5', 'lee', 'Lee', '2012-02-29', '2024-01-09T13:00:00Z', 'IE', 'minor', '', 'active'],
    ],
    birthdate_changes: [
      [...HEADERS.birthdate_changes],
      ['acc-3', '2024-02-01T08:00:00Z', '1990-02-28', '2007-02-28'],
      ['acc-4', '2024-02-02T08:00:00Z', '', '2008-01-01'],
    ],
    contacts: [
      [...HEADERS.contacts],
      ['acc-3', 'acc-1', '2024-03-01T18:00:00Z', '2024-03-09T21:00:00Z', '120', '40', '3', '0'],
      ['acc-3', 'acc-5', '2024-03-02T18:00:00Z', '2024-03-02T18:05:00Z', '4', '0', '0', '0'],
      ['acc-1', 'acc-5', '2024-02-01T15:00:00Z', '2024-03-10T15:00:00Z', '300', '310', '12', '9'],
      ['acc-2', 'acc-1', '2024-02-11T15:00:00Z', '2024-02-12T15:00:00Z', '2', '1', '0', '0'],
    ],
    blocks: [
      [...HEADERS.blocks],
      ['acc-5', 'acc-3', '2024-03-03T09:00:00Z'],
      ['acc-1', 'acc-4', '2024-03-04T09:00:00Z'],
    ],
    reports: [
      [...HEADERS.reports],
      ['rep-1', 'acc-1', 'acc-3', 'grooming', 'He said he is 15 and wants\nphotos, then to meet', '2024-03-09T22:00:00Z', 'user'],
      ['rep-2', '', 'acc-3', 'age_misrepresentation', '', '2024-03-10T00:00:00Z', 'automated'],
      ['rep-3', 'acc-5', 'acc-4', 'spam', 'links', '2024-03-11T00:00:00Z', 'user'],
    ],
  };
}

/** Data rows per file of a folder (header not counted). */
export function rowCounts(folder: Folder): Record<string, number> {
  return Object.fromEntries(Object.entries(folder).map(([name, rows]) => [name, rows.length - 1]));
}

export function tempRoot(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'lookout-import-'));
}

let folders = 0;

/** Writes a folder of CSV files (RFC 4180 quoting, LF or CRLF line ends), gzipped when asked. */
export async function writeFolder(root: string, folder: Folder, options: { gzip?: boolean; crlf?: boolean } = {}): Promise<string> {
  const dir = path.join(root, `folder-${++folders}`);
  await mkdir(dir);
  for (const [name, rows] of Object.entries(folder)) {
    const text = stringify(rows, { record_delimiter: options.crlf ? 'windows' : 'unix' });
    if (options.gzip) await writeFile(path.join(dir, `${name}.csv.gz`), gzipSync(text));
    else await writeFile(path.join(dir, `${name}.csv`), text);
  }
  return dir;
}

/** Rows per platform table, and audit entries. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from accounts) as accounts,
               (select count(*)::int from birthdate_changes) as birthdate_changes,
               (select count(*)::int from contacts) as contacts,
               (select count(*)::int from blocks) as blocks,
               (select count(*)::int from reports) as reports,
               (select count(*)::int from audit_log) as audit_log`,
  );
  return row!;
}

/** Every platform row as text, in key order: equal snapshots mean equal contents. */
export async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const read = async (query: SQL) => (await queryRows<{ row: string }>(db, query)).map((r) => r.row);
  return {
    accounts: await read(sql`select t::text as row from accounts t order by account_id`),
    birthdate_changes: await read(sql`select t::text as row from birthdate_changes t order by account_id, changed_at`),
    contacts: await read(sql`select t::text as row from contacts t order by account_lo, account_hi`),
    blocks: await read(sql`select t::text as row from blocks t order by blocked_id, blocker_id`),
    reports: await read(sql`select t::text as row from reports t order by reported_id, report_id`),
  };
}

/** Empties the platform tables between tests (the audit log is append-only and is compared by count instead). */
export async function clearPlatformData(db: Db): Promise<void> {
  // DELETE, not TRUNCATE: the tests run as lookout_app, which truncates no record table.
  for (const table of ['appeals', 'account_actions', 'outbox_events', 'accounts', 'birthdate_changes', 'contacts', 'blocks', 'reports']) {
    await db.execute(sql`delete from ${sql.identifier(table)}`);
  }
}
