import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts, contacts } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { importPlatformData } from '@/lib/import';
import { confirmRisk } from '@/lib/risk/review';
import { flagReportId } from '@/lib/risk/ban-evasion-flags';
import { scoreAll } from '@/lib/risk/score';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account, conversation } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';
import { fileReports, itemOf } from '../triage/fixtures';

/**
 * Ban evasion (issue 15): an account banned for child safety comes back on the same phone. The
 * new account is a signal with its explanation, and it is in the child-safety queue the day the
 * import brings it — by a proactive flag, and with every report about it.
 */
describe(`ban evasion on ${testEngine()}`, () => {
  let database: Database;
  let admin: Actor;
  let moderator: Actor;
  let root: string;
  let bannedAt: Date;

  beforeAll(async () => {
    database = await openTestDatabase();
    admin = await makeStaff(database.db, 'admin');
    moderator = await makeStaff(database.db, 'moderator');
    root = await mkdtemp(path.join(tmpdir(), 'lookout-ban-evasion-'));
    const { db } = database;
    const kids = ['kid1', 'kid2', 'kid3', 'kid4', 'kid5'];
    await db.insert(accounts).values([
      account('groomer', '1985-03-01', { deviceCluster: 'phone-7' }),
      account('sister', '1990-01-01', { deviceCluster: 'phone-7', createdAt: new Date('2024-01-01T00:00:00Z') }),
      account('adult', '1980-01-01', { deviceCluster: 'phone-9' }),
      ...kids.map((id) => account(id, '2013-02-01')),
    ]);
    const recent = { firstContactAt: new Date(Date.now() - 40 * 86_400_000), lastContactAt: new Date(Date.now() - 86_400_000) };
    await db.insert(contacts).values(kids.map((kid) => conversation('groomer', kid, { ...recent, messagesFromInitiator: 90, messagesFromRecipient: 20 })));
    await scoreAll(ctxOf(db, admin));
    await confirmRisk(ctxOf(db, moderator), {
      accountId: 'groomer',
      patterns: ['adult_contacting_minors'],
      rationale: 'Writes first to five unrelated 12-year-olds, far more than they answer.',
      action: 'ban',
    });
    [{ created_at: bannedAt }] = await queryRows<{ created_at: Date }>(db, sql`select created_at from account_actions where account_id = 'groomer'`).then((rows) =>
      rows.map((row) => ({ created_at: new Date(row.created_at) })),
    );
  });
  afterAll(async () => {
    await database?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Imports accounts.csv with the given rows, as the nightly import would. */
  async function importAccounts(rows: string[][]) {
    const dir = await mkdtemp(path.join(root, 'import-'));
    const header = 'account_id,username,display_name,claimed_birthdate,created_at,country,age_assurance,device_cluster,status';
    await writeFile(path.join(dir, 'accounts.csv'), [header, ...rows.map((row) => row.join(','))].join('\n') + '\n');
    return importPlatformData(ctxOf(database.db, admin), { dir });
  }

  it('flags a new account on the banned account’s phone, explains it and puts it in the child-safety queue the day it appears', async () => {
    // The account is created after the ban and imported moments later (the run judges as of now).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const created = new Date().toISOString();
    expect(Date.parse(created)).toBeGreaterThan(bannedAt.getTime());
    await importAccounts([
      ['comeback', 'skater_16', '', '2010-05-05', created, 'GB', 'none', 'phone-7', 'active'],
      ['stranger', 'new_here', '', '1992-05-05', created, 'GB', 'none', 'phone-9', 'active'],
    ]);
    const [signal] = await queryRows<{ weight: number; evidence: string; details: { accounts?: string[] } | string }>(
      database.db,
      sql`select weight, evidence, details from risk_signals where account_id = 'comeback' and code = 'ban_evasion'`,
    );
    expect(signal?.weight).toBe(40);
    expect(signal?.evidence).toBe(
      `created on ${created.slice(0, 10)} on the device of groomer, banned for child safety on ${bannedAt.toISOString().slice(0, 10)} (a confirmed risk review)`,
    );
    // The proactive flag: an automated report, already routed to child safety.
    const item = await itemOf(database.db, 'comeback');
    expect(item.queue_id).toBe('child-safety');
    const [flag] = await queryRows<{ report_id: string; source: string; category: string; description: string }>(
      database.db,
      sql`select report_id, source, category, description from reports where reported_id = 'comeback'`,
    );
    expect(flag).toMatchObject({ report_id: flagReportId('comeback'), source: 'automated', category: 'other' });
    expect(flag?.description).toMatch(/^Ban evasion flagged by Lookout: created on /);
    const [entry] = await queryRows<{ actor_id: string; changes: unknown }>(
      database.db,
      sql`select actor_id, changes from audit_log where action = 'risk.ban_evasion_flag' order by seq desc limit 1`,
    );
    expect(entry?.actor_id).toBe('ban-evasion');
    // An adult new on another phone, and the sister who was on the banned phone before the ban, are not flagged.
    const others = await queryRows<{ account_id: string }>(
      database.db,
      sql`select account_id from risk_signals where code = 'ban_evasion' and account_id <> 'comeback'`,
    );
    expect(others).toEqual([]);
  });

  it('flags once: a later re-score adds no second report', async () => {
    await scoreAll(ctxOf(database.db, admin));
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from reports where reported_id = 'comeback'`);
    expect(row?.n).toBe(1);
  });

  it('routes any report about the evading account to child safety, even spam from an adult', async () => {
    await fileReports(database.db, 'stranger', [{ category: 'spam', reporterId: 'adult' }]);
    expect((await itemOf(database.db, 'stranger')).queue_id).toBe('everything-else');
    const result = await fileReports(database.db, 'comeback', [{ category: 'spam', reporterId: 'adult' }]);
    expect(result.byQueue).toEqual({ 'child-safety': 1 });
  });
});
