import { sql } from 'drizzle-orm';
import { bigint, boolean, index, uniqueIndex, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { ROLES } from '../../lib/auth/roles';

export const staffRole = pgEnum('staff_role', ROLES);

const tz = { withTimezone: true, mode: 'date' } as const;

export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    email: varchar('email', { length: 320 }).notNull(),
    name: varchar('name', { length: 200 }).notNull().default(''),
    role: staffRole('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    // Bumped on role change, disable and sign-out: a session token carrying an older version is dead.
    sessionVersion: integer('session_version').notNull().default(1),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    // AES-256-GCM ciphertext (lib/auth/totp-secret.ts); the key lives outside the database.
    totpSecret: text('totp_secret'),
    // The newest time-step a code was accepted for: the same code (or an older one) is a replay.
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_email_unique').on(sql`lower(${t.email})`)],
);

/**
 * Append-only, hash-chained record of every change and every view of sensitive data.
 * Written only through lib/audit appendAudit; a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', tz).notNull(),
    actorType: varchar('actor_type', { length: 16 }).notNull(),
    actorId: varchar('actor_id', { length: 64 }),
    actorEmail: varchar('actor_email', { length: 320 }),
    actorRole: varchar('actor_role', { length: 32 }),
    action: varchar('action', { length: 64 }).notNull(),
    targetType: varchar('target_type', { length: 64 }).notNull(),
    targetId: varchar('target_id', { length: 200 }),
    changes: jsonb('changes').notNull(),
    reason: text('reason'),
    requestAddress: varchar('request_address', { length: 64 }),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  (t) => [
    // Audit page: an object's history, an actor's actions.
    index('audit_log_target_idx').on(t.targetType, t.targetId, t.seq),
    index('audit_log_actor_idx').on(t.actorId, t.seq),
    // Audit page filters, newest first: by the actor's email (what an admin knows), by action.
    index('audit_log_actor_email_idx').on(sql`lower(${t.actorEmail})`, t.seq),
    index('audit_log_action_idx').on(t.action, t.seq),
    // Audit explorer (migration 0016): a time range, free text (lib/audit/search.ts), an account's trail.
    index('audit_log_at_idx').on(t.at, t.seq),
    index('audit_log_search_idx').using(
      'gin',
      sql`(to_tsvector('simple'::regconfig, coalesce(${t.reason}, '')) || jsonb_to_tsvector('simple'::regconfig, ${t.changes}, '["string", "numeric"]'::jsonb))`,
    ),
    index('audit_log_subject_account_idx')
      .on(sql`(case when ${t.targetType} = 'account' then ${t.targetId} else ${t.changes}->>'reportedId' end)`, t.seq)
      .where(sql`${t.targetType} = 'account' or ${t.changes} ? 'reportedId'`),
  ],
);

/**
 * One signed-in session. The token names it (sid); the server refuses it once `ended_at` is set,
 * 8 hours after `authenticated_at`, or 30 minutes after `last_seen_at` (lib/auth/session.ts).
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    authenticatedAt: timestamp('authenticated_at', tz).notNull(),
    lastSeenAt: timestamp('last_seen_at', tz).notNull(),
    endedAt: timestamp('ended_at', tz),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId, t.authenticatedAt)],
);
