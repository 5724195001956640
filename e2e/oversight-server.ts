/**
 * A second Lookout server for e2e/oversight.spec.ts, on OVERSIGHT_PORT (E2E_PORT + 1), over a
 * database of its own that the spec may break: staff with one admin (so the last-admin rule
 * applies), a log of moderators' decisions over three past days, a verification of the chain
 * recorded by an admin, then more entries, one of which is altered as the tables' owner with the
 * append-only trigger disabled — what an insider could do. The chain badge must find it.
 *
 * PGlite by default (the folder is set up before the server opens it: one process at a time), or
 * with LOOKOUT_E2E_ENGINE=postgres a fresh `lookout_e2e_<port>` database, the server connecting as
 * lookout_app. Prints OVERSIGHT_SEED <json> (the seqs the spec looks for) before serving.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { accounts } from '@/db/schema';
import { auditAnchorFromEnv, DEFAULT_KEY_FILE, generateAuditKey } from '@/lib/audit/anchor-config';
import { verifyAnchoredAudit } from '@/lib/audit/anchored';
import { appendAudit, type AuditInput } from '@/lib/audit/log';
import type { StaffActor } from '@/lib/auth/session';
import { e2eEngine, e2eServeEnv, freshE2eDatabase, resetE2eEnvironment } from '@/scripts/e2e-database';
import { OVERSIGHT_STAFF, oversightDays } from './oversight-seed';
import { seedE2eStaff } from './seed';

const port = Number(process.env.OVERSIGHT_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1);
const dataDir = resetE2eEnvironment(port);

const databaseUrl = e2eEngine() === 'postgres' ? await freshE2eDatabase(port) : undefined;
const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
const { db } = database;
await seedE2eStaff(db, Object.values(OVERSIGHT_STAFF));
const people = await db.execute(sql`select id::text as id, email, role::text as role from staff`);
const actorOf = (email: string): StaffActor => {
  const row = (people as unknown as { rows: { id: string; email: string; role: StaffActor['role'] }[] }).rows.find((r) => r.email === email)!;
  return { type: 'staff', id: row.id, email: row.email, role: row.role };
};
const admin = actorOf(OVERSIGHT_STAFF.admin.email);
const maya = actorOf(OVERSIGHT_STAFF.maya.email);
const omar = actorOf(OVERSIGHT_STAFF.omar.email);
await db.execute(sql`update staff set name = 'Maya Lindqvist' where id = ${maya.id}::uuid`);
await db.execute(sql`update staff set name = 'Omar Haddad' where id = ${omar.id}::uuid`);

const days = oversightDays(new Date());
const at = (day: string, time: string) => new Date(`${day}T${time}:00Z`);
const append = (input: AuditInput) => db.transaction((tx) => appendAudit(tx, input));
const decision = (actor: StaffActor, action: 'triage.resolve' | 'triage.dismiss', item: string, account: string, when: Date, reason: string, accountAction?: string) =>
  append({
    actor,
    action,
    targetType: 'queue_item',
    targetId: item,
    changes: { reportedId: account, from: 'in_review', to: action === 'triage.resolve' ? 'resolved' : 'dismissed', ...(accountAction ? { accountAction } : {}) },
    reason,
    at: when,
  });

const item = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const seeded: Record<string, number> = {};
await decision(maya, 'triage.resolve', item(1), 'acc_old', at(days.before, '09:00'), 'Grooming messages, an earlier case', 'warn');
await append({ actor: maya, action: 'triage.claim', targetType: 'queue_item', targetId: item(2), changes: { reportedId: 'acc_groomer', queueId: 'child-safety' }, at: at(days.day, '08:55') });
seeded.morning = (await decision(maya, 'triage.resolve', item(2), 'acc_groomer', at(days.day, '09:00'), 'Grooming messages to two minors', 'ban')).seq;
await decision(maya, 'triage.dismiss', item(3), 'acc_spam', at(days.day, '10:00'), 'Spam wave, no abuse');
await decision(omar, 'triage.resolve', item(4), 'acc_other', at(days.day, '11:00'), 'Grooming language, first warning', 'warn');
await append({ actor: maya, action: 'account.view', targetType: 'account', targetId: 'acc_groomer', at: at(days.day, '12:00') });
// Omar opens a child's account with no item or request behind it: access oversight flags it.
await db.insert(accounts).values({ accountId: 'acc_child', username: 'little_sky', claimedBirthdate: '2014-06-01', createdAt: at(days.before, '08:00') });
await append({ actor: omar, action: 'account.view', targetType: 'account', targetId: 'acc_child', at: at(days.day, '13:00') });
await append({ actor: omar, action: 'account.contacts.view', targetType: 'account', targetId: 'acc_child', at: at(days.day, '13:01') });
seeded.afternoon = (await decision(maya, 'triage.resolve', item(5), 'acc_groomer2', at(days.day, '14:00'), 'Grooming: asked a child to move to another app', 'suspend')).seq;

// An admin verifies the chain (recorded, with a signed checkpoint): the badge starts green.
await generateAuditKey(path.join(dataDir, DEFAULT_KEY_FILE));
// The server's own key and checkpoints, as it will find them.
const anchor = auditAnchorFromEnv({ ...process.env, ...e2eServeEnv(port, dataDir, databaseUrl) }, dataDir);
const verified = await verifyAnchoredAudit({ db, actor: admin, requestAddress: null, now: new Date() }, { anchor, mode: 'full' });
if (!verified.ok) throw new Error('the seeded chain did not verify');

// Later work, then an insider's edit of one entry behind the trigger's back.
await decision(omar, 'triage.dismiss', item(6), 'acc_later', at(days.after, '09:30'), 'Duplicate of an earlier report');
seeded.tampered = (await decision(omar, 'triage.resolve', item(7), 'acc_quiet', at(days.after, '10:30'), 'Harassment after a warning', 'ban')).seq;
await decision(maya, 'triage.dismiss', item(8), 'acc_fine', at(days.after, '11:30'), 'No breach found');
const owner = database.db;
await owner.transaction(async (tx) => {
  await tx.execute(sql`alter table audit_log disable trigger user`);
  await tx.execute(sql`update audit_log set changes = jsonb_set(changes, '{accountAction}', '"warn"') where seq = ${seeded.tampered}`);
  await tx.execute(sql`alter table audit_log enable trigger user`);
});
await database.close();
process.stdout.write(`OVERSIGHT_SEED ${JSON.stringify({ ...seeded, days })}\n`);

const server = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/serve.ts'], {
  env: { ...process.env, ...e2eServeEnv(port, dataDir, databaseUrl) },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 1));
