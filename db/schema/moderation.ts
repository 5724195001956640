import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { ID_MAX } from '../../lib/platform/contract';
import { staff } from './staff';

export const ACCOUNT_ACTIONS = ['warn', 'restrict', 'suspend', 'ban', 'reinstate'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];
export const accountActionKind = pgEnum('account_action_kind', ACCOUNT_ACTIONS);

const tz = { withTimezone: true, mode: 'date' } as const;

/** Actions staff took on a platform account, appended as events; the latest one is its standing. */
export const accountActions = pgTable(
  'account_actions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    action: accountActionKind('action').notNull(),
    reason: text('reason').notNull(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  // Account page: an account's actions, newest first.
  (t) => [index('account_actions_account_idx').on(t.accountId, t.createdAt)],
);
