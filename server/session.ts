import { cache } from 'react';
import { getDb } from '@/db';
import { loadStaffSession, type StaffActor, type StaffSession } from '@/lib/auth/session';
import { auth } from './auth';

/**
 * The current request's staff session, checked against the database (active flag and session
 * version) once per request; null when signed out or the token has been revoked.
 */
export const getStaffSession = cache(async (): Promise<StaffSession | null> => {
  const session = await auth();
  if (!session?.token) return null;
  return loadStaffSession({ db: await getDb(), actor: null, requestAddress: null, now: new Date() }, session.token);
});

/** Who is making this request, or null. Permission checks go through server/guard.ts. */
export const getActor = cache(async (): Promise<StaffActor | null> => (await getStaffSession())?.actor ?? null);
