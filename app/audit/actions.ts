'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { describeAnchoredCheck, verifyAnchoredAudit } from '@/lib/audit/anchored';
import { guardedAction } from '@/server/guard';
import { appAuditAnchor } from '@/server/startup';

/** "Verify new entries" (incremental, from the last passing verification's checkpoint) or "Verify from the start". */
export const verifyChainAction = guardedAction('audit:verify', z.object({ mode: z.enum(['full', 'incremental']).default('incremental') }), async (input, ctx) => {
  const result = await verifyAnchoredAudit(ctx, { anchor: await appAuditAnchor(), mode: input.mode });
  revalidatePath('/audit');
  return { ok: result.ok, summary: describeAnchoredCheck(result) };
});
