'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { addStaff, changeStaffRole, disableStaff, enableStaff, resetStaffPassword } from '@/lib/staff/manage';
import { addStaffSchema, changeRoleSchema, staffStatusSchema } from '@/lib/staff/schemas';
import { guardedAction } from '@/server/guard';

// From the web, a new member always gets a generated one-time password, shown once to the admin.
const addFromWebSchema = addStaffSchema.omit({ password: true });

export const addStaffAction = guardedAction('staff:manage', addFromWebSchema, async (input, { actor, requestAddress }) => {
  const added = await addStaff(await getDb(), actor, input, { requestAddress });
  revalidatePath('/staff');
  return added;
});

export const changeRoleAction = guardedAction('staff:manage', changeRoleSchema, async (input, { actor, requestAddress }) => {
  const member = await changeStaffRole(await getDb(), actor, input, { requestAddress });
  revalidatePath('/staff');
  return { email: member.email, role: member.role };
});

export const disableStaffAction = guardedAction('staff:manage', staffStatusSchema, async (input, { actor, requestAddress }) => {
  const member = await disableStaff(await getDb(), actor, input, { requestAddress });
  revalidatePath('/staff');
  return { email: member.email };
});

export const enableStaffAction = guardedAction('staff:manage', staffStatusSchema, async (input, { actor, requestAddress }) => {
  const member = await enableStaff(await getDb(), actor, input, { requestAddress });
  revalidatePath('/staff');
  return { email: member.email };
});

export const resetPasswordAction = guardedAction('staff:manage', staffStatusSchema, async (input, { actor, requestAddress }) => {
  const reset = await resetStaffPassword(await getDb(), actor, input, { requestAddress });
  revalidatePath('/staff');
  return reset;
});
