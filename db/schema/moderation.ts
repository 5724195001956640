import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { ID_MAX } from '../../lib/platform/contract';
import { ACCOUNT_ACTIONS } from '../../lib/triage/contract';
import { staff } from './staff';

const tz = { withTimezone: true, mode: 'date' } as const;

export const accountAction = pgEnum('account_action', ACCOUNT_ACTIONS);

/** What Lookout decided about an account (the chat app applies it); the newest row is the account's standing. */
export const accountActions = pgTable(
  'account_actions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    action: accountAction('action').notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => staff.id),
    // Where the decision was taken, e.g. a triage item; null when taken from the account page.
    sourceType: varchar('source_type', { length: 32 }),
    sourceId: varchar('source_id', { length: 64 }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  // Account page and review page: an account's action history, newest first.
  (t) => [index('account_actions_account_idx').on(t.accountId, t.createdAt)],
);
