import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { appendAudit, entryHash, GENESIS_HASH, type AuditRow } from './log';

export type ChainCheck =
  | { ok: true; entries: number; lastSeq: number | null; lastHash: string | null }
  | { ok: false; entries: number; seq: number; problem: string };

/** Where an incremental walk starts: an entry verified before and the hash it had then. */
export interface ChainStart {
  seq: number;
  hash: string;
  /** How the start was vouched for, for the problem text when it no longer holds. */
  vouchedBy: string;
}

const BATCH = 1000;

/**
 * Walks the audit chain: each entry's hash must match its contents, link to the previous entry's
 * hash, and its seq must follow the previous one without a gap. Returns the first entry that breaks
 * any of these (an altered, removed or reordered row). Reads in batches, so memory stays flat
 * however long the log. `alsoCheck` may name a further problem with an entry (lib/audit/anchored.ts
 * compares entries with signed checkpoints). From `from` (incremental): that entry must still hash
 * to the hash verified before, and the walk goes on from it; entries before it are not read.
 */
export async function checkAuditChain(db: Db, alsoCheck?: (entry: AuditRow) => string | null, from?: ChainStart | null): Promise<ChainCheck> {
  let previous: { seq: number; hash: string } | null = null;
  let entries = 0;
  if (from) {
    const [start] = await db.select().from(auditLog).where(eq(auditLog.seq, from.seq));
    if (!start) return { ok: false, entries, seq: from.seq, problem: `it is missing, though ${from.vouchedBy} vouched for it` };
    if (start.hash !== from.hash || entryHash(start) !== from.hash) {
      return { ok: false, entries, seq: from.seq, problem: `it no longer matches the hash ${from.vouchedBy} vouched for (altered)` };
    }
    const problem = alsoCheck?.(start);
    if (problem) return { ok: false, entries, seq: start.seq, problem };
    previous = { seq: start.seq, hash: start.hash };
    entries = 1;
  }
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
    if (batch.length < BATCH) return { ok: true, entries, lastSeq: previous?.seq ?? null, lastHash: previous?.hash ?? null };
  }
}

/**
 * `audit:verify` without anchoring: checks the whole chain and records that it was checked (and the
 * outcome) as an audit entry of its own. The app and the CLI use lib/audit/anchored.ts.
 */
export async function verifyAuditChain(ctx: LibContext, _input: Record<string, never> = {}): Promise<ChainCheck> {
  const admin = requirePermission(ctx.actor, 'audit:verify');
  const result = await checkAuditChain(ctx.db);
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor: admin,
      action: 'audit.verify',
      targetType: 'audit_log',
      changes: result.ok ? { ok: true, entries: result.entries } : { ok: false, seq: result.seq, problem: result.problem },
      requestAddress: ctx.requestAddress,
    }),
  );
  return result;
}

export function describeChainCheck(result: ChainCheck): string {
  return result.ok
    ? `audit chain intact: ${result.entries} entries${result.lastSeq ? ` (seq 1–${result.lastSeq})` : ''}`
    : `audit chain broken at seq ${result.seq}: ${result.problem}`;
}
