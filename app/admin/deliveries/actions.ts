'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { replayEvents, replaySchema } from '@/lib/outbox/admin';
import { guardedAction } from '@/server/guard';

/** Admin: send a dead or failing event (or every dead letter) again; audited with the events named. */
export const replayAction = guardedAction('deliveries:manage', replaySchema, async (input, { actor, requestAddress }) => {
  const count = await replayEvents({ db: await getDb(), actor, requestAddress, now: new Date() }, input);
  revalidatePath('/admin/deliveries');
  return { count };
});
