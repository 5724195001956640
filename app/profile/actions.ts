'use server';

import { revalidatePath } from 'next/cache';
import { changeOwnPassword, enrolTotp, removeTotp } from '@/lib/staff/self';
import { changePasswordSchema, enrolTotpSchema, removeTotpSchema } from '@/lib/staff/schemas';
import { signOut } from '@/server/auth';
import { guardedAction } from '@/server/guard';

/** A new password ends every session, this one too: clear the cookie and sign in afresh. */
export const changePasswordAction = guardedAction('profile:manage', changePasswordSchema, async (input, ctx) => {
  await changeOwnPassword(ctx, input);
  await signOut({ redirectTo: '/signin?notice=password-changed' });
});

export const enrolTotpAction = guardedAction('profile:manage', enrolTotpSchema, async (input, ctx) => {
  await enrolTotp(ctx, input);
  revalidatePath('/profile');
});

export const removeTotpAction = guardedAction('profile:manage', removeTotpSchema, async (input, ctx) => {
  await removeTotp(ctx, input);
  revalidatePath('/profile');
});
