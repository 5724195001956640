import { asc, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { requirePermission, type Actor } from '../auth/permissions';
import { appendAudit, entryHash, GENESIS_HASH, type AuditRow } from './log';

export type ChainCheck =
  | { ok: true; entries: number; lastSeq: number | null }
  | { ok: false; entries: number; seq: number; problem: string };

const BATCH = 1000;

/**
 * Walks the audit chain from the first entry: each entry's hash must match its contents, link to
 * the previous entry's hash, and its seq must follow the previous one without a gap. Returns the
 * first entry that breaks any of these (an altered, removed or reordered row). Reads in batches,
 * so memory stays flat however long the log. `alsoCheck` may name a further problem with an
 * entry (lib/audit/anchored.ts compares entries with signed checkpoints).
 */
export async function checkAuditChain(db: Db, alsoCheck?: (entry: AuditRow) => string | null): Promise<ChainCheck> {
  let previous: { seq: number; hash: string } | null = null;
  let entries = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(previous ? gt(auditLog.seq, previous.seq) : undefined)
      .orderBy(asc(auditLog.seq))
      .limit(BATCH);
    for (const entry of batch) {
      const expectedSeq: number = previous ? previous.seq + 1 : 1;
      const expectedPrev: string = previous ? previous.hash : GENESIS_HASH;
      if (entry.seq !== expectedSeq) {
        return { ok: false, entries, seq: entry.seq, problem: `expected seq ${expectedSeq} next: entries are missing before it` };
      }
      if (entry.prevHash !== expectedPrev) {
        return { ok: false, entries, seq: entry.seq, problem: `its prev_hash does not match entry ${expectedSeq - 1}` };
      }
      if (entryHash(entry) !== entry.hash) {
        return { ok: false, entries, seq: entry.seq, problem: 'its contents do not match its hash (altered)' };
      }
      const problem = alsoCheck?.(entry);
      if (problem) return { ok: false, entries, seq: entry.seq, problem };
      previous = { seq: entry.seq, hash: entry.hash };
      entries += 1;
    }
    if (batch.length < BATCH) return { ok: true, entries, lastSeq: previous?.seq ?? null };
  }
}

/**
 * `audit:verify`: checks the chain and records that it was checked (and the outcome) as an
 * audit entry of its own.
 */
export async function verifyAuditChain(db: Db, actor: Actor | null, options: { requestAddress?: string | null } = {}): Promise<ChainCheck> {
  const admin = requirePermission(actor, 'audit:verify');
  const result = await checkAuditChain(db);
  await db.transaction((tx) =>
    appendAudit(tx, {
      actor: admin,
      action: 'audit.verify',
      targetType: 'audit_log',
      changes: result.ok ? { ok: true, entries: result.entries } : { ok: false, seq: result.seq, problem: result.problem },
      requestAddress: options.requestAddress,
    }),
  );
  return result;
}

export function describeChainCheck(result: ChainCheck): string {
  return result.ok
    ? `audit chain intact: ${result.entries} entries${result.lastSeq ? ` (seq 1–${result.lastSeq})` : ''}`
    : `audit chain broken at seq ${result.seq}: ${result.problem}`;
}
