import type { Db } from '@/db/client';
import type { Actor } from '@/lib/auth/permissions';
import type { LibContext } from '@/lib/context';

/** The LibContext a test hands a lib entry point: its database, who acts, and (unless pinned) the real clock. */
export function ctxOf(db: Db, actor: Actor | null, extra: Partial<Omit<LibContext, 'db' | 'actor'>> = {}): LibContext {
  return { db, actor, requestAddress: null, now: new Date(), ...extra };
}
