'use server';

import { revalidatePath } from 'next/cache';
import { DomainError } from '@/lib/errors';
import { protectChildren, protectChildrenSchema } from '@/lib/protection/protect-children';
import { guardedAction } from '@/server/guard';

/**
 * Protective actions for one, some or all of the children an adult reached: one audited decision
 * with one outbox event per child and action (lib/protection/protect-children.ts).
 */
export const protectChildrenAction = guardedAction('accounts:act', protectChildrenSchema, async (input, ctx) => {
  if (input.scope === 'selected' && input.childIds.length === 0) throw new DomainError('invalid_input', 'Tick at least one child, or choose all of them.');
  const done = await protectChildren(ctx, input);
  revalidatePath(`/accounts/${encodeURIComponent(input.adultId)}/children`);
  return done;
});
