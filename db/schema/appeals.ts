import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { ID_MAX } from '../../lib/platform/contract';
import { accountActions } from './moderation';
import { staff } from './staff';

const tz = { withTimezone: true, mode: 'date' } as const;

/** A user's appeal of a decision, submitted by the chat app; decided by a moderator other than the original one. */
export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The chat app's id for the appeal: resending it is harmless. */
    externalId: varchar('external_id', { length: ID_MAX }).notNull().unique(),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => accountActions.id),
    statement: text('statement').notNull(),
    status: varchar('status', { length: 16, enum: ['open', 'upheld', 'overturned'] }).notNull().default('open'),
    submittedBy: uuid('submitted_by').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: timestamp('decided_at', tz),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    // The appeals queue, oldest first.
    index('appeals_status_idx').on(t.status, t.createdAt),
    index('appeals_decision_idx').on(t.decisionId),
  ],
);
