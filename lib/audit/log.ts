import { desc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Actor } from '../auth/permissions';
import { canonicalJson, sha256Hex } from './canonical';

export const GENESIS_HASH = '0'.repeat(64);
// Serialises appends across processes so the chain never forks (held until the transaction ends).
const AUDIT_LOCK_KEY = 7_400_117;

export interface AuditInput {
  actor: Actor;
  action: string;
  targetType: string;
  targetId?: string | null;
  changes?: Record<string, unknown>;
  reason?: string | null;
  requestAddress?: string | null;
  /**
   * When it happened, for seeding a log with history in time order (tests, e2e seeds); the app never
   * passes it, so its entries are stamped at append time. Never earlier than the entry before.
   */
  at?: Date;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** The fields an entry's hash covers, in a fixed encoding. */
export function entryHash(entry: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      seq: entry.seq,
      at: entry.at.toISOString(),
      actorType: entry.actorType,
      actorId: entry.actorId,
      actorEmail: entry.actorEmail,
      actorRole: entry.actorRole,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      changes: entry.changes,
      reason: entry.reason,
      requestAddress: entry.requestAddress,
      prevHash: entry.prevHash,
    }),
  );
}

/**
 * Appends one audit entry. Call it with the transaction handle of the change it records,
 * preferably last, so the entry commits or rolls back with the change.
 */
export async function appendAudit(tx: Db, input: AuditInput): Promise<AuditRow> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash, at: auditLog.at })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  // Time never runs backwards along the chain: app processes' clocks differ by milliseconds, and the
  // explorer turns a time range into a range of seq (lib/audit/query.ts), which needs `at` in seq order.
  const stamped = input.at ?? new Date();
  const at = last && last.at > stamped ? last.at : stamped;
  const { actor } = input;
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actorType: actor.type,
    actorId: actor.type === 'system' ? actor.name : actor.id,
    actorEmail: actor.type === 'staff' ? actor.email : null,
    actorRole: actor.type === 'staff' ? actor.role : null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    // Round-trip through JSON so what is hashed is exactly what the jsonb column gives back.
    changes: JSON.parse(canonicalJson(input.changes ?? {})) as Record<string, unknown>,
    reason: input.reason ?? null,
    requestAddress: input.requestAddress ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const row = { ...entry, hash: entryHash(entry) };
  await tx.insert(auditLog).values(row);
  return row;
}
