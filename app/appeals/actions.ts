'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { decideAppeal, decideAppealSchema } from '@/lib/appeals/decide';
import { guardedAction } from '@/server/guard';

/**
 * Moderators: uphold or overturn an appeal they did not cause; an overturn reinstates and tells the
 * appellant. Back to the open appeals with the outcome in the address: the decided appeal leaves
 * the list, and its form (and any note it could show) with it.
 */
export const decideAppealAction = guardedAction('reports:act', decideAppealSchema, async (input, ctx) => {
  const { reinstated, appealId } = await decideAppeal(ctx, input);
  revalidatePath('/appeals');
  redirect(`/appeals?decided=${encodeURIComponent(appealId)}&outcome=${input.outcome}&reinstated=${reinstated ? 1 : 0}`);
});
