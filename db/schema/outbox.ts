import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { ID_MAX } from '../../lib/platform/contract';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * Decisions the chat app must carry out, written in the transaction that records the decision
 * (a transactional outbox) and posted to the platform's webhook by the delivery worker.
 * `seq` orders events per account; `id` is the stable webhook-id the receiver de-duplicates on.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique().default(sql`gen_random_uuid()`),
    type: varchar('type', { length: 64 }).notNull(),
    /** The account whose state the event changes: events for one account are delivered in seq order. */
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    payload: jsonb('payload').notNull(),
    /** The decision behind the event (e.g. `account_action` + its id), for the account page and the audit. */
    sourceType: varchar('source_type', { length: 32 }).notNull(),
    sourceId: varchar('source_id', { length: 64 }).notNull(),
    status: varchar('status', { length: 16, enum: ['pending', 'delivered', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', tz).notNull().defaultNow(),
    /** A worker's claim: nobody else posts the event until it passes. */
    lockedUntil: timestamp('locked_until', tz),
    /** Retries stop here and the event becomes a dead letter (reset by a replay). */
    retryUntil: timestamp('retry_until', tz).notNull(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', tz),
  },
  (t) => [
    // The worker's scan: due events in order.
    index('outbox_events_due_idx').on(t.nextAttemptAt, t.seq).where(sql`status = 'pending'`),
    // "Is an earlier event of this account still pending?" and the account page's delivery list.
    index('outbox_events_account_idx').on(t.accountId, t.seq),
    index('outbox_events_source_idx').on(t.sourceType, t.sourceId),
  ],
);
