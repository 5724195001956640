import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { ID_MAX } from '../../lib/platform/contract';
import { ESCALATION_TARGETS, EVENT_KINDS, ITEM_STATUS } from '../../lib/triage/contract';
import type { QueueFilter } from '../../lib/triage/filter';
import { accountAction } from './moderation';
import { reportCategory } from './platform';
import { staff } from './staff';

// Report triage (docs: lib/triage). Moderation follows the event model: every action on an item is an
// appended moderation_events row; queue_items holds the current state those events produced, kept in the
// same transaction, and reports.status mirrors it.

const tz = { withTimezone: true, mode: 'date' } as const;

export const queueItemStatus = pgEnum('queue_item_status', ITEM_STATUS);
export const escalationTarget = pgEnum('escalation_target', ESCALATION_TARGETS);
export const moderationEventKind = pgEnum('moderation_event_kind', EVENT_KINDS);

/** Items still waiting for a decision; every partial index below uses exactly this predicate. */
const ACTIVE = sql`status in ('open', 'in_review', 'escalated')`;

/** Named queues, tried in `position` order; a report lands in the first whose filter matches. */
export const queues = pgTable('queues', {
  id: varchar('id', { length: 64 }).primaryKey(),
  name: varchar('name', { length: 100 }).notNull().unique(),
  filter: jsonb('filter').$type<QueueFilter>().notNull(),
  position: integer('position').notNull().unique(),
  targetMinutes: integer('target_minutes').notNull(),
  builtIn: boolean('built_in').notNull().default(false),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

/**
 * One row per reported account per queue while it waits: the unit a moderator claims and decides.
 * Priority inputs are stored so the queue page and claim-next read one index.
 */
export const queueItems = pgTable(
  'queue_items',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    queueId: varchar('queue_id', { length: 64 })
      .notNull()
      .references(() => queues.id),
    reportedId: varchar('reported_id', { length: ID_MAX }).notNull(),
    status: queueItemStatus('status').notNull().default('open'),
    // 0 = child safety, 1 = everything else: child safety always sorts first.
    lane: smallint('lane').notNull(),
    severity: smallint('severity').notNull(),
    riskScore: real('risk_score'),
    // Severity × risk band (lib/triage/priority.ts): fixed until the reports or the risk score change.
    priority: smallint('priority').notNull(),
    oldestReportAt: timestamp('oldest_report_at', tz).notNull(),
    newestReportAt: timestamp('newest_report_at', tz).notNull(),
    reportCount: integer('report_count').notNull(),
    reporterCount: integer('reporter_count').notNull(),
    categories: reportCategory('categories').array().notNull(),
    assigneeId: uuid('assignee_id').references(() => staff.id),
    // Null with an assignee: a manual assignment that does not lapse.
    leaseExpiresAt: timestamp('lease_expires_at', tz),
    escalationTarget: escalationTarget('escalation_target'),
    mergedIntoId: uuid('merged_into_id'),
    // Bumped by every event that changes what a reviewer sees: stale-write protection.
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    firstActionAt: timestamp('first_action_at', tz),
    closedAt: timestamp('closed_at', tz),
  },
  (t) => [
    // Routing: the waiting item of an account in a queue, which new reports join.
    uniqueIndex('queue_items_waiting_unique').on(t.queueId, t.reportedId).where(ACTIVE),
    // Queue page sorted by priority, and claim-next: highest priority first, then the longest waiting.
    index('queue_items_priority_idx').on(t.queueId, t.lane, sql`(-${t.priority})`, t.oldestReportAt, t.id).where(ACTIVE),
    // Queue page sorted by oldest waiting, and overdue counts.
    index('queue_items_oldest_idx').on(t.queueId, t.oldestReportAt, t.id).where(ACTIVE),
    // Queue page sorted by newest report.
    index('queue_items_newest_idx').on(t.queueId, t.newestReportAt, t.id).where(ACTIVE),
    // Queue page sorted by report count.
    index('queue_items_count_idx').on(t.queueId, t.reportCount, t.id).where(ACTIVE),
    // Review page: the account's other items; routing: is the account escalated.
    index('queue_items_reported_idx').on(t.reportedId),
    // "Mine" filter and a moderator's held claim.
    index('queue_items_assignee_idx').on(t.assigneeId).where(ACTIVE),
    // Stats: items created, first acted on and closed in a period.
    index('queue_items_created_idx').on(t.createdAt),
    index('queue_items_first_action_idx').on(t.firstActionAt),
    index('queue_items_closed_idx').on(t.closedAt),
  ],
);

/** Which item a report belongs to (it moves with the item when escalated or merged). */
export const queueItemReports = pgTable(
  'queue_item_reports',
  {
    reportedId: varchar('reported_id', { length: ID_MAX }).notNull(),
    reportId: varchar('report_id', { length: ID_MAX }).notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => queueItems.id),
  },
  (t) => [
    // Same key as reports: "is this report already queued".
    primaryKey({ columns: [t.reportedId, t.reportId] }),
    // An item's reports.
    index('queue_item_reports_item_idx').on(t.itemId),
  ],
);

/** Append-only: one row per thing that happened to an item (a trigger refuses UPDATE and DELETE). */
export const moderationEvents = pgTable(
  'moderation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => queueItems.id),
    reportedId: varchar('reported_id', { length: ID_MAX }).notNull(),
    kind: moderationEventKind('kind').notNull(),
    actorType: varchar('actor_type', { length: 16 }).notNull(),
    actorId: varchar('actor_id', { length: 64 }),
    fromStatus: queueItemStatus('from_status'),
    toStatus: queueItemStatus('to_status'),
    accountAction: accountAction('account_action'),
    reason: text('reason'),
    batchId: uuid('batch_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [
    // Review page: an item's history.
    index('moderation_events_item_idx').on(t.itemId, t.id),
    // Review page: the account's history across items.
    index('moderation_events_reported_idx').on(t.reportedId, t.id),
    // Stats: actions per moderator over a period.
    index('moderation_events_created_idx').on(t.createdAt),
    // A bulk batch's events.
    index('moderation_events_batch_idx').on(t.batchId).where(sql`batch_id is not null`),
  ],
);

/** A moderator with rows here may see and claim only those queues; without rows, all of them. */
export const moderatorQueueRestrictions = pgTable(
  'moderator_queue_restrictions',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    queueId: varchar('queue_id', { length: 64 })
      .notNull()
      .references(() => queues.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.queueId] })],
);

/** Reusable decision reasons with {placeholders}, kept by admins. */
export const decisionTemplates = pgTable('decision_templates', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: varchar('name', { length: 100 }).notNull().unique(),
  action: varchar('action', { length: 16 }).notNull(),
  accountAction: accountAction('account_action'),
  body: text('body').notNull(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

/** Moderators' notes about an account, written from an item's review page. */
export const accountNotes = pgTable(
  'account_notes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    itemId: uuid('item_id').references(() => queueItems.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => staff.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  // Review page: an account's notes, newest first.
  (t) => [index('account_notes_account_idx').on(t.accountId, t.createdAt)],
);

/** One applied bulk action; its per-item events carry the batch id. */
export const bulkBatches = pgTable(
  'bulk_batches',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    action: varchar('action', { length: 16 }).notNull(),
    reason: text('reason').notNull(),
    appliedCount: integer('applied_count').notNull(),
    skippedCount: integer('skipped_count').notNull(),
    selection: jsonb('selection').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  // Bulk page: recent batches.
  (t) => [index('bulk_batches_created_idx').on(t.createdAt, t.id)],
);

/** A chat-app integration's API token: only the SHA-256 of the secret is kept. */
export const integrationTokens = pgTable('integration_tokens', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: varchar('name', { length: 100 }).notNull(),
  tokenHash: varchar('token_hash', { length: 64 }).notNull().unique(),
  // The first characters of the token, so an admin can tell tokens apart.
  tokenPrefix: varchar('token_prefix', { length: 16 }).notNull(),
  ratePerMinute: integer('rate_per_minute').notNull(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => staff.id),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', tz),
  lastUsedAt: timestamp('last_used_at', tz),
});

/** Fixed-window rate limit per token, in the database so every server process shares it. */
export const integrationRateWindows = pgTable(
  'integration_rate_windows',
  {
    tokenId: uuid('token_id')
      .notNull()
      .references(() => integrationTokens.id),
    windowStart: timestamp('window_start', tz).notNull(),
    used: integer('used').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.windowStart] })],
);
