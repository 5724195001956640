'use server';

import { z } from 'zod';
import { getDb } from '@/db';
import { describeAnchoredCheck, verifyAnchoredAudit } from '@/lib/audit/anchored';
import { guardedAction } from '@/server/guard';
import { appAuditAnchor } from '@/server/startup';

export const verifyChainAction = guardedAction('audit:verify', z.object({}), async (_input, { actor, requestAddress }) => {
  const result = await verifyAnchoredAudit({ db: await getDb(), actor, requestAddress, now: new Date() }, { anchor: await appAuditAnchor() });
  return { ok: result.ok, summary: describeAnchoredCheck(result) };
});
