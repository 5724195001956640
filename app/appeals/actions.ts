'use server';

import { revalidatePath } from 'next/cache';
import { decideAppeal, decideAppealSchema } from '@/lib/appeals/decide';
import { guardedAction } from '@/server/guard';

/** Moderators: uphold or overturn an appeal they did not cause; an overturn reinstates and tells the appellant. */
export const decideAppealAction = guardedAction('reports:act', decideAppealSchema, async (input, ctx) => {
  const result = await decideAppeal(ctx, input);
  revalidatePath('/appeals');
  return result;
});
