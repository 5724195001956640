import type { z } from 'zod';
import { PLAIN_ROWS, type PlainRowCheck } from './plain-rows';
import { accountRow, birthdateChangeRow, blockRow, contactRow, reportRow, type StagedRow } from './schemas';

/**
 * The files of an import folder, in the order they are loaded: accounts first, so every later
 * file's account references can be checked against the accounts table (already upserted in the
 * same transaction). Each file names its staging table, its in-file key, the columns that must
 * name an account, and the set-wise upsert into its real table.
 *
 * Every SQL fragment here is a constant of this module (identifiers are never taken from input).
 */
export interface ImportFile {
  /** Base name without extension: the file is `<name>.csv` or `<name>.csv.gz`. */
  name: string;
  /** The contract's columns, in the contract's order (the file may order them differently). */
  columns: readonly string[];
  schema: z.ZodType<StagedRow, Record<string, string>>;
  /** The schema's fast path for rows in their plainest form (lib/import/plain-rows.ts); null means "ask the schema". */
  plainRow: PlainRowCheck;
  /** Expressions over staging row `s` that identify a row; a second row with the same key is an error. */
  key: { expressions: string; column: string; reason: string };
  /** Columns holding account ids that must exist (in this import's accounts or already in the database). */
  references: readonly string[];
  /** Column of the report-id rule: a report id already stored for another reported account is an error. */
  reportIdColumn?: string;
  /**
   * The statements that write the staged rows into the real table, touching only rows whose values differ,
   * each RETURNING `inserted` plus the account ids of every changed row as `touched_a`/`touched_b`. Usually
   * one INSERT … SELECT … FROM staging `s` ON CONFLICT DO UPDATE, in key order (index pages are then filled in
   * sequence: ~25% faster on PGlite than arrival order). Contacts, the file with millions of rows, skips ON
   * CONFLICT's per-row speculative insertion (a fifth to a third of the write, docs/performance.md): an UPDATE
   * of the stored pairs whose values differ, then a plain INSERT of the pairs not stored yet. That is safe
   * because only imports write contacts, one at a time (lib/import/index.ts).
   */
  write: readonly string[];
  /**
   * The touched pair of a written row is a conversation's (`touched_a`, `touched_b` = account_lo,
   * account_hi): noted in import_touched_pairs, whose conversations an incremental re-score rewrites
   * the kept edges of (lib/risk/score.ts).
   */
  conversations?: true;
}

// Pairs are ordered by code point (COLLATE "C") so account_lo/account_hi do not depend on the database's collation;
// the result is then compared and sorted in the columns' own collation, or the primary key could not serve the
// lookups of stored pairs: a day's 4,800 conversations hashed all 10 million stored ones, twice (19 s, not 0.3 s).
// An account's status is Lookout's once Lookout has decided about it (a suspension must not be
// undone by the next day's accounts.csv); the platform still owns deletion. docs/import.md.
const IMPORTED_STATUS = `case when excluded.status = 'deleted' then excluded.status
       when exists (select 1 from account_actions d where d.account_id = t.account_id) then t.status
       else excluded.status end`;

const LO = 'least(s.initiator_id collate "C", s.recipient_id collate "C") collate "default"';
const HI = 'greatest(s.initiator_id collate "C", s.recipient_id collate "C") collate "default"';

// A conversation's values besides its pair (the file's columns); the staged rows as `n`, typed, with the contacts table's column names.
const CONTACT_DATA = Object.keys(contactRow.shape);
const STAGED_CONTACTS = `(select ${LO} as account_lo, ${HI} as account_hi, s.initiator_id, s.recipient_id,
    s.first_contact_at::timestamptz as first_contact_at, s.last_contact_at::timestamptz as last_contact_at,
    s.messages_from_initiator::int as messages_from_initiator, s.messages_from_recipient::int as messages_from_recipient,
    s.media_from_initiator::int as media_from_initiator, s.media_from_recipient::int as media_from_recipient
  from import_stage_contacts s) n`;

export const IMPORT_FILES: readonly ImportFile[] = [
  {
    name: 'accounts',
    columns: Object.keys(accountRow.shape),
    schema: accountRow,
    plainRow: PLAIN_ROWS.accounts,
    key: { expressions: 's.account_id', column: 'account_id', reason: 'account id already given on line' },
    references: [],
    write: [
      `
      insert into accounts as t (account_id, username, display_name, claimed_birthdate, created_at, country,
                                 age_assurance, device_cluster, status)
      select s.account_id, s.username, s.display_name, s.claimed_birthdate::date, s.created_at::timestamptz,
             s.country, s.age_assurance::age_assurance, s.device_cluster, s.status::account_status
      from import_stage_accounts s order by s.account_id
      on conflict (account_id) do update set
        username = excluded.username, display_name = excluded.display_name,
        claimed_birthdate = excluded.claimed_birthdate, created_at = excluded.created_at,
        country = excluded.country, age_assurance = excluded.age_assurance,
        device_cluster = excluded.device_cluster, status = ${IMPORTED_STATUS}
      where (t.username, t.display_name, t.claimed_birthdate, t.created_at, t.country, t.age_assurance,
             t.device_cluster, t.status)
        is distinct from (excluded.username, excluded.display_name, excluded.claimed_birthdate,
             excluded.created_at, excluded.country, excluded.age_assurance, excluded.device_cluster, ${IMPORTED_STATUS})
      returning (xmax = 0) as inserted, t.account_id as touched_a, null::text as touched_b`,
    ],
  },
  {
    name: 'birthdate_changes',
    columns: Object.keys(birthdateChangeRow.shape),
    schema: birthdateChangeRow,
    plainRow: PLAIN_ROWS.birthdate_changes,
    key: {
      expressions: 's.account_id, s.changed_at::timestamptz',
      column: 'changed_at',
      reason: 'same account and time as line',
    },
    references: ['account_id'],
    write: [
      `
      insert into birthdate_changes as t (account_id, changed_at, old_birthdate, new_birthdate)
      select s.account_id, s.changed_at::timestamptz, s.old_birthdate::date, s.new_birthdate::date
      from import_stage_birthdate_changes s order by s.account_id
      on conflict (account_id, changed_at) do update set
        old_birthdate = excluded.old_birthdate, new_birthdate = excluded.new_birthdate
      where (t.old_birthdate, t.new_birthdate) is distinct from (excluded.old_birthdate, excluded.new_birthdate)
      returning (xmax = 0) as inserted, t.account_id as touched_a, null::text as touched_b`,
    ],
  },
  {
    name: 'contacts',
    columns: Object.keys(contactRow.shape),
    schema: contactRow,
    plainRow: PLAIN_ROWS.contacts,
    key: { expressions: `${LO}, ${HI}`, column: 'initiator_id', reason: 'same pair of accounts as line' },
    references: ['initiator_id', 'recipient_id'],
    conversations: true,
    write: [
      `
      update contacts as t set ${CONTACT_DATA.map((column) => `${column} = n.${column}`).join(', ')}
      from ${STAGED_CONTACTS}
      where (t.account_lo, t.account_hi) = (n.account_lo, n.account_hi)
        and (${CONTACT_DATA.map((column) => `t.${column}`).join(', ')}) is distinct from (${CONTACT_DATA.map((column) => `n.${column}`).join(', ')})
      returning false as inserted, t.account_lo as touched_a, t.account_hi as touched_b`,
      `
      insert into contacts (account_lo, account_hi, ${CONTACT_DATA.join(', ')})
      select * from ${STAGED_CONTACTS}
      where not exists (select from contacts t where (t.account_lo, t.account_hi) = (n.account_lo, n.account_hi))
      order by account_lo, account_hi
      returning true as inserted, account_lo as touched_a, account_hi as touched_b`,
    ],
  },
  {
    name: 'blocks',
    columns: Object.keys(blockRow.shape),
    schema: blockRow,
    plainRow: PLAIN_ROWS.blocks,
    key: { expressions: 's.blocked_id, s.blocker_id', column: 'blocked_id', reason: 'same block as line' },
    references: ['blocker_id', 'blocked_id'],
    write: [
      `
      insert into blocks as t (blocker_id, blocked_id, blocked_at)
      select s.blocker_id, s.blocked_id, s.blocked_at::timestamptz
      from import_stage_blocks s order by s.blocked_id
      on conflict (blocked_id, blocker_id) do update set blocked_at = excluded.blocked_at
      where t.blocked_at is distinct from excluded.blocked_at
      returning (xmax = 0) as inserted, t.blocked_id as touched_a, t.blocker_id as touched_b`,
    ],
  },
  {
    name: 'reports',
    columns: Object.keys(reportRow.shape),
    schema: reportRow,
    plainRow: PLAIN_ROWS.reports,
    // A report id is unique on its own (the table's key leads with reported_id only for distribution).
    key: { expressions: 's.report_id', column: 'report_id', reason: 'report id already given on line' },
    references: ['reporter_id', 'reported_id'],
    reportIdColumn: 'report_id',
    // Moderation state (status) belongs to Lookout: a re-import never touches it.
    write: [
      `
      insert into reports as t (report_id, reporter_id, reported_id, category, description, created_at, source)
      select s.report_id, s.reporter_id, s.reported_id, s.category::report_category, s.description,
             s.created_at::timestamptz, s.source::report_source
      from import_stage_reports s order by s.reported_id
      on conflict (reported_id, report_id) do update set
        reporter_id = excluded.reporter_id, category = excluded.category, description = excluded.description,
        created_at = excluded.created_at, source = excluded.source
      where (t.reporter_id, t.category, t.description, t.created_at, t.source)
        is distinct from (excluded.reporter_id, excluded.category, excluded.description, excluded.created_at,
             excluded.source)
      returning (xmax = 0) as inserted, t.reported_id as touched_a, t.reporter_id as touched_b`,
    ],
  },
];

export function stagingTable(file: ImportFile): string {
  return `import_stage_${file.name}`;
}
