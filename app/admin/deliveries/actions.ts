'use server';

import { revalidatePath } from 'next/cache';
import { replayEvents, replaySchema } from '@/lib/outbox/admin';
import { guardedAction } from '@/server/guard';

/** Admin: send a dead or failing event (or every dead letter) again; audited with the events named. */
export const replayAction = guardedAction('deliveries:manage', replaySchema, async (input, ctx) => {
  const count = await replayEvents(ctx, input);
  revalidatePath('/admin/deliveries');
  return { count };
});
