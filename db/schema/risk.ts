import { sql } from 'drizzle-orm';
import {
  bigserial,
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  serial,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  uniqueIndex,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { RISK_PATTERNS } from '../../lib/risk/patterns';
import { AGE_BANDS } from '../../lib/platform/age-band';
import { ID_MAX } from '../../lib/platform/contract';
import { referrals } from './police';
import { staff } from './staff';

export const riskPattern = pgEnum('risk_pattern', RISK_PATTERNS);
export const ageBand = pgEnum('age_band', AGE_BANDS);
export const riskDecision = pgEnum('risk_decision', ['confirm', 'dismiss']);

const tz = { withTimezone: true, mode: 'date' } as const;

/** One scoring run: when it ran, which moment it judged, how much it covered. */
export const riskRuns = pgTable('risk_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  asOf: timestamp('as_of', tz).notNull(),
  computedAt: timestamp('computed_at', tz).notNull(),
  scope: varchar('scope', { length: 16 }).notNull(),
  subjects: integer('subjects'),
  scored: integer('scored').notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** The weight version (risk_weight_versions.version) the run scored with. */
  weightVersion: integer('weight_version').notNull().default(1),
  /** The population's share of minors the run judged volume by (lib/risk/dirty.ts compares it with the next run's). */
  minorShare: doublePrecision('minor_share'),
  /** Whether the run left risk_account_ages as of its as-of time (a full run, or an incremental one after an import): only such a run is built on. */
  keptAges: boolean('kept_ages').notNull().default(false),
  /** Each step's duration in ms. */
  timings: jsonb('timings').$type<Record<string, number>>(),
});

/**
 * Each account's age as the last scoring run judged it (the run's `risk_age`), kept by full runs and by
 * incremental runs after an import: an incremental run reads its neighbours' ages here (lib/risk/score.ts).
 */
export const riskAccountAges = pgTable('risk_account_ages', {
  accountId: varchar('account_id', { length: ID_MAX }).primaryKey(),
  deviceCluster: varchar('device_cluster', { length: ID_MAX }),
  claimedAge: integer('claimed_age'),
  judgedAge: integer('judged_age').notNull(),
  ageFactor: real('age_factor'),
  isMinor: boolean('is_minor').notNull(),
  youngerBy: integer('younger_by').notNull(),
});

/**
 * Every conversation in the window between a minor and an account old enough to count it as a younger
 * minor, seen from the older side (a run's `risk_edges`), kept with risk_account_ages by the same runs:
 * an incremental run rewrites the edges of what changed and reads the rest here (lib/risk/score.ts).
 */
export const riskKeptEdges = pgTable(
  'risk_kept_edges',
  {
    olderId: varchar('older_id', { length: ID_MAX }).notNull(),
    minorId: varchar('minor_id', { length: ID_MAX }).notNull(),
    minorAge: integer('minor_age'),
    olderInitiated: boolean('older_initiated').notNull(),
    msgsOlder: integer('msgs_older').notNull(),
    msgsMinor: integer('msgs_minor').notNull(),
    mediaMinor: integer('media_minor').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'risk_kept_edges_pk', columns: [t.olderId, t.minorId] })],
);

/** Accounts whose signals read the population's share of minors, as of each one's last run (lib/risk/dirty.ts). */
export const riskShareDependents = pgTable('risk_share_dependents', {
  accountId: varchar('account_id', { length: ID_MAX }).primaryKey(),
});

/**
 * Versions of the risk weights: per-signal multipliers over lib/risk/weights.ts (lib/risk/reweigh.ts).
 * A row is a suggestion (with the review rates it came from and its evaluation on held-out
 * populations) until an admin adopts it, which gives it the next `version`; the highest is in force.
 */
export const riskWeightVersions = pgTable(
  'risk_weight_versions',
  {
    id: serial('id').primaryKey(),
    version: integer('version').unique(),
    multipliers: jsonb('multipliers').$type<Record<string, number>>().notNull().default({}),
    basis: jsonb('basis').$type<unknown[]>().notNull().default([]),
    evaluation: jsonb('evaluation'),
    note: text('note').notNull(),
    suggestedBy: uuid('suggested_by').references(() => staff.id),
    suggestedAt: timestamp('suggested_at', tz).notNull().defaultNow(),
    adoptedBy: uuid('adopted_by').references(() => staff.id),
    adoptedAt: timestamp('adopted_at', tz),
  },
  (t) => [check('risk_weight_versions_adopted_check', sql`(${t.version} is null) = (${t.adoptedAt} is null)`)],
);

/**
 * The latest assessment of each account that has at least one signal (an account without a row
 * scored 0 in the latest run). `quiet` is set while a dismissal covers the current evidence.
 */
export const riskScores = pgTable(
  'risk_scores',
  {
    accountId: varchar('account_id', { length: ID_MAX }).primaryKey(),
    score: real('score').notNull(),
    claimedAge: smallint('claimed_age'),
    claimedBand: ageBand('claimed_band').notNull(),
    likelyBand: ageBand('likely_band').notNull(),
    patterns: riskPattern('patterns').array().notNull().default(sql`'{}'`),
    asOf: timestamp('as_of', tz).notNull(),
    computedAt: timestamp('computed_at', tz).notNull(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    quiet: boolean('quiet').notNull().default(false),
    /** The weight version the score was computed with. */
    weightVersion: integer('weight_version').notNull().default(1),
  },
  // Ranked risk list (`order by score desc, account_id` with a keyset cursor), quiet accounts left out.
  (t) => [index('risk_scores_rank_idx').on(t.score.desc(), t.accountId).where(sql`not ${t.quiet}`)],
);

/** The reasons behind a score: one row per signal, with its points and its evidence in words. */
export const riskSignals = pgTable(
  'risk_signals',
  {
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    code: varchar('code', { length: 48 }).notNull(),
    weight: real('weight').notNull(),
    // The measured quantity (minors reached, reporters, years moved): a rise is new evidence.
    value: real('value').notNull(),
    evidence: text('evidence').notNull(),
    pattern: riskPattern('pattern'),
    // Ids of what the evidence points at: { accounts: [...] } or { reports: [...] }.
    details: jsonb('details').notNull().default({}),
  },
  // An account's signals (explanation page, list chips): the key serves both.
  (t) => [primaryKey({ columns: [t.accountId, t.code] })],
);

/** A moderator's decision on an account's signals: confirmed (with flags) or dismissed. */
export const riskReviews = pgTable(
  'risk_reviews',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    decision: riskDecision('decision').notNull(),
    reason: text('reason').notNull(),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => staff.id),
    reviewedAt: timestamp('reviewed_at', tz).notNull().defaultNow(),
    score: real('score').notNull(),
    // The signals as they were when reviewed: { code: value }. A dismissal stays in force until one rises.
    signals: jsonb('signals').$type<Record<string, number>>().notNull(),
    confirmedCodes: text('confirmed_codes').array().notNull().default(sql`'{}'`),
    rejectedCodes: text('rejected_codes').array().notNull().default(sql`'{}'`),
    // The referral to liaison a confirmation made, if any.
    referralId: uuid('referral_id').references(() => referrals.id),
  },
  // Account page history and "latest dismissal of this account" when re-scoring.
  (t) => [index('risk_reviews_account_idx').on(t.accountId, t.reviewedAt)],
);

/** A confirmed pattern on an account, with the reviewer's rationale. */
export const patternFlags = pgTable(
  'pattern_flags',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    accountId: varchar('account_id', { length: ID_MAX }).notNull(),
    pattern: riskPattern('pattern').notNull(),
    rationale: text('rationale').notNull(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => riskReviews.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => staff.id),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    /** A retracted flag stays on record with who retracted it, when and why (lib/risk/reweigh.ts). */
    retractedAt: timestamp('retracted_at', tz),
    retractedBy: uuid('retracted_by').references(() => staff.id),
    retractionReason: text('retraction_reason'),
  },
  (t) => [
    // Account page: the account's flags.
    index('pattern_flags_account_idx').on(t.accountId, t.createdAt),
    // One standing flag per account and pattern: confirming again adds none; a retracted one makes room.
    uniqueIndex('pattern_flags_account_pattern_unique').on(t.accountId, t.pattern).where(sql`retracted_at is null`),
  ],
);
