'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { createHold, createHoldSchema, extendHold, holdActionSchema, releaseHold } from '@/lib/police/holds';
import { createRequest, requestIntakeSchema } from '@/lib/police/intake';
import { approvalSchema, approveRequest } from '@/lib/police/legal';
import { buildPackage, buildPackageSchema, releaseFormSchema, releasePackage } from '@/lib/police/package';
import { recordVerification, verificationSchema } from '@/lib/police/verification';
import { transitionRequest, transitionSchema } from '@/lib/police/workflow';
import { guardedAction } from '@/server/guard';

// The police pages' server actions: each checks its permission, parses with the lib's schema
// and calls the lib function, which audits. Pages under /police and /referrals then re-render.

function refresh() {
  revalidatePath('/police', 'layout');
  revalidatePath('/referrals', 'layout');
}

export const createRequestAction = guardedAction('police:write', requestIntakeSchema, async (input, ctx) => {
  const created = await createRequest(ctx, input);
  refresh();
  redirect(`/police/${created.id}`);
});

export const transitionAction = guardedAction('police:write', transitionSchema, async (input, ctx) => {
  const status = await transitionRequest(ctx, input);
  refresh();
  return status;
});

export const verifyAction = guardedAction('police:write', verificationSchema, async (input, ctx) => {
  await recordVerification(ctx, input);
  refresh();
});

export const approveAction = guardedAction('police:write', approvalSchema, async (input, ctx) => {
  const result = await approveRequest(ctx, input);
  refresh();
  return result;
});

export const createHoldAction = guardedAction('holds:manage', createHoldSchema, async (input, ctx) => {
  await createHold(ctx, input);
  refresh();
});

export const extendHoldAction = guardedAction('holds:manage', holdActionSchema, async (input, ctx) => {
  await extendHold(ctx, input);
  refresh();
});

export const releaseHoldAction = guardedAction('holds:manage', holdActionSchema, async (input, ctx) => {
  await releaseHold(ctx, input);
  refresh();
});

export const buildPackageAction = guardedAction('disclosures:prepare', buildPackageSchema, async (input, ctx) => {
  const built = await buildPackage(ctx, input);
  refresh();
  return { version: built.version };
});

export const releasePackageAction = guardedAction('disclosures:release', releaseFormSchema, async ({ confirmed: _confirmed, ...input }, ctx) => {
  const released = await releasePackage(ctx, input);
  refresh();
  return { version: released.version };
});
