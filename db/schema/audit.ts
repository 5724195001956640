import { bigint, bigserial, index, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

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
