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
    // Null when Lookout itself acted: a suspension lifted at its end by the delivery worker.
    actorId: uuid('actor_id').references(() => staff.id),
    // Where the decision was taken, e.g. a triage item; null when taken from the account page.
    sourceType: varchar('source_type', { length: 32 }),
    sourceId: varchar('source_id', { length: 64 }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    /** A suspension's end: the delivery worker reinstates the account then. */
    endsAt: timestamp('ends_at', tz),
    /** Set when the suspension was lifted (by the worker at endsAt, or by a later decision). */
    liftedAt: timestamp('lifted_at', tz),
  },
  // Account page and review page: an account's action history, newest first.
  (t) => [
    index('account_actions_account_idx').on(t.accountId, t.createdAt),
    // The worker's scan for suspensions due to end.
    index('account_actions_ends_idx').on(t.endsAt).where(sql`ends_at is not null and lifted_at is null`),
  ],
);
