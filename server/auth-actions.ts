'use server';

import { signOut } from './auth';

/**
 * Sign-out: Auth.js's signOut event (server/auth.ts) ends every session of this staff member
 * (the session version moves on), then the cookie is cleared.
 */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/signin' });
}
