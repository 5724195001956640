import { spreadsheetCsv } from '../spreadsheet-csv';
import { and, asc, gte, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, birthdateChanges, blocks, contacts } from '@/db/schema';
import type { DataCategory } from './contract';

/**
 * What a disclosure package contains, read strictly within its scope: the accounts the legal
 * review decided to produce, the approved categories, and the request's date range as instants.
 *
 * - subscriber: each account's current record (without device_cluster, which links other
 *   accounts), and its birthdate changes made within the range.
 * - non_content: conversations active within the range (first contact before its end, last
 *   contact at or after its start). A conversation row keeps totals for its whole life, so its
 *   message/media counts are given only when the whole conversation lies inside the range, and
 *   a first/last contact time outside the range is left blank. Blocks made within the range.
 *   Lookout has no log-in records.
 * - content: Lookout holds no message content; the cover letter says so, no file is made.
 */

export interface PackageScope {
  accountIds: string[];
  categories: DataCategory[];
  from: Date;
  to: Date;
}

export interface PackageFile {
  path: string;
  content: Buffer;
}

export interface DataSummary {
  files: PackageFile[];
  /** Rows per file, for the cover letter and the audit log. */
  rowCounts: Record<string, number>;
  /** Conversations whose counts were withheld because they extend outside the range. */
  partialConversations: number;
}

const iso = (date: Date | null) => (date ? date.toISOString() : '');

function csvFile(path: string, header: string[], rows: unknown[][]): PackageFile & { rows: number } {
  return { path, content: Buffer.from(spreadsheetCsv([header, ...rows], { eof: true }), 'utf8'), rows: rows.length };
}

/** Building block (inside buildPackage's transaction): the package's data files and row counts for one scope. */
export async function collectDisclosureData(db: Db, scope: PackageScope): Promise<DataSummary> {
  const files: (PackageFile & { rows: number })[] = [];
  let partialConversations = 0;
  const ids = scope.accountIds;
  const inRange = (date: Date) => date >= scope.from && date < scope.to;

  if (scope.categories.includes('subscriber')) {
    const accountRows = await db.select().from(accounts).where(inArray(accounts.accountId, ids)).orderBy(asc(accounts.accountId));
    files.push(
      csvFile(
        'subscriber/accounts.csv',
        ['account_id', 'username', 'display_name', 'claimed_birthdate', 'created_at', 'country', 'age_assurance', 'status'],
        accountRows.map((a) => [a.accountId, a.username, a.displayName, a.claimedBirthdate ?? '', iso(a.createdAt), a.country, a.ageAssurance, a.status]),
      ),
    );
    const changes = await db
      .select()
      .from(birthdateChanges)
      .where(and(inArray(birthdateChanges.accountId, ids), gte(birthdateChanges.changedAt, scope.from), lt(birthdateChanges.changedAt, scope.to)))
      .orderBy(asc(birthdateChanges.accountId), asc(birthdateChanges.changedAt));
    files.push(
      csvFile(
        'subscriber/birthdate_changes.csv',
        ['account_id', 'changed_at', 'old_birthdate', 'new_birthdate'],
        changes.map((c) => [c.accountId, iso(c.changedAt), c.oldBirthdate ?? '', c.newBirthdate ?? '']),
      ),
    );
  }

  if (scope.categories.includes('non_content')) {
    const conversations = await db
      .select()
      .from(contacts)
      .where(
        and(
          or(inArray(contacts.accountLo, ids), inArray(contacts.accountHi, ids)),
          lt(contacts.firstContactAt, scope.to),
          gte(contacts.lastContactAt, scope.from),
        ),
      )
      .orderBy(asc(contacts.accountLo), asc(contacts.accountHi));
    const contactRows: unknown[][] = [];
    for (const c of conversations) {
      const whole = inRange(c.firstContactAt) && inRange(c.lastContactAt);
      if (!whole) partialConversations += 1;
      // A conversation between two produced accounts appears once for each of them.
      for (const accountId of [c.accountLo, c.accountHi].filter((id) => ids.includes(id))) {
        const initiated = c.initiatorId === accountId;
        const counts = initiated
          ? [c.messagesFromInitiator, c.messagesFromRecipient, c.mediaFromInitiator, c.mediaFromRecipient]
          : [c.messagesFromRecipient, c.messagesFromInitiator, c.mediaFromRecipient, c.mediaFromInitiator];
        contactRows.push([
          accountId,
          accountId === c.accountLo ? c.accountHi : c.accountLo,
          initiated ? 'account' : 'counterpart',
          inRange(c.firstContactAt) ? iso(c.firstContactAt) : '',
          inRange(c.lastContactAt) ? iso(c.lastContactAt) : '',
          whole ? 'whole' : 'partly',
          ...(whole ? counts : ['', '', '', '']),
        ]);
      }
    }
    files.push(
      csvFile(
        'non_content/contacts.csv',
        [
          'account_id',
          'counterpart_account_id',
          'first_contact_by',
          'first_contact_at',
          'last_contact_at',
          'within_range',
          'messages_from_account',
          'messages_from_counterpart',
          'media_from_account',
          'media_from_counterpart',
        ],
        contactRows,
      ),
    );
    const blockRows = await db
      .select()
      .from(blocks)
      .where(
        and(
          or(inArray(blocks.blockerId, ids), inArray(blocks.blockedId, ids)),
          gte(blocks.blockedAt, scope.from),
          lt(blocks.blockedAt, scope.to),
        ),
      )
      .orderBy(asc(blocks.blockedAt), asc(blocks.blockerId), asc(blocks.blockedId));
    const blockLines: unknown[][] = [];
    for (const b of blockRows) {
      if (ids.includes(b.blockerId)) blockLines.push([b.blockerId, 'blocked_counterpart', b.blockedId, iso(b.blockedAt)]);
      if (ids.includes(b.blockedId)) blockLines.push([b.blockedId, 'blocked_by_counterpart', b.blockerId, iso(b.blockedAt)]);
    }
    files.push(csvFile('non_content/blocks.csv', ['account_id', 'event', 'counterpart_account_id', 'blocked_at'], blockLines));
  }

  return {
    files: files.map(({ path, content }) => ({ path, content })),
    rowCounts: Object.fromEntries(files.map((file) => [file.path, file.rows])),
    partialConversations,
  };
}
