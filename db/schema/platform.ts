import { sql } from 'drizzle-orm';
import { date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import {
  ACCOUNT_STATUS,
  AGE_ASSURANCE,
  COUNTRY_MAX,
  DISPLAY_NAME_MAX,
  ID_MAX,
  REPORT_CATEGORIES,
  REPORT_SOURCES,
  REPORT_STATUS,
  USERNAME_MAX,
} from '../../lib/platform/contract';

// The chat app's data, as imported (docs/architecture.md explains the keys:
// every table leads with an account id so it can be distributed by account).

export const ageAssurance = pgEnum('age_assurance', AGE_ASSURANCE);
export const accountStatus = pgEnum('account_status', ACCOUNT_STATUS);
export const reportCategory = pgEnum('report_category', REPORT_CATEGORIES);
export const reportSource = pgEnum('report_source', REPORT_SOURCES);
export const reportStatus = pgEnum('report_status', REPORT_STATUS);

const tz = { withTimezone: true, mode: 'date' } as const;

export const accounts = pgTable(
  'accounts',
  {
    accountId: varchar('account_id', { length: ID_MAX }).primaryKey(),
    username: varchar('username', { length: USERNAME_MAX }).notNull(),
    displayName: varchar('display_name', { length: DISPLAY_NAME_MAX }).notNull().default(''),
    claimedBirthdate: date('claimed_birthdate', { mode: 'string' }),
    createdAt: timestamp('created_at', tz).notNull(),
    country: varchar('country', { length: COUNTRY_MAX }).notNull().default(''),
    ageAssurance: ageAssurance('age_assurance').notNull().default('none'),
    deviceCluster: varchar('device_cluster', { length: ID_MAX }),
    status: accountStatus('status').notNull().default('active'),
  },
  (t) => [
    // Accounts list: username prefix search (text_pattern_ops makes LIKE 'abc%' an index range scan)
    // and exact-username lookup for police requests.
    index('accounts_username_idx').using('btree', sql`${t.username} text_pattern_ops`),
    // Age evidence: other accounts on the same device; the accounts list's search by device cluster.
    index('accounts_device_cluster_idx').on(t.deviceCluster),
    // Accounts list: display-name prefix search in any case (migration 0015).
    index('accounts_display_name_idx').using('btree', sql`lower(${t.displayName}) text_pattern_ops`),
  ],
);

export const birthdateChanges = pgTable(
  'birthdate_changes',
  {
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    changedAt: timestamp('changed_at', tz).notNull(),
    oldBirthdate: date('old_birthdate', { mode: 'string' }),
    newBirthdate: date('new_birthdate', { mode: 'string' }),
  },
  // Account page and age evidence read one account's changes in time order: the key serves both.
  (t) => [primaryKey({ columns: [t.accountId, t.changedAt] })],
);

/** One row per conversation, keyed by its unordered pair (account_lo < account_hi). */
export const contacts = pgTable(
  'contacts',
  {
    accountLo: varchar('account_lo', { length: ID_MAX }).notNull(),
    accountHi: varchar('account_hi', { length: ID_MAX }).notNull(),
    initiatorId: varchar('initiator_id', { length: ID_MAX }).notNull(),
    recipientId: varchar('recipient_id', { length: ID_MAX }).notNull(),
    firstContactAt: timestamp('first_contact_at', tz).notNull(),
    lastContactAt: timestamp('last_contact_at', tz).notNull(),
    messagesFromInitiator: integer('messages_from_initiator').notNull().default(0),
    messagesFromRecipient: integer('messages_from_recipient').notNull().default(0),
    mediaFromInitiator: integer('media_from_initiator').notNull().default(0),
    mediaFromRecipient: integer('media_from_recipient').notNull().default(0),
  },
  (t) => [
    // The key serves "conversations of X" for the lower id and pair lookups ("do these two know each other?").
    primaryKey({ columns: [t.accountLo, t.accountHi] }),
    // "Conversations of X" where X is the higher id of the pair: one column, so B-tree deduplication keeps it small.
    index('contacts_hi_idx').on(t.accountHi),
    // Conversations leaving the risk window or still going on since the last scoring run (lib/risk/dirty.ts),
    // and those past retention: by UTC day, so entries share keys (lib/platform/last-contact.ts).
    index('contacts_last_contact_day_idx').on(sql`((${t.lastContactAt} at time zone 'UTC')::date)`),
  ],
);

export const blocks = pgTable(
  'blocks',
  {
    blockerId: varchar('blocker_id', { length: ID_MAX }).notNull(),
    blockedId: varchar('blocked_id', { length: ID_MAX }).notNull(),
    blockedAt: timestamp('blocked_at', tz).notNull(),
  },
  (t) => [
    // Keyed by the blocked account: risk asks "who blocked X", the account page shows it.
    primaryKey({ columns: [t.blockedId, t.blockerId] }),
    index('blocks_blocker_idx').on(t.blockerId),
  ],
);

export const reports = pgTable(
  'reports',
  {
    reportId: varchar('report_id', { length: ID_MAX }).notNull(),
    reporterId: varchar('reporter_id', { length: ID_MAX }),
    reportedId: varchar('reported_id', { length: ID_MAX }).notNull(),
    category: reportCategory('category').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', tz).notNull(),
    source: reportSource('source').notNull(),
    status: reportStatus('status').notNull().default('open'),
  },
  (t) => [
    // Distributed by the reported account; report_id stays unique through the import's check (see architecture.md).
    primaryKey({ columns: [t.reportedId, t.reportId] }),
    // Open a report by its id (review page, API idempotency).
    index('reports_report_id_idx').on(t.reportId),
    // Overview and queue counts by status and category.
    index('reports_status_category_idx').on(t.status, t.category),
    // Reports filed by an account (reporter summary).
    index('reports_reporter_idx').on(t.reporterId),
  ],
);
