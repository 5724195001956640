'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createIntegrationToken, revokeIntegrationToken, tokenInput } from '@/lib/triage/integrations';
import { guardedAction } from '@/server/guard';

/** Returns the token's secret: the only time anyone sees it. */
export const createTokenAction = guardedAction('integrations:manage', tokenInput, async (input, ctx) => {
  const token = await createIntegrationToken(ctx, input);
  revalidatePath('/admin/integrations');
  return { name: token.name, secret: token.secret };
});

export const revokeTokenAction = guardedAction('integrations:manage', z.object({ tokenId: z.uuid() }), async ({ tokenId }, ctx) => {
  await revokeIntegrationToken(ctx, tokenId);
  revalidatePath('/admin/integrations');
  return null;
});
