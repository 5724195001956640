'use server';

import { revalidatePath } from 'next/cache';
import { retractFlag, retractFlagSchema } from '@/lib/risk/retract';
import { confirmRisk, confirmRiskSchema, dismissRisk, dismissRiskSchema } from '@/lib/risk/review';
import { guardedAction } from '@/server/guard';

// Review decisions on the risk pages: the lib checks the finer permissions (account action,
// referral), runs one transaction and writes the audit entry.

function refresh(accountId: string) {
  revalidatePath('/risk');
  revalidatePath(`/risk/${encodeURIComponent(accountId)}`);
  revalidatePath(`/accounts/${encodeURIComponent(accountId)}`);
}

export const confirmRiskAction = guardedAction('risk:review', confirmRiskSchema, async (input, ctx) => {
  const result = await confirmRisk(ctx, input);
  refresh(input.accountId);
  return { flags: result.flags.length, alreadyFlagged: result.alreadyFlagged.length, resolved: result.resolved.length, leftOpen: result.leftOpen.length };
});

export const dismissRiskAction = guardedAction('risk:review', dismissRiskSchema, async (input, ctx) => {
  await dismissRisk(ctx, input);
  refresh(input.accountId);
  return { dismissed: true };
});

export const retractFlagAction = guardedAction('risk:review', retractFlagSchema, async (input, ctx) => {
  const { accountId } = await retractFlag(ctx, input);
  refresh(accountId);
  return { retracted: true };
});
