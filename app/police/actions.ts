'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
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

export const createRequestAction = guardedAction('police:write', requestIntakeSchema, async (input, { actor }) => {
  const created = await createRequest(await getDb(), actor, input);
  refresh();
  redirect(`/police/${created.id}`);
});

export const transitionAction = guardedAction('police:write', transitionSchema, async (input, { actor }) => {
  const status = await transitionRequest(await getDb(), actor, input);
  refresh();
  return status;
});

export const verifyAction = guardedAction('police:write', verificationSchema, async (input, { actor }) => {
  await recordVerification(await getDb(), actor, input);
  refresh();
});

export const approveAction = guardedAction('police:write', approvalSchema, async (input, { actor }) => {
  const result = await approveRequest(await getDb(), actor, input);
  refresh();
  return result;
});

export const createHoldAction = guardedAction('holds:manage', createHoldSchema, async (input, { actor }) => {
  await createHold(await getDb(), actor, input);
  refresh();
});

export const extendHoldAction = guardedAction('holds:manage', holdActionSchema, async (input, { actor }) => {
  await extendHold(await getDb(), actor, input);
  refresh();
});

export const releaseHoldAction = guardedAction('holds:manage', holdActionSchema, async (input, { actor }) => {
  await releaseHold(await getDb(), actor, input);
  refresh();
});

export const buildPackageAction = guardedAction('disclosures:prepare', buildPackageSchema, async (input, { actor }) => {
  const built = await buildPackage(await getDb(), actor, input);
  refresh();
  return { version: built.version };
});

export const releasePackageAction = guardedAction('disclosures:release', releaseFormSchema, async ({ confirmed: _confirmed, ...input }, { actor }) => {
  const released = await releasePackage(await getDb(), actor, input);
  refresh();
  return { version: released.version };
});
