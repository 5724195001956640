'use server';

import { z } from 'zod';
import { actOnItem, reviewActionInput } from '@/lib/triage/actions';
import { claimNext, releaseItem } from '@/lib/triage/claims';
import { guardedAction } from '@/server/guard';
import { opaqueId } from '@/lib/validation/text';
import { revealReportSchema, revealReportText } from '@/lib/wellness/wellness';

const reviewSubmission = z.object({
  input: reviewActionInput,
  // "Submit and next": claim the next item of this queue once the decision is saved.
  andNext: z.boolean(),
  continueIn: opaqueId(64, 'queue'),
});

/** One review action from the review page; with `andNext`, also the next item to open (or null: queue empty). */
export const reviewAction = guardedAction('reports:act', reviewSubmission, async ({ input, andNext, continueIn }, ctx) => {
  const result = await actOnItem(ctx, input);
  const next = andNext ? await claimNext(ctx, continueIn) : null;
  return { result, nextItemId: next?.itemId ?? null };
});

/** Gives the item back to the queue. */
export const releaseAction = guardedAction('reports:act', z.object({ itemId: z.uuid() }), async ({ itemId }, ctx) => {
  await releaseItem(ctx, itemId);
  return { released: itemId };
});

/** Reads a folded report's text on purpose: the reveal is audited (lib/wellness/wellness.ts). */
export const revealReportTextAction = guardedAction('reports:read', revealReportSchema, (input, ctx) => revealReportText(ctx, input));
