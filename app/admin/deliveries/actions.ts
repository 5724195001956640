'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { outboxListSchema, replayEvents, replaySchema } from '@/lib/outbox/admin';
import { guardedAction } from '@/server/guard';

/** What to replay, and the tab the admin was on (the confirmation is shown there). */
const replayForm = z.intersection(replaySchema, outboxListSchema.pick({ show: true }));

/**
 * Admin: send a dead or failing event (or every dead letter) again; audited with the events named.
 * Back to the same tab with the count and the audit entry in the address: the replayed row itself
 * leaves the list, and its form (and any note it could show) with it.
 */
export const replayAction = guardedAction('deliveries:manage', replayForm, async (input, ctx) => {
  const { count, auditSeq } = await replayEvents(ctx, input);
  revalidatePath('/admin/deliveries');
  redirect(`/admin/deliveries?show=${input.show}&replayed=${count}&entry=${auditSeq}`);
});
