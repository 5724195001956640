'use server';

import { z } from 'zod';
import { getDb } from '@/db';
import { describeChainCheck, verifyAuditChain } from '@/lib/audit/verify';
import { guardedAction } from '@/server/guard';

export const verifyChainAction = guardedAction('audit:verify', z.object({}), async (_input, { actor, requestAddress }) => {
  const result = await verifyAuditChain(await getDb(), actor, { requestAddress });
  return { ok: result.ok, summary: describeChainCheck(result) };
});
