'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { claimNext } from '@/lib/triage/claims';
import { DomainError } from '@/lib/errors';
import { guardedAction } from '@/server/guard';
import { opaqueId } from '@/lib/validation/text';

const startReviewingInput = z.object({ queue: opaqueId(64, 'queue') });

/** "Start reviewing": claims the top free item of the queue for the moderator and opens it. */
export const startReviewingAction = guardedAction('reports:act', startReviewingInput, async ({ queue }, ctx) => {
  const claim = await claimNext(ctx, queue);
  if (!claim) throw new DomainError('not_found', 'Nothing left to review in this queue: every item is decided or held by someone.');
  redirect(`/review/${claim.itemId}`);
});
