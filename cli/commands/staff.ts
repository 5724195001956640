import type { Command } from 'commander';
import { count } from 'drizzle-orm';
import { openDatabase, type Database } from '@/db/client';
import { staff } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { ROLES } from '@/lib/auth/roles';
import type { LibContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { addStaff, bootstrapFirstAdmin, disableStaff, findStaffByEmail, type AddedStaff } from '@/lib/staff/manage';
import { addStaffSchema } from '@/lib/staff/schemas';
import { actorOption, cliActor } from '../actor';
import { promptSecret } from '../prompt';

type OpenDatabase = () => Promise<Database>;

/**
 * `staff add` and `staff disable`, acting as an admin (`--as`). The one exception is the very
 * first member: while there are no staff at all, `staff add --role admin` needs no `--as` and is
 * audited as system:bootstrap.
 */
export function registerStaff(program: Command, openDb: OpenDatabase = () => openDatabase()): void {
  const group = program.command('staff').description('manage staff accounts');

  actorOption(
    group
      .command('add')
      .description('add a staff member (prompts for the password on a terminal unless --password is given)')
      .requiredOption('--email <email>', 'their email, used to sign in')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
      .option('--name <name>', 'their name')
      .option('--password <password>', 'their initial password (at least 12 characters)'),
  ).action(async (opts: { email: string; role: string; name?: string; password?: string; as?: string }) => {
    const password = opts.password ?? (await askPassword());
    const input = parseOrExplain({ email: opts.email, role: opts.role, name: opts.name, password });
    await withDatabase(openDb, async ({ db }) => {
      const added = (await isBootstrap(db, opts.as))
        ? await bootstrapFirstAdmin(cliContext(db, null), input)
        : await addStaff(cliContext(db, await cliActor(db, opts.as, 'staff:manage')), input);
      report(added);
    });
  });

  actorOption(
    group
      .command('disable')
      .description('disable a staff member: their sessions end at once and they can no longer sign in')
      .requiredOption('--email <email>', 'the member to disable')
      .requiredOption('--reason <text>', 'why, for the audit log'),
  ).action(async (opts: { email: string; reason: string; as?: string }) => {
    await withDatabase(openDb, async ({ db }) => {
      const actor = await cliActor(db, opts.as, 'staff:manage');
      const member = await findStaffByEmail(db, opts.email);
      await disableStaff(cliContext(db, actor), { staffId: member.id, reason: opts.reason });
      process.stdout.write(`disabled ${member.email}\n`);
    });
  });
}

/** The LibContext of one CLI command: no request address, the clock now. */
function cliContext(db: Database['db'], actor: Actor | null): LibContext {
  return { db, actor, requestAddress: null, now: new Date() };
}

async function withDatabase(openDb: OpenDatabase, fn: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDb();
  try {
    await fn(database);
  } finally {
    await database.close();
  }
}

/** Bootstrap applies only without --as and only while the staff table is empty. */
async function isBootstrap(db: Database['db'], as: string | undefined): Promise<boolean> {
  if (as ?? process.env.LOOKOUT_AS) return false;
  const [{ n }] = (await db.select({ n: count() }).from(staff)) as [{ n: number }];
  return n === 0;
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new DomainError('invalid_input', 'give --password, or run on a terminal to be prompted for it');
  const first = await promptSecret('Password for the new member: ');
  const second = await promptSecret('Same password again: ');
  if (first !== second) throw new DomainError('invalid_input', 'the two passwords differ');
  return first;
}

function parseOrExplain(input: unknown) {
  const parsed = addStaffSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new DomainError('invalid_input', `--${String(issue.path[0] ?? 'input')}: ${issue.message}`);
}

function report(added: AddedStaff): void {
  process.stdout.write(`added ${added.role} ${added.email} (${added.id})\n`);
  if (added.initialPassword) {
    process.stdout.write(`one-time password: ${added.initialPassword} (shown once; must be changed at first sign-in)\n`);
  }
}
