import { desc } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { latestVerifications, type AuditVerification } from './anchored';
import { isSignedBy, type AuditAnchor } from './checkpoint-format';

export interface ChainStatus {
  /** never: no verification on record; intact / broken: what the newest verification found. */
  state: 'never' | 'intact' | 'broken';
  latest: AuditVerification | null;
  /** The newest verification that passed (the same as `latest` unless that one failed). */
  lastPassed: AuditVerification | null;
  head: { seq: number; at: Date } | null;
  /** Entries appended after what the newest passing verification walked (not yet checked). */
  uncheckedEntries: number | null;
  /** Whether the newest verification's checkpoint is signed by the configured key (null: no checkpoint or no key). */
  checkpointSigned: boolean | null;
}

/**
 * The audit chain's status for the app (`audit:read`): the newest verification and what it found,
 * the log's head, and how many entries arrived since the last passing check. Reads two rows and the
 * head; the checkpoint's signature is checked against the configured key here and now.
 */
export async function loadChainStatus(ctx: LibContext, input: { anchor: AuditAnchor | null }): Promise<ChainStatus> {
  requirePermission(ctx.actor, 'audit:read');
  const [{ latest, lastPassed }, [head]] = await Promise.all([
    latestVerifications(ctx.db),
    ctx.db.select({ seq: auditLog.seq, at: auditLog.at }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1),
  ]);
  const checkpointSigned =
    latest?.checkpointSeq && latest.checkpointHash && latest.checkpointAt && latest.checkpointKeyId && latest.checkpointSignature && input.anchor
      ? isSignedBy(
          {
            type: 'checkpoint',
            seq: latest.checkpointSeq,
            hash: latest.checkpointHash,
            at: latest.checkpointAt.toISOString(),
            keyId: latest.checkpointKeyId,
            signature: latest.checkpointSignature,
          },
          input.anchor.publicKey,
        )
      : null;
  const covered = lastPassed ? Math.max(lastPassed.toSeq ?? 0, lastPassed.checkpointSeq ?? 0) : null;
  return {
    state: latest === null ? 'never' : latest.ok ? 'intact' : 'broken',
    latest,
    lastPassed,
    head: head ?? null,
    uncheckedEntries: covered === null || !head ? null : Math.max(0, head.seq - covered),
    checkpointSigned,
  };
}
