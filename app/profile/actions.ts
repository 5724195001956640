'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { changeOwnPassword, enrolTotp, removeTotp } from '@/lib/staff/self';
import { changePasswordSchema, enrolTotpSchema, removeTotpSchema } from '@/lib/staff/schemas';
import { signOut } from '@/server/auth';
import { guardedAction } from '@/server/guard';

/** A new password ends every session, this one too: clear the cookie and sign in afresh. */
export const changePasswordAction = guardedAction('profile:manage', changePasswordSchema, async (input, { actor, requestAddress }) => {
  await changeOwnPassword(await getDb(), actor, input, { requestAddress });
  await signOut({ redirectTo: '/signin?notice=password-changed' });
});

export const enrolTotpAction = guardedAction('profile:manage', enrolTotpSchema, async (input, { actor, requestAddress }) => {
  await enrolTotp(await getDb(), actor, input, { requestAddress });
  revalidatePath('/profile');
});

export const removeTotpAction = guardedAction('profile:manage', removeTotpSchema, async (input, { actor, requestAddress }) => {
  await removeTotp(await getDb(), actor, input, { requestAddress });
  revalidatePath('/profile');
});
