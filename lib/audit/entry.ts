import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '@/db/schema';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { notFound } from '../errors';
import { appendAudit } from './log';
import { withActorNames, type AuditListEntry } from './query';

/** An entry's seq as a URL gives it. */
export const auditSeqSchema = z.coerce.number('seq: a number').int('seq: a whole number').positive('seq: from 1').max(Number.MAX_SAFE_INTEGER);

export interface AuditEntryView {
  entry: AuditListEntry;
  /** Up to `around` entries on the same target just before this one, newest first. */
  earlier: AuditListEntry[];
  /** Up to `around` entries on the same target just after this one, oldest first. */
  later: AuditListEntry[];
}

/**
 * One audit entry for its page (`audit:read`), with the entries just before and after it on the
 * same target (`audit_log_target_idx`: two short index range reads). An entry with no target id
 * (a read of the log, an import) has no neighbours of its own. Opening an entry is recorded.
 */
export async function loadAuditEntry(ctx: LibContext, input: { seq: number; around?: number }): Promise<AuditEntryView> {
  const admin = requirePermission(ctx.actor, 'audit:read');
  const seq = auditSeqSchema.parse(input.seq);
  const around = input.around ?? 5;
  return ctx.db.transaction(async (tx) => {
    const [entry] = await tx.select().from(auditLog).where(eq(auditLog.seq, seq));
    if (!entry) throw notFound(`Audit entry ${seq}`);
    const sameTarget = entry.targetId === null ? null : and(eq(auditLog.targetType, entry.targetType), eq(auditLog.targetId, entry.targetId));
    const earlier = sameTarget ? await tx.select().from(auditLog).where(and(sameTarget, lt(auditLog.seq, seq))).orderBy(desc(auditLog.seq)).limit(around) : [];
    const later = sameTarget ? await tx.select().from(auditLog).where(and(sameTarget, gt(auditLog.seq, seq))).orderBy(asc(auditLog.seq)).limit(around) : [];
    await appendAudit(tx, {
      actor: admin,
      action: 'audit.view',
      targetType: 'audit_entry',
      targetId: String(seq),
      requestAddress: ctx.requestAddress,
    });
    const [named, ...rest] = await withActorNames(tx, [entry, ...earlier, ...later]);
    return { entry: named!, earlier: rest.slice(0, earlier.length), later: rest.slice(earlier.length) };
  });
}
