import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditVerifications, staff } from '@/db/schema';
import { requirePermission } from '@/lib/auth/permissions';
import type { LibContext } from '@/lib/context';
import { readAllCheckpoints, writeCheckpoint } from './checkpoint';
import { isSignedBy, type AuditAnchor, type Checkpoint, type FoundCheckpoint } from './checkpoint-format';
import { appendAudit } from './log';
import { checkAuditChain, type ChainStart } from './verify';

export type AnchoredCheck =
  | {
      ok: true;
      entries: number;
      lastSeq: number | null;
      lastHash: string | null;
      /** Whether a signing key was configured (without one nothing outside the database vouches for the log). */
      anchored: boolean;
      /** The newest checkpoint the log was found to agree with, if any. */
      anchoredBy: FoundCheckpoint | null;
    }
  | { ok: false; entries: number; seq: number | null; problem: string };

const signedBy = (checkpoint: FoundCheckpoint) =>
  `checkpoint at seq ${checkpoint.seq} signed ${checkpoint.at} by key ${checkpoint.keyId} (${checkpoint.source})`;

const missing = (from: number, to: number) => (from === to ? `audit entry ${from} is missing` : `audit entries ${from}–${to} are missing`);

/**
 * Checks the chain (lib/audit/verify.ts) and, against every checkpoint on record — the files
 * outside the database and the table — that each checkpoint is signed by this key, that the entry
 * it names still has the hash it signed, and that no checkpoint names an entry past the end of
 * the log. So deleting the newest entries (and the checkpoint rows), or rewriting the history and
 * re-hashing it, is caught as long as one checkpoint file line survives. From `from`, only the
 * entries from there on are walked (and compared with the checkpoints that name them).
 */
export async function checkAnchoredChain(db: Db, anchor: AuditAnchor, from?: ChainStart | null): Promise<AnchoredCheck> {
  const { checkpoints, unreadable } = await readAllCheckpoints(db, anchor.checkpointDir);
  if (unreadable) return { ok: false, entries: 0, seq: null, problem: `${unreadable.source}: ${unreadable.problem} (checkpoint files are only ever appended to)` };
  const forged = checkpoints.find((checkpoint) => !isSignedBy(checkpoint, anchor.publicKey));
  if (forged) {
    return { ok: false, entries: 0, seq: forged.seq, problem: `the checkpoint in ${forged.source} is not signed by this key (${anchor.keyId})` };
  }
  const bySeq = new Map<number, FoundCheckpoint[]>();
  for (const checkpoint of checkpoints) bySeq.set(checkpoint.seq, [...(bySeq.get(checkpoint.seq) ?? []), checkpoint]);

  const chain = await checkAuditChain(
    db,
    (entry) => {
      const disagrees = bySeq.get(entry.seq)?.find((checkpoint) => checkpoint.hash !== entry.hash);
      return disagrees ? `it is not the entry the ${signedBy(disagrees)} vouches for: the history was rewritten` : null;
    },
    from,
  );
  if (!chain.ok) return chain;

  const newest = checkpoints.reduce<FoundCheckpoint | null>((best, checkpoint) => (best && best.seq >= checkpoint.seq ? best : checkpoint), null);
  const lastSeq = chain.lastSeq ?? 0;
  if (newest && newest.seq > lastSeq) {
    return { ok: false, entries: chain.entries, seq: lastSeq + 1, problem: `${missing(lastSeq + 1, newest.seq)}: ${signedBy(newest)}` };
  }
  return { ...chain, anchored: true, anchoredBy: newest };
}

export type VerificationMode = 'full' | 'incremental';
export type AuditVerification = typeof auditVerifications.$inferSelect;

/** The newest verification on record, and the newest that passed. Building block. */
export async function latestVerifications(db: Db): Promise<{ latest: AuditVerification | null; lastPassed: AuditVerification | null }> {
  const [latest] = await db.select().from(auditVerifications).orderBy(desc(auditVerifications.id)).limit(1);
  if (!latest || latest.ok) return { latest: latest ?? null, lastPassed: latest ?? null };
  const [lastPassed] = await db.select().from(auditVerifications).where(eq(auditVerifications.ok, true)).orderBy(desc(auditVerifications.id)).limit(1);
  return { latest, lastPassed: lastPassed ?? null };
}

/**
 * Where an incremental check may start: the signed checkpoint of the newest verification — when that
 * verification passed (a failure is cleared only by a full check that passes) and its checkpoint is
 * signed by this key — else the last entry it walked. Null: check from the first entry.
 */
function incrementalStart(latest: AuditVerification | null, anchor: AuditAnchor | null): ChainStart | null {
  if (!latest?.ok) return null;
  const when = `the verification of ${latest.at.toISOString()}`;
  if (anchor && latest.checkpointSeq && latest.checkpointHash && latest.checkpointKeyId && latest.checkpointSignature && latest.checkpointAt) {
    const checkpoint: Checkpoint = {
      type: 'checkpoint',
      seq: latest.checkpointSeq,
      hash: latest.checkpointHash,
      at: latest.checkpointAt.toISOString(),
      keyId: latest.checkpointKeyId,
      signature: latest.checkpointSignature,
    };
    if (isSignedBy(checkpoint, anchor.publicKey)) {
      return { seq: checkpoint.seq, hash: checkpoint.hash, vouchedBy: `the checkpoint signed after ${when} (key ${checkpoint.keyId})` };
    }
  }
  return latest.toSeq && latest.toHash ? { seq: latest.toSeq, hash: latest.toHash, vouchedBy: when } : null;
}

/**
 * `audit:verify` with anchoring: checks the chain against every signed checkpoint (when a key is
 * configured) — the whole chain, or with `mode: 'incremental'` only from where the last passing
 * verification's signed checkpoint left off — then records the check in one transaction (its audit
 * entry and its audit_verifications row: the app's chain status), and signs a new checkpoint of the
 * head, which includes that entry, so the record of the check is anchored too.
 */
export async function verifyAnchoredAudit(
  ctx: LibContext,
  input: { anchor: AuditAnchor | null; mode?: VerificationMode },
): Promise<AnchoredCheck & { checkpoint: Checkpoint | null; mode: VerificationMode; fromSeq: number; verification: AuditVerification }> {
  const admin = requirePermission(ctx.actor, 'audit:verify');
  const { anchor } = input;
  const from = input.mode === 'incremental' ? incrementalStart((await latestVerifications(ctx.db)).latest, anchor) : null;
  const mode: VerificationMode = from ? 'incremental' : 'full';
  const result: AnchoredCheck = anchor
    ? await checkAnchoredChain(ctx.db, anchor, from)
    : await checkAuditChain(ctx.db, undefined, from).then((chain) => (chain.ok ? { ...chain, anchored: false, anchoredBy: null } : chain));
  const [member] = await ctx.db.select({ email: staff.email }).from(staff).where(eq(staff.id, admin.id));

  const verification = await ctx.db.transaction(async (tx) => {
    const entry = await appendAudit(tx, {
      actor: admin,
      action: 'audit.verify',
      targetType: 'audit_log',
      changes: result.ok
        ? { ok: true, mode, fromSeq: from?.seq ?? 1, entries: result.entries, anchoredBy: result.anchoredBy ? { seq: result.anchoredBy.seq, at: result.anchoredBy.at } : null }
        : { ok: false, mode, fromSeq: from?.seq ?? 1, seq: result.seq, problem: result.problem },
      requestAddress: ctx.requestAddress,
    });
    const [row] = await tx
      .insert(auditVerifications)
      .values({
        at: ctx.now,
        actorId: admin.id,
        actorEmail: member?.email ?? admin.email,
        mode,
        ok: result.ok,
        fromSeq: from?.seq ?? 1,
        toSeq: result.ok ? result.lastSeq : null,
        toHash: result.ok ? result.lastHash : null,
        entriesChecked: result.entries,
        failedSeq: result.ok ? null : result.seq,
        problem: result.ok ? null : result.problem,
        anchored: anchor !== null,
        auditSeq: entry.seq,
      })
      .returning();
    return row!;
  });
  // A checkpoint vouches for what was just found intact; after a failure nothing new is signed here.
  const checkpoint = anchor && result.ok ? await writeCheckpoint(ctx, { anchor }) : null;
  if (!checkpoint) return { ...result, checkpoint, mode, fromSeq: from?.seq ?? 1, verification };
  const [signed] = await ctx.db
    .update(auditVerifications)
    .set({
      checkpointSeq: checkpoint.seq,
      checkpointHash: checkpoint.hash,
      checkpointKeyId: checkpoint.keyId,
      checkpointSignature: checkpoint.signature,
      checkpointAt: new Date(checkpoint.at),
    })
    .where(eq(auditVerifications.id, verification.id))
    .returning();
  return { ...result, checkpoint, mode, fromSeq: from?.seq ?? 1, verification: signed! };
}

export function describeAnchoredCheck(result: AnchoredCheck & { mode?: VerificationMode; fromSeq?: number }): string {
  if (!result.ok) {
    return result.seq === null ? `audit checkpoints unusable: ${result.problem}` : `audit chain broken at seq ${result.seq}: ${result.problem}`;
  }
  const range = result.lastSeq ? ` (seq ${result.mode === 'incremental' ? result.fromSeq : 1}–${result.lastSeq})` : '';
  const intact = `audit chain intact: ${result.entries} entries${result.mode === 'incremental' ? ' checked since the last verification' : ''}${range}`;
  if (!result.anchored) return `${intact}; not anchored: no audit signing key is configured (LOOKOUT_AUDIT_KEY_FILE)`;
  if (!result.anchoredBy) return `${intact}; no earlier checkpoint found, anchored from now on`;
  return `${intact}; matches the ${signedBy(result.anchoredBy)}`;
}
