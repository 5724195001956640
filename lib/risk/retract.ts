import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { patternFlags } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError, notFound } from '../errors';
import { storableString } from '../validation/text';

/** Retracting a confirmed pattern flag: which flag, and why (issue 15). */
export const retractFlagSchema = z.object({
  flagId: z.uuid('Not a flag id.'),
  reason: storableString().trim().min(10, 'Say why, in at least 10 characters.').max(4000),
});
export type RetractFlagInput = z.input<typeof retractFlagSchema>;

/**
 * Retracts a pattern flag with a reason (permission risk:review), audited in the same
 * transaction. The flag stays on record, marked retracted; the pattern may be confirmed again
 * later. A confirmation whose flags are all retracted counts against its signals in the review
 * rates that feed re-weighting (lib/risk/reweigh.ts).
 */
export async function retractFlag(ctx: LibContext, input: RetractFlagInput): Promise<{ flagId: string; accountId: string }> {
  const reviewer = requirePermission(ctx.actor, 'risk:review');
  const parsed = retractFlagSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [flag] = await tx.select().from(patternFlags).where(eq(patternFlags.id, parsed.flagId)).for('update');
    if (!flag) throw notFound(`Flag ${parsed.flagId}`);
    if (flag.retractedAt) throw new DomainError('conflict', 'This flag was already retracted.');
    await tx
      .update(patternFlags)
      .set({ retractedAt: ctx.now, retractedBy: reviewer.id, retractionReason: parsed.reason })
      .where(and(eq(patternFlags.id, flag.id), isNull(patternFlags.retractedAt)));
    await appendAudit(tx, {
      actor: reviewer,
      action: 'risk.flag_retract',
      targetType: 'account',
      targetId: flag.accountId,
      changes: { flagId: flag.id, pattern: flag.pattern, reviewId: flag.reviewId },
      reason: parsed.reason,
      requestAddress: ctx.requestAddress,
    });
    return { flagId: flag.id, accountId: flag.accountId };
  });
}
