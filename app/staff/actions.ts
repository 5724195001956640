'use server';

import { revalidatePath } from 'next/cache';
import { addStaff, changeStaffRole, disableStaff, enableStaff, resetStaffPassword } from '@/lib/staff/manage';
import { addStaffSchema, changeRoleSchema, disableStaffSchema, revokeSessionSchema, staffStatusSchema } from '@/lib/staff/schemas';
import { revokeStaffSession } from '@/lib/staff/sessions';
import { guardedAction } from '@/server/guard';

// From the web, a new member always gets a generated one-time password, shown once to the admin.
const addFromWebSchema = addStaffSchema.omit({ password: true });

function refresh(staffId?: string) {
  revalidatePath('/staff');
  if (staffId) revalidatePath(`/staff/${staffId}`);
}

export const addStaffAction = guardedAction('staff:manage', addFromWebSchema, async (input, ctx) => {
  const added = await addStaff(ctx, input);
  refresh();
  return added;
});

export const changeRoleAction = guardedAction('staff:manage', changeRoleSchema, async (input, ctx) => {
  const member = await changeStaffRole(ctx, input);
  refresh(member.id);
  return { email: member.email, role: member.role };
});

export const disableStaffAction = guardedAction('staff:manage', disableStaffSchema, async (input, ctx) => {
  const member = await disableStaff(ctx, input);
  refresh(member.id);
  return { email: member.email, active: member.active };
});

export const enableStaffAction = guardedAction('staff:manage', staffStatusSchema, async (input, ctx) => {
  const member = await enableStaff(ctx, input);
  refresh(member.id);
  return { email: member.email, active: member.active };
});

export const resetPasswordAction = guardedAction('staff:manage', staffStatusSchema, async (input, ctx) => {
  const reset = await resetStaffPassword(ctx, input);
  refresh(input.staffId);
  return reset;
});

export const revokeSessionAction = guardedAction('staff:manage', revokeSessionSchema, async (input, ctx) => {
  const revoked = await revokeStaffSession(ctx, input);
  refresh(input.staffId);
  return revoked;
});
