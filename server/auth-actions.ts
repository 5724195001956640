'use server';

import { getDb } from '@/db';
import { endAllSessions } from '@/lib/auth/session';
import { signOut } from './auth';
import { currentRequestAddress } from './guard';
import { getActor } from './session';

/** Sign-out ends every session of this staff member (the session version moves on), then clears the cookie. */
export async function signOutAction(): Promise<void> {
  const actor = await getActor();
  if (actor) await endAllSessions(await getDb(), actor, await currentRequestAddress());
  await signOut({ redirectTo: '/signin' });
}
