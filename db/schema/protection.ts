import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { ID_MAX } from '../../lib/platform/contract';
import { staff } from './staff';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * A protective decision: staff turning on the chat app's own safety features on children's
 * behalf (ignore messages from new users; silently block an adult). One row per decision, however
 * many children it covers; each child's change travels as its own outbox event.
 */
export const protectiveDecisions = pgTable(
  'protective_decisions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The adult the children are protected from (null for "ignore new users" alone, taken from a child's page). */
    adultAccountId: varchar('adult_account_id', { length: ID_MAX }),
    actions: text('actions').array().notNull(),
    childAccountIds: text('child_account_ids').array().notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => staff.id),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [index('protective_decisions_adult_idx').on(t.adultAccountId, t.createdAt)],
);
