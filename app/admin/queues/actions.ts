'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { createQueue, deleteQueue, queueInput, restrictionInput, setQueueRestrictions, updateQueue } from '@/lib/triage/queues';
import { guardedAction } from '@/server/guard';

export const createQueueAction = guardedAction('queues:manage', queueInput, async (input, { actor, requestAddress }) => {
  await createQueue(await getDb(), actor, input, { requestAddress });
  revalidatePath('/admin/queues');
  return null;
});

export const updateQueueAction = guardedAction(
  'queues:manage',
  queueInput.extend({ queueId: z.string().min(1).max(64) }),
  async ({ queueId, ...input }, { actor, requestAddress }) => {
    await updateQueue(await getDb(), actor, queueId, input, { requestAddress });
    revalidatePath('/admin/queues');
    return null;
  },
);

export const deleteQueueAction = guardedAction('queues:manage', z.object({ queueId: z.string().min(1).max(64) }), async ({ queueId }, { actor, requestAddress }) => {
  await deleteQueue(await getDb(), actor, queueId, { requestAddress });
  revalidatePath('/admin/queues');
  return null;
});

/** Checkboxes arrive as one value or several: always a list. */
export const restrictQueuesAction = guardedAction(
  'queues:manage',
  z.object({ staffId: z.string(), queueIds: z.union([z.string(), z.array(z.string())]).optional() }),
  async ({ staffId, queueIds }, { actor, requestAddress }) => {
    const input = restrictionInput.parse({ staffId, queueIds: queueIds === undefined ? [] : [queueIds].flat() });
    await setQueueRestrictions(await getDb(), actor, input, { requestAddress });
    revalidatePath('/admin/queues');
    return null;
  },
);
