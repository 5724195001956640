import { bigint, bigserial, boolean, index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { staff } from './staff';

/**
 * Signed checkpoints of the audit chain: "the entry at `seq` has hash `hash`", signed with an
 * Ed25519 key that is not in the database. Append-only (a trigger refuses UPDATE, DELETE and
 * TRUNCATE); the same lines are also appended to files outside the database (lib/audit/checkpoint.ts).
 */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    // Which key signed it: the first 16 hex digits of the SHA-256 of the public key (SPKI DER).
    keyId: varchar('key_id', { length: 64 }).notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [index('audit_checkpoints_seq_idx').on(t.seq)],
);

/**
 * Every verification of the audit chain (lib/audit/status.ts): who ran it, how far it walked, what
 * it found, and the checkpoint signed right after it. The newest row is the chain's status in the
 * app; an incremental check starts from the newest successful one.
 */
export const auditVerifications = pgTable('audit_verifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  actorId: uuid('actor_id').references(() => staff.id),
  actorEmail: varchar('actor_email', { length: 320 }),
  mode: varchar('mode', { length: 16, enum: ['full', 'incremental'] }).notNull(),
  ok: boolean('ok').notNull(),
  /** The first entry the walk checked (1 for a full check). */
  fromSeq: bigint('from_seq', { mode: 'number' }).notNull(),
  /** The last entry checked and its hash: where the next incremental check starts. */
  toSeq: bigint('to_seq', { mode: 'number' }),
  toHash: varchar('to_hash', { length: 64 }),
  entriesChecked: bigint('entries_checked', { mode: 'number' }).notNull(),
  failedSeq: bigint('failed_seq', { mode: 'number' }),
  problem: text('problem'),
  /** Whether a signing key was configured, so checkpoints were compared. */
  anchored: boolean('anchored').notNull(),
  /** The audit.verify entry that records this verification. */
  auditSeq: bigint('audit_seq', { mode: 'number' }).notNull(),
  checkpointSeq: bigint('checkpoint_seq', { mode: 'number' }),
  checkpointHash: varchar('checkpoint_hash', { length: 64 }),
  checkpointKeyId: varchar('checkpoint_key_id', { length: 64 }),
  checkpointSignature: text('checkpoint_signature'),
  checkpointAt: timestamp('checkpoint_at', { withTimezone: true, mode: 'date' }),
});
