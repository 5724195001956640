import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { opaqueId, safeText } from '../validation/text';
import { accountActions, appeals } from '@/db/schema';
import { appendAudit } from '../audit/log';
import type { LibContext } from '../context';
import { DomainError } from '../errors';
import { consumeRate, type IntegrationActor } from '../triage/integrations';

/** POST /api/v1/appeals: what the chat app sends when a user appeals a decision it carried out. */
export const apiAppealSchema = z.object({
  appeal_id: opaqueId(64, 'appeal_id'),
  account_id: opaqueId(64, 'account_id'),
  decision_id: z.uuid('the decision_id of the account.action event being appealed'),
  statement: safeText(10_000, 'statement').default(''),
});
export type ApiAppeal = z.output<typeof apiAppealSchema>;

export interface AppealReceipt {
  appeal_id: string;
  status: 'open' | 'upheld' | 'overturned';
  created: boolean;
}

/**
 * Files an appeal in the appeals queue (integration token). The decision must be one Lookout
 * took about that account; resending the same appeal_id answers with the stored appeal.
 */
export async function submitAppeal(ctx: LibContext & { actor: IntegrationActor }, input: ApiAppeal): Promise<AppealReceipt> {
  return ctx.db.transaction(async (tx) => {
    await consumeRate(tx, ctx.actor, 1, ctx.now);
    const [existing] = await tx.select().from(appeals).where(eq(appeals.externalId, input.appeal_id));
    if (existing) {
      if (existing.accountId !== input.account_id || existing.decisionId !== input.decision_id) {
        throw new DomainError('conflict', `appeal_id: ${input.appeal_id} was already used for another decision`);
      }
      return { appeal_id: existing.externalId, status: existing.status, created: false };
    }
    const [decision] = await tx
      .select({ id: accountActions.id })
      .from(accountActions)
      .where(and(eq(accountActions.id, input.decision_id), eq(accountActions.accountId, input.account_id)));
    if (!decision) throw new DomainError('not_found', `decision_id: no decision ${input.decision_id} about account ${input.account_id}`);
    const [appeal] = await tx
      .insert(appeals)
      .values({ externalId: input.appeal_id, accountId: input.account_id, decisionId: input.decision_id, statement: input.statement, submittedBy: ctx.actor.id, createdAt: ctx.now })
      .returning();
    await appendAudit(tx, {
      actor: ctx.actor,
      action: 'appeal.submit',
      targetType: 'appeal',
      targetId: appeal!.id,
      changes: { appealId: input.appeal_id, accountId: input.account_id, decisionId: input.decision_id },
      requestAddress: ctx.requestAddress,
    });
    return { appeal_id: appeal!.externalId, status: appeal!.status, created: true };
  });
}
