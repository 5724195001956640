import type { Db } from '@/db/client';
import type { Actor } from './auth/permissions';

/**
 * What every exported lib function is handed first: the database (or a transaction), who is
 * acting, where the request came from (for the audit), and the clock. Pages, server actions,
 * route handlers, the CLI and tests build one and pass it in, so lib never reaches for globals.
 * Input comes second, already parsed by the door's schema.
 */
export interface LibContext {
  db: Db;
  /** null only for the doors that run before anyone exists (the very first admin). */
  actor: Actor | null;
  requestAddress: string | null;
  now: Date;
}

/** The same context on another handle: a lib function passes `withDb(ctx, tx)` to helpers inside its transaction. */
export function withDb(ctx: LibContext, db: Db): LibContext {
  return { ...ctx, db };
}
