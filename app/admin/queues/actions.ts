'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createQueue, deleteQueue, queueInput, restrictionInput, setQueueRestrictions, updateQueue } from '@/lib/triage/queues';
import { guardedAction } from '@/server/guard';
import { opaqueId } from '@/lib/validation/text';

export const createQueueAction = guardedAction('queues:manage', queueInput, async (input, ctx) => {
  await createQueue(ctx, input);
  revalidatePath('/admin/queues');
  return null;
});

export const updateQueueAction = guardedAction(
  'queues:manage',
  queueInput.extend({ queueId: opaqueId(64, 'queue') }),
  async (input, ctx) => {
    await updateQueue(ctx, input);
    revalidatePath('/admin/queues');
    return null;
  },
);

export const deleteQueueAction = guardedAction('queues:manage', z.object({ queueId: opaqueId(64, 'queue') }), async ({ queueId }, ctx) => {
  await deleteQueue(ctx, queueId);
  revalidatePath('/admin/queues');
  return null;
});

/**
 * Checkboxes arrive as one value or several: always a list. Lifting every limit takes its own box
 * (`everyQueue`): a form sent with nothing ticked is refused rather than read as "every queue".
 */
export const restrictQueuesAction = guardedAction(
  'queues:manage',
  z
    .object({
      staffId: opaqueId(64, 'staff'),
      queueIds: z.union([opaqueId(64, 'queue'), z.array(opaqueId(64, 'queue'))]).optional(),
      everyQueue: z.literal('on').optional(),
    })
    .refine((input) => input.queueIds !== undefined || input.everyQueue !== undefined, {
      path: ['queueIds'],
      message: 'tick the queues they may work, or "Every queue" to lift their limits',
    })
    .refine((input) => input.queueIds === undefined || input.everyQueue === undefined, {
      path: ['everyQueue'],
      message: 'untick the queues to let them work every queue',
    }),
  async ({ staffId, queueIds }, ctx) => {
    const input = restrictionInput.parse({ staffId, queueIds: queueIds === undefined ? [] : [queueIds].flat() });
    await setQueueRestrictions(ctx, input);
    revalidatePath('/admin/queues');
    return null;
  },
);
