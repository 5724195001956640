import { and, desc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '../validation/text';
import { accountActions, appeals } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError, notFound } from '../errors';
import { recordAccountActions } from '../moderation/account-actions';
import { enqueueOutboxEvents } from '../outbox/enqueue';

export const decideAppealSchema = z.object({
  appealId: z.uuid('appeal: not a valid id'),
  outcome: z.enum(['upheld', 'overturned'], 'outcome: choose upheld or overturned'),
  reason: safeText(2000, 'reason').trim().min(1, 'reason: say why'),
});
export type DecideAppealInput = z.output<typeof decideAppealSchema>;

/** Decisions whose overturn gives the account back its standing. */
const REVERSIBLE = new Set(['restrict', 'suspend', 'ban']);

/**
 * Upholds or overturns an appeal (moderators). The moderator who took the decision under appeal
 * may not judge it. An overturn reinstates the account (unless a later decision about it now
 * stands) and the appellant is told the outcome; one audit entry.
 */
export async function decideAppeal(ctx: LibContext, input: DecideAppealInput): Promise<{ reinstated: boolean; appealId: string }> {
  const moderator = requirePermission(ctx.actor, 'reports:act');
  return ctx.db.transaction(async (tx) => {
    const [appeal] = await tx.select().from(appeals).where(eq(appeals.id, input.appealId)).for('update');
    if (!appeal) throw notFound('The appeal');
    if (appeal.status !== 'open') throw new DomainError('conflict', `This appeal was already ${appeal.status}.`);
    const [decision] = await tx.select().from(accountActions).where(eq(accountActions.id, appeal.decisionId));
    if (!decision) throw notFound('The decision under appeal');
    if (decision.actorId === moderator.id) {
      throw new DomainError('forbidden', 'You took the decision under appeal: another moderator must decide it.');
    }
    await tx
      .update(appeals)
      .set({ status: input.outcome, decidedBy: moderator.id, decidedAt: ctx.now, decisionReason: input.reason })
      .where(eq(appeals.id, appeal.id));

    const [later] = await tx
      .select({ id: accountActions.id })
      .from(accountActions)
      .where(and(eq(accountActions.accountId, appeal.accountId), gt(accountActions.createdAt, decision.createdAt)))
      .orderBy(desc(accountActions.createdAt))
      .limit(1);
    const reinstated = input.outcome === 'overturned' && REVERSIBLE.has(decision.action) && !later;
    if (reinstated) {
      await recordAccountActions(
        tx,
        [{ accountId: appeal.accountId, action: 'reinstate', reason: `Appeal overturned: ${input.reason}`, actorId: moderator.id, sourceType: 'appeal', sourceId: appeal.id }],
        ctx.now,
      );
    }
    await enqueueOutboxEvents(
      tx,
      [{ type: 'appeal.outcome', data: { account_id: appeal.accountId, appeal_id: appeal.externalId, outcome: input.outcome }, source: { type: 'appeal', id: appeal.id } }],
      ctx.now,
    );
    await appendAudit(tx, {
      actor: moderator,
      action: `appeal.${input.outcome === 'upheld' ? 'uphold' : 'overturn'}`,
      targetType: 'appeal',
      targetId: appeal.id,
      changes: { accountId: appeal.accountId, decisionId: decision.id, decisionAction: decision.action, reinstated, laterDecisionStands: Boolean(later) },
      reason: input.reason,
      requestAddress: ctx.requestAddress,
    });
    return { reinstated, appealId: appeal.externalId };
  });
}
