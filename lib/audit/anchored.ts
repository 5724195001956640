import type { Db } from '@/db/client';
import { requirePermission } from '@/lib/auth/permissions';
import type { LibContext } from '@/lib/context';
import { readAllCheckpoints, writeCheckpoint } from './checkpoint';
import { isSignedBy, type AuditAnchor, type Checkpoint, type FoundCheckpoint } from './checkpoint-format';
import { appendAudit } from './log';
import { checkAuditChain } from './verify';

export type AnchoredCheck =
  | {
      ok: true;
      entries: number;
      lastSeq: number | null;
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
 * re-hashing it, is caught as long as one checkpoint file line survives.
 */
export async function checkAnchoredChain(db: Db, anchor: AuditAnchor): Promise<AnchoredCheck> {
  const { checkpoints, unreadable } = await readAllCheckpoints(db, anchor.checkpointDir);
  if (unreadable) return { ok: false, entries: 0, seq: null, problem: `${unreadable.source}: ${unreadable.problem} (checkpoint files are only ever appended to)` };
  const forged = checkpoints.find((checkpoint) => !isSignedBy(checkpoint, anchor.publicKey));
  if (forged) {
    return { ok: false, entries: 0, seq: forged.seq, problem: `the checkpoint in ${forged.source} is not signed by this key (${anchor.keyId})` };
  }
  const bySeq = new Map<number, FoundCheckpoint[]>();
  for (const checkpoint of checkpoints) bySeq.set(checkpoint.seq, [...(bySeq.get(checkpoint.seq) ?? []), checkpoint]);

  const chain = await checkAuditChain(db, (entry) => {
    const disagrees = bySeq.get(entry.seq)?.find((checkpoint) => checkpoint.hash !== entry.hash);
    return disagrees ? `it is not the entry the ${signedBy(disagrees)} vouches for: the history was rewritten` : null;
  });
  if (!chain.ok) return chain;

  const newest = checkpoints.reduce<FoundCheckpoint | null>((best, checkpoint) => (best && best.seq >= checkpoint.seq ? best : checkpoint), null);
  const lastSeq = chain.lastSeq ?? 0;
  if (newest && newest.seq > lastSeq) {
    return { ok: false, entries: chain.entries, seq: lastSeq + 1, problem: `${missing(lastSeq + 1, newest.seq)}: ${signedBy(newest)}` };
  }
  return { ok: true, entries: chain.entries, lastSeq: chain.lastSeq, anchored: true, anchoredBy: newest };
}

/**
 * `audit:verify` with anchoring: checks the chain against every signed checkpoint (when a key is
 * configured), records the check and its outcome as an audit entry, then signs a new checkpoint
 * of the head — which includes that entry, so the record of the check is anchored too.
 */
export async function verifyAnchoredAudit(
  ctx: LibContext,
  input: { anchor: AuditAnchor | null },
): Promise<AnchoredCheck & { checkpoint: Checkpoint | null }> {
  const admin = requirePermission(ctx.actor, 'audit:verify');
  const result: AnchoredCheck = input.anchor
    ? await checkAnchoredChain(ctx.db, input.anchor)
    : await checkAuditChain(ctx.db).then((chain) => (chain.ok ? { ...chain, anchored: false, anchoredBy: null } : chain));
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor: admin,
      action: 'audit.verify',
      targetType: 'audit_log',
      changes: result.ok
        ? { ok: true, entries: result.entries, anchoredBy: result.anchoredBy ? { seq: result.anchoredBy.seq, at: result.anchoredBy.at } : null }
        : { ok: false, seq: result.seq, problem: result.problem },
      requestAddress: ctx.requestAddress,
    }),
  );
  const checkpoint = input.anchor ? await writeCheckpoint(ctx, { anchor: input.anchor }) : null;
  return { ...result, checkpoint };
}

export function describeAnchoredCheck(result: AnchoredCheck): string {
  if (!result.ok) {
    return result.seq === null ? `audit checkpoints unusable: ${result.problem}` : `audit chain broken at seq ${result.seq}: ${result.problem}`;
  }
  const intact = `audit chain intact: ${result.entries} entries${result.lastSeq ? ` (seq 1–${result.lastSeq})` : ''}`;
  if (!result.anchored) return `${intact}; not anchored: no audit signing key is configured (LOOKOUT_AUDIT_KEY_FILE)`;
  if (!result.anchoredBy) return `${intact}; no earlier checkpoint found, anchored from now on`;
  return `${intact}; matches the ${signedBy(result.anchoredBy)}`;
}
