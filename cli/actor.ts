import { and, eq, sql } from 'drizzle-orm';
import type { Command } from 'commander';
import type { Db } from '@/db/client';
import { staff } from '@/db/schema';
import { requirePermission, type Actor, type Permission } from '@/lib/auth/permissions';
import type { LibContext } from '@/lib/context';

/**
 * The staff member a CLI command acts as: `--as <email>` or LOOKOUT_AS. The CLI goes through
 * the same permission table as the web app; a disabled or unknown member is refused.
 */
export function actorOption(command: Command): Command {
  return command.option('--as <email>', 'staff member to act as (or set LOOKOUT_AS)');
}

export async function cliActor(db: Db, asEmail: string | undefined, permission: Permission): Promise<Actor & { type: 'staff' }> {
  const email = asEmail ?? process.env.LOOKOUT_AS;
  if (!email) throw new Error(`this command needs --as <email> (or LOOKOUT_AS) of a staff member allowed to ${permission}`);
  const [member] = await db
    .select({ id: staff.id, email: staff.email, role: staff.role })
    .from(staff)
    .where(and(eq(sql`lower(${staff.email})`, email.toLowerCase()), eq(staff.active, true)));
  if (!member) throw new Error(`no active staff member ${email}`);
  return requirePermission({ type: 'staff', ...member }, permission);
}

/** The LibContext a CLI command hands lib: the `--as` member checked for `permission`, no request address, the clock now. */
export async function cliContext(db: Db, asEmail: string | undefined, permission: Permission): Promise<LibContext & { actor: Actor & { type: 'staff' } }> {
  return { db, actor: await cliActor(db, asEmail, permission), requestAddress: null, now: new Date() };
}
