'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { createIntegrationToken, revokeIntegrationToken, tokenInput } from '@/lib/triage/integrations';
import { guardedAction } from '@/server/guard';

/** Returns the token's secret: the only time anyone sees it. */
export const createTokenAction = guardedAction('integrations:manage', tokenInput, async (input, { actor, requestAddress }) => {
  const token = await createIntegrationToken(await getDb(), actor, input, { requestAddress });
  revalidatePath('/admin/integrations');
  return { name: token.name, secret: token.secret };
});

export const revokeTokenAction = guardedAction('integrations:manage', z.object({ tokenId: z.uuid() }), async ({ tokenId }, { actor, requestAddress }) => {
  await revokeIntegrationToken(await getDb(), actor, tokenId, { requestAddress });
  revalidatePath('/admin/integrations');
  return null;
});
