'use server';

import { revalidatePath } from 'next/cache';
import { adoptWeights, adoptWeightsSchema, prepareReweighting, prepareReweightingSchema } from '@/lib/risk/reweigh';
import { guardedAction } from '@/server/guard';

// The precision loop's two doors: prepare (and evaluate) a suggestion, adopt it as a weight version.

export const prepareReweightingAction = guardedAction('risk:weights', prepareReweightingSchema, async (input, ctx) => {
  const { suggestionId, evaluation } = await prepareReweighting(ctx, input);
  revalidatePath('/admin/risk-weights');
  return { suggestionId, verdict: evaluation.verdict };
});

export const adoptWeightsAction = guardedAction('risk:weights', adoptWeightsSchema, async (input, ctx) => {
  const result = await adoptWeights(ctx, input);
  revalidatePath('/admin/risk-weights');
  return result;
});
