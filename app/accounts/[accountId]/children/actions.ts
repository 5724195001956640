'use server';

import { revalidatePath } from 'next/cache';
import { protectChildren, protectChildrenSchema } from '@/lib/protection/protect-children';
import { guardedAction } from '@/server/guard';

/**
 * Protective actions for one, some or all of the children an adult reached: one audited decision
 * with one outbox event per child and action (lib/protection/protect-children.ts).
 */
export const protectChildrenAction = guardedAction('accounts:act', protectChildrenSchema, async (input, ctx) => {
  const done = await protectChildren(ctx, input);
  revalidatePath(`/accounts/${encodeURIComponent(input.adultId)}/children`);
  return done;
});
