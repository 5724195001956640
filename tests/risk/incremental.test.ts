import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, rolledBack, type Database, type Db } from '@/db/client';
import { generatePopulation } from '@/lib/generate';
import { loadGeneratedPopulation } from '@/lib/generate/load';
import { importPlatformData } from '@/lib/import';
import { purgeOlderThan } from '@/lib/retention/purge';
import { scoreAll } from '@/lib/risk/score';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account as accountRow, accounts, blocks, contacts, conversation, reports } from '../helpers/fixtures';
import { ADMIN } from './graph';

const DAY = 86_400_000;
/** The generator observes its population at this moment; the first full run judges it then. */
const FIRST = new Date('2026-11-01T00:00:00Z');
/** The import comes 10 days later: birthdays pass, conversations, blocks and reports leave the window. */
const LATER = new Date(FIRST.getTime() + 10 * DAY);
/** Where the one-year scoring window starts for each run. */
const FIRST_WINDOW = new Date(FIRST.getTime() - 365 * DAY);
const LATER_WINDOW = new Date(LATER.getTime() - 365 * DAY);

const before = (time: Date, days: number) => new Date(time.getTime() - days * DAY);
const dateOnly = (time: Date) => time.toISOString().slice(0, 10);

/**
 * Accounts whose signals change with time alone between the two runs, none of them touched by the
 * import: a groomer whose targets turn 18, one whose conversations leave the window, one whose
 * blocks do, one whose reports do, and an adult who turns 19, three years older than the 16-year-olds
 * it writes to (an adult before and after: only its conversations with minors gain edges).
 */
async function plantTimeCases(database: Database): Promise<void> {
  const kids = (prefix: string, birthdate: string) =>
    Array.from({ length: 6 }, (_, i) => accountRow(`${prefix}-${i}`, birthdate, { deviceCluster: `dev-${prefix}-${i}` }));
  // 18 five days after the first run: minors then, adults at the second.
  const turning18 = kids('tc-band-kid', `${Number(dateOnly(FIRST).slice(0, 4)) - 18}${dateOnly(new Date(FIRST.getTime() + 5 * DAY)).slice(4)}`);
  const twelve = (prefix: string) => kids(prefix, `${Number(dateOnly(FIRST).slice(0, 4)) - 12}-03-03`);
  const windowKids = twelve('tc-window-kid');
  const blockers = twelve('tc-blocker');
  const adults = ['tc-band-groomer', 'tc-window-groomer', 'tc-blocked', 'tc-reported'].map((id) =>
    accountRow(id, '1984-04-04', { deviceCluster: `dev-${id}` }),
  );
  const sixteens = kids('tc-aging-kid', `${Number(dateOnly(FIRST).slice(0, 4)) - 16}-03-03`);
  const agingAdult = accountRow('tc-aging-adult', `${Number(dateOnly(FIRST).slice(0, 4)) - 19}${dateOnly(new Date(FIRST.getTime() + 5 * DAY)).slice(4)}`, {
    deviceCluster: 'dev-tc-aging-adult',
  });
  // An adult talking with adults too: those conversations hold no edge before or after its birthday.
  const agingFriends = ['tc-aging-friend-0', 'tc-aging-friend-1'].map((id) => accountRow(id, '1990-02-02', { deviceCluster: `dev-${id}` }));
  await database.db.insert(accounts).values([...turning18, ...windowKids, ...blockers, ...adults, ...sixteens, agingAdult, ...agingFriends]);
  const talk = (from: string, to: string, lastContactAt: Date) =>
    conversation(from, to, { firstContactAt: before(lastContactAt, 90), lastContactAt, messagesFromInitiator: 40, messagesFromRecipient: 10, mediaFromRecipient: 1 });
  await database.db.insert(contacts).values([
    ...turning18.map((kid) => talk('tc-band-groomer', kid.accountId, before(FIRST, 3))),
    // In the window at the first run (365 days), out of it ten days later.
    ...windowKids.map((kid) => talk('tc-window-groomer', kid.accountId, before(FIRST, 360))),
    ...sixteens.map((kid) => talk('tc-aging-adult', kid.accountId, before(FIRST, 3))),
    ...agingFriends.map((friend) => talk('tc-aging-adult', friend.accountId, before(FIRST, 3))),
  ]);
  await database.db.insert(blocks).values(blockers.map((kid) => ({ blockerId: kid.accountId, blockedId: 'tc-blocked', blockedAt: before(FIRST, 362) })));
  await database.db.insert(reports).values(
    blockers.slice(0, 3).map((kid, i) => ({
      reportId: `tc-report-${i}`,
      reporterId: kid.accountId,
      reportedId: 'tc-reported',
      category: 'grooming' as const,
      description: 'asked me to send a pic',
      createdAt: before(FIRST, 361),
      source: 'user' as const,
    })),
  );
}

const iso = (time: Date) => time.toISOString().replace('.000Z', 'Z');
const daysBefore = (days: number) => iso(new Date(LATER.getTime() - days * DAY));

/** Every stored score and signal, as comparable rows (run ids and clocks left out: they differ by design). */
async function storedState(database: Database) {
  return stateOf(database.db);
}

async function stateOf(db: Db) {
  const scores = await queryRows<Record<string, unknown>>(
    db,
    sql`select account_id, score, claimed_age, claimed_band::text, likely_band::text, patterns::text, quiet, weight_version
      from risk_scores order by account_id`,
  );
  const signals = await queryRows<Record<string, unknown>>(
    db,
    sql`select account_id, code, weight, value, evidence, pattern::text, details::text from risk_signals order by account_id, code`,
  );
  // The ages the run kept for the next incremental one (lib/risk/score.ts).
  const ages = await queryRows<Record<string, unknown>>(
    db,
    sql`select account_id, device_cluster, claimed_age, judged_age, age_factor, is_minor, younger_by from risk_account_ages order by account_id`,
  );
  // The minor–older edges it kept (lib/risk/signals.ts).
  const edges = await queryRows<Record<string, unknown>>(
    db,
    sql`select older_id, minor_id, minor_age, older_initiated, msgs_older, msgs_minor, media_minor, first_at::text, last_at::text
      from risk_kept_edges order by older_id, minor_id`,
  );
  return { scores, signals, ages, edges };
}

/** What a full re-score at `asOf` would store, in a transaction rolled back afterwards (the stored state stays as it is). */
async function fullStateOf(database: Database, asOf: Date) {
  return rolledBack(database.db, async (tx) => {
    await scoreAll(ctxOf(tx, ADMIN, { now: asOf }));
    return stateOf(tx);
  });
}

function csv(rows: Record<string, string | number | null>[]): string {
  const columns = Object.keys(rows[0]!);
  return [columns.join(','), ...rows.map((row) => columns.map((column) => row[column] ?? '').join(','))].join('\n') + '\n';
}

/**
 * Incremental re-scoring after an import equals a full re-score of the same state, for every
 * stored score and signal: a generated population scored in full, then a day's import ten days
 * later (new accounts, one on a minor's device; new and longer conversations; blocks; reports of
 * grooming, of cues and of age misrepresentation; a birthdate moved younger) while birthdays cross
 * age bands and conversations, blocks and reports leave the window.
 */
describe(`incremental re-score on ${testEngine()}`, () => {
  let database: Database;
  let root: string;
  let first: Awaited<ReturnType<typeof storedState>>;
  beforeAll(async () => {
    database = await openTestDatabase();
    root = await mkdtemp(path.join(tmpdir(), 'lookout-incremental-'));
    await generatePopulation({ out: path.join(root, 'population'), accounts: 3000, seed: 'incremental', now: FIRST });
    await loadGeneratedPopulation(database, path.join(root, 'population'));
    await plantTimeCases(database);
    await scoreAll(ctxOf(database.db, ADMIN, { now: FIRST }));
    first = await storedState(database);
    // Generating, loading and scoring 3,000 accounts takes a while on PGlite.
  }, 300_000);
  afterAll(async () => {
    await database?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('gives every account the scores and signals a full re-score gives', async () => {
    const { db } = database;
    // What time alone changes between the two runs, so the comparison covers each kind.
    const [moved] = await queryRows<{ bands: number; contacts: number; blocks: number; reports: number }>(
      db,
      sql`select
        (select count(*) from accounts
          where date_part('year', age(${iso(LATER)}::date, claimed_birthdate)) in (13, 16, 18)
            and date_part('year', age(${iso(FIRST)}::date, claimed_birthdate)) < date_part('year', age(${iso(LATER)}::date, claimed_birthdate)))::int as bands,
        (select count(*) from contacts where last_contact_at > ${iso(FIRST_WINDOW)}::timestamptz and last_contact_at <= ${iso(LATER_WINDOW)}::timestamptz)::int as contacts,
        (select count(*) from blocks where blocked_at > ${iso(FIRST_WINDOW)}::timestamptz and blocked_at <= ${iso(LATER_WINDOW)}::timestamptz)::int as blocks,
        (select count(*) from reports where created_at > ${iso(FIRST_WINDOW)}::timestamptz and created_at <= ${iso(LATER_WINDOW)}::timestamptz)::int as reports`,
    );
    expect(moved!.bands).toBeGreaterThan(0);
    expect(moved!.contacts).toBeGreaterThan(0);

    const minors = await queryRows<{ account_id: string; device_cluster: string; claimed_birthdate: string }>(
      db,
      sql`select account_id, device_cluster, claimed_birthdate::text from accounts
        where claimed_birthdate between ${iso(LATER)}::date - interval '16 years' and ${iso(LATER)}::date - interval '11 years'
          and age_assurance = 'none' and device_cluster is not null
        order by md5(account_id) limit 8`,
    );
    const [adult] = await queryRows<{ account_id: string; claimed_birthdate: string }>(
      db,
      sql`select a.account_id, a.claimed_birthdate::text from accounts a
        where a.claimed_birthdate < ${iso(LATER)}::date - interval '30 years' and a.age_assurance = 'none'
          and exists (select 1 from contacts c where c.account_lo = a.account_id or c.account_hi = a.account_id)
        order by md5(a.account_id) limit 1`,
    );
    const [conversation] = await queryRows<Record<string, string | number>>(
      db,
      sql`select c.initiator_id, c.recipient_id, c.first_contact_at, c.messages_from_initiator, c.messages_from_recipient,
          c.media_from_initiator, c.media_from_recipient
        from contacts c join accounts i on i.account_id = c.initiator_id join accounts r on r.account_id = c.recipient_id
        where i.claimed_birthdate < ${iso(LATER)}::date - interval '25 years' and r.claimed_birthdate > ${iso(LATER)}::date - interval '15 years'
        order by md5(c.account_lo || c.account_hi) limit 1`,
    );
    expect(minors).toHaveLength(8);
    const kid = (i: number) => minors[i]!.account_id;
    const account = (id: string, birthdate: string, device: string) => ({
      account_id: id,
      username: id,
      display_name: id,
      claimed_birthdate: birthdate,
      created_at: daysBefore(20),
      country: 'GB',
      age_assurance: 'none',
      device_cluster: device,
      status: 'active',
    });
    const talk = (from: string, to: string, fromInitiator: number, fromRecipient: number, mediaFromRecipient = 0) => ({
      initiator_id: from,
      recipient_id: to,
      first_contact_at: daysBefore(15),
      last_contact_at: daysBefore(1),
      messages_from_initiator: fromInitiator,
      messages_from_recipient: fromRecipient,
      media_from_initiator: 0,
      media_from_recipient: mediaFromRecipient,
    });
    const movedBirthdate = `${Number(LATER.toISOString().slice(0, 4)) - 14}${adult!.claimed_birthdate.slice(4)}`;
    const edits = path.join(root, 'edits');
    await mkdir(edits);
    await writeFile(
      path.join(edits, 'accounts.csv'),
      csv([
        // A new adult on a minor's device, and a new child.
        account('inc-adult', '1990-05-05', minors[0]!.device_cluster),
        account('inc-kid', `${Number(LATER.toISOString().slice(0, 4)) - 12}-02-02`, 'inc-kid-phone'),
        // An adult with conversations now claims to be 14.
        { ...account(adult!.account_id, movedBirthdate, `dev-${adult!.account_id}`), created_at: '2020-01-01T00:00:00Z' },
      ]),
    );
    await writeFile(
      path.join(edits, 'birthdate_changes.csv'),
      csv([{ account_id: adult!.account_id, changed_at: daysBefore(5), old_birthdate: adult!.claimed_birthdate, new_birthdate: movedBirthdate }]),
    );
    await writeFile(
      path.join(edits, 'contacts.csv'),
      csv([
        ...[1, 2, 3, 4, 5, 6].map((i) => talk('inc-adult', kid(i), 40, 8, i <= 3 ? 2 : 0)),
        talk('inc-kid', kid(1), 12, 9),
        talk(adult!.account_id, kid(7), 30, 6),
        // A conversation that was already there goes on.
        {
          ...conversation!,
          first_contact_at: iso(new Date(String(conversation!.first_contact_at))),
          last_contact_at: daysBefore(2),
          messages_from_initiator: Number(conversation!.messages_from_initiator) + 150,
          media_from_recipient: Number(conversation!.media_from_recipient) + 3,
        },
      ]),
    );
    await writeFile(
      path.join(edits, 'blocks.csv'),
      csv([1, 2, 3].map((i) => ({ blocker_id: kid(i), blocked_id: 'inc-adult', blocked_at: daysBefore(1) }))),
    );
    await writeFile(
      path.join(edits, 'reports.csv'),
      csv([
        { report_id: 'inc-r1', reporter_id: kid(1), reported_id: 'inc-adult', category: 'grooming', description: 'asked me to send a pic', created_at: daysBefore(1), source: 'user' },
        { report_id: 'inc-r2', reporter_id: kid(2), reported_id: 'inc-adult', category: 'other', description: 'wants to meet me after school', created_at: daysBefore(1), source: 'user' },
        { report_id: 'inc-r3', reporter_id: kid(6), reported_id: kid(7), category: 'age_misrepresentation', description: 'not really a kid', created_at: daysBefore(1), source: 'user' },
      ]),
    );

    await importPlatformData(ctxOf(db, ADMIN, { now: LATER }), { dir: edits });
    const [run] = await queryRows<{ scope: string; subjects: number }>(db, sql`select scope, subjects from risk_runs order by id desc limit 1`);
    expect(run).toMatchObject({ scope: 'accounts' });
    expect(run!.subjects).toBeLessThan(1500);
    const incremental = await storedState(database);
    expect(incremental.signals.some((s) => s.account_id === 'inc-adult')).toBe(true);

    await scoreAll(ctxOf(db, ADMIN, { now: LATER }));
    const full = await storedState(database);
    // Time alone changed these (so the dirty set had to find them), and the import touched none of them.
    const signalsOf = (state: typeof full, id: string) => state.signals.filter((s) => s.account_id === id).map((s) => `${String(s.code)} ${String(s.weight)}`);
    for (const id of ['tc-band-groomer', 'tc-window-groomer', 'tc-blocked', 'tc-reported']) {
      expect(signalsOf(first, id), id).not.toEqual([]);
      expect(signalsOf(full, id), id).not.toEqual(signalsOf(first, id));
    }
    expect(signalsOf(first, 'tc-aging-adult')).toEqual([]);
    expect(signalsOf(full, 'tc-aging-adult')).not.toEqual([]);
    expect(incremental.scores).toEqual(full.scores);
    expect(incremental.signals).toEqual(full.signals);
    expect(incremental.edges).toEqual(full.edges);
    expect(full.edges.length).toBeGreaterThan(100);
    // The comparison spans the contact, block, report and age signals, not just a few.
    const codes = new Set(full.signals.map((s) => String(s.code)));
    for (const code of ['contacted_younger_minors', 'blocked_by_minors', 'grooming_reports', 'device_shared_with_adult', 'birthdate_moved_younger']) {
      expect(codes).toContain(code);
    }
  }, 300_000);
  it('keeps equalling a full re-score over several incremental imports: device moves, an age check, new links, time', async () => {
    const { db } = database;
    // Builds on the state the first test left (a full run at LATER).
    const accountCsv = async (id: string, changes: Record<string, string>) => {
      const [row] = await queryRows<Record<string, string | null>>(
        db,
        sql`select account_id, username, display_name, claimed_birthdate::text, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
            country, age_assurance::text, device_cluster, status::text from accounts where account_id = ${id}`,
      );
      return { ...row!, ...changes };
    };
    const kids = await queryRows<{ account_id: string; device_cluster: string }>(
      db,
      sql`select a.account_id, a.device_cluster from accounts a
        where a.claimed_birthdate between ${iso(LATER)}::date - interval '15 years' and ${iso(LATER)}::date - interval '12 years'
          and a.age_assurance = 'none' and a.device_cluster is not null
          and exists (select 1 from contacts c where c.account_lo = a.account_id or c.account_hi = a.account_id)
        order by md5(a.account_id || 'again') limit 8`,
    );
    const grown = await queryRows<{ account_id: string; device_cluster: string }>(
      db,
      sql`select a.account_id, a.device_cluster from accounts a
        where a.claimed_birthdate < ${iso(LATER)}::date - interval '25 years' and a.device_cluster is not null
          and exists (select 1 from contacts c where c.account_lo = a.account_id or c.account_hi = a.account_id)
        order by md5(a.account_id || 'again') limit 2`,
    );
    // The targets of inc-adult (planted by the first test) who do not know each other yet.
    const targets = await queryRows<{ id: string }>(
      db,
      sql`select recipient_id as id from contacts where initiator_id = 'inc-adult' order by recipient_id`,
    );
    expect(kids).toHaveLength(8);
    expect(grown).toHaveLength(2);
    expect(targets.length).toBeGreaterThanOrEqual(4);
    const at = (time: Date, days: number) => iso(new Date(time.getTime() - days * DAY));
    const talk = (from: string, to: string, when: Date, fromInitiator: number, fromRecipient: number) => ({
      initiator_id: from,
      recipient_id: to,
      first_contact_at: at(when, 3),
      last_contact_at: at(when, 1),
      messages_from_initiator: fromInitiator,
      messages_from_recipient: fromRecipient,
      media_from_initiator: 0,
      media_from_recipient: 0,
    });
    const kidRow = await accountCsv(kids[6]!.account_id, {});
    const days: { asOf: Date; files: Record<string, Record<string, string | number | null>[]> }[] = [
      {
        // Three days on: a child moves onto an adult's device, the new adult moves off a child's
        // device, a child's age check says adult.
        asOf: new Date(LATER.getTime() + 3 * DAY),
        files: {
          accounts: [
            await accountCsv(kids[0]!.account_id, { device_cluster: grown[0]!.device_cluster }),
            await accountCsv('inc-adult', { device_cluster: 'inc-adult-phone' }),
            await accountCsv(kids[1]!.account_id, { age_assurance: 'adult' }),
            { ...(await accountCsv(grown[0]!.account_id, {})), account_id: 'inc-pest', username: 'inc-pest', device_cluster: 'inc-pest-phone' },
            ...['inc-kid-a', 'inc-kid-b'].map((id) => ({ ...kidRow, account_id: id, username: id, device_cluster: `${id}-phone` })),
          ],
          // An adult with two younger contacts, blocked by both: sampled for the community test without
          // being a volume candidate (so not re-scored when the population's share of minors moves).
          contacts: ['inc-kid-a', 'inc-kid-b'].map((id) => talk('inc-pest', id, new Date(LATER.getTime() + 3 * DAY), 30, 2)),
          blocks: ['inc-kid-a', 'inc-kid-b'].map((id) => ({ blocker_id: id, blocked_id: 'inc-pest', blocked_at: at(new Date(LATER.getTime() + 3 * DAY), 1) })),
        },
      },
      {
        // A month on: conversations, blocks and reports leave the window, birthdays cross bands; a
        // child moves back off the adult's device; an adult starts writing to children.
        asOf: new Date(LATER.getTime() + 33 * DAY),
        files: {
          accounts: [await accountCsv(kids[0]!.account_id, { device_cluster: kids[0]!.device_cluster })],
          contacts: [
            ...[2, 3, 4, 5].map((i) => talk(grown[1]!.account_id, kids[i]!.account_id, new Date(LATER.getTime() + 33 * DAY), 60, 4)),
            // Dated after this day's as-of time (the platform's clock ahead of ours): it enters the window at the next run,
            // which does not import it.
            talk(grown[0]!.account_id, kids[4]!.account_id, new Date(LATER.getTime() + 38 * DAY), 25, 3),
          ],
          blocks: [{ blocker_id: kids[2]!.account_id, blocked_id: grown[1]!.account_id, blocked_at: at(new Date(LATER.getTime() + 33 * DAY), 1) }],
        },
      },
      {
        // Another week: one report, and two of inc-adult's targets and the two children who blocked
        // inc-pest start talking (inc-adult and inc-pest are not touched: their community tests read
        // those conversations); time alone moves the rest.
        asOf: new Date(LATER.getTime() + 40 * DAY),
        files: {
          contacts: [
            talk(targets[0]!.id, targets[1]!.id, new Date(LATER.getTime() + 40 * DAY), 7, 6),
            talk('inc-kid-a', 'inc-kid-b', new Date(LATER.getTime() + 40 * DAY), 7, 6),
          ],
          reports: [
            {
              report_id: 'inc-r4',
              reporter_id: kids[3]!.account_id,
              reported_id: grown[1]!.account_id,
              category: 'grooming',
              description: 'asked me to send a pic',
              created_at: at(new Date(LATER.getTime() + 40 * DAY), 1),
              source: 'user',
            },
          ],
        },
      },
      {
        // A day later: the platform corrects one of inc-adult's old conversations (the child never
        // answered); its last contact does not move, so only the import's own record of the pair finds it.
        asOf: new Date(LATER.getTime() + 41 * DAY),
        files: {
          contacts: [
            {
              initiator_id: 'inc-adult',
              recipient_id: targets[2]!.id,
              first_contact_at: at(LATER, 15),
              last_contact_at: at(LATER, 1),
              messages_from_initiator: 40,
              messages_from_recipient: 0,
              media_from_initiator: 0,
              media_from_recipient: 0,
            },
          ],
        },
      },
    ];
    const signalsByDay: string[][] = [];
    const adultSignalsByDay: string[][] = [];
    for (const [i, day] of days.entries()) {
      const dir = path.join(root, `again-${i}`);
      await mkdir(dir);
      for (const [name, rows] of Object.entries(day.files)) await writeFile(path.join(dir, `${name}.csv`), csv(rows));
      await importPlatformData(ctxOf(db, ADMIN, { now: day.asOf }), { dir });
      const [run] = await queryRows<{ scope: string; kept_ages: boolean; timings: Record<string, number> | null }>(
        db,
        sql`select scope, kept_ages, timings from risk_runs order by id desc limit 1`,
      );
      expect(run, `import ${i}`).toMatchObject({ scope: 'accounts', kept_ages: true });
      expect(Object.keys(run!.timings ?? {})).toContain('scope: moved');
      const incremental = await storedState(database);
      const full = await fullStateOf(database, day.asOf);
      expect(incremental.ages, `ages after import ${i}`).toEqual(full.ages);
      expect(incremental.edges, `kept edges after import ${i}`).toEqual(full.edges);
      expect(incremental.scores, `scores after import ${i}`).toEqual(full.scores);
      expect(incremental.signals, `signals after import ${i}`).toEqual(full.signals);
      const signalsOf = (id: string) => incremental.signals.filter((row) => row.account_id === id).map((row) => `${String(row.code)} ${String(row.value)} ${String(row.weight)}`);
      signalsByDay.push(signalsOf('inc-pest'));
      adultSignalsByDay.push(signalsOf('inc-adult'));
    }
    // The children who blocked inc-pest came to know each other: its block signal weighs less.
    expect(signalsByDay[2]).not.toEqual(signalsByDay[1]);
    // The corrected conversation counts no longer as answered.
    expect(adultSignalsByDay[3]).not.toEqual(adultSignalsByDay[2]);
  }, 300_000);
  it('re-scores everyone at the next import once retention deleted rows', async () => {
    const { db } = database;
    // Builds on the state the second test left (an incremental run at LATER + 41 days).
    const asOf = new Date(LATER.getTime() + 42 * DAY);
    const purge = (olderThanDays: number) => purgeOlderThan(ctxOf(db, ADMIN, { now: asOf }), { olderThanDays });
    // Nothing old enough: the kept state stays.
    const none = await purge(5000);
    expect(none.deleted).toEqual({ contacts: 0, blocks: 0, reports: 0 });
    expect(none.fullRescoreNext).toBe(false);
    // Older than the window, but who knows whom is not bounded by it: the community tests read them.
    const old = await purge(400);
    expect(old.deleted.contacts).toBeGreaterThan(0);
    expect(old.fullRescoreNext).toBe(true);
    const dir = path.join(root, 'after-purge');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'reports.csv'),
      csv([{ report_id: 'inc-r5', reporter_id: 'inc-kid-a', reported_id: 'inc-pest', category: 'grooming', description: 'asked for a pic', created_at: iso(asOf), source: 'user' }]),
    );
    await importPlatformData(ctxOf(db, ADMIN, { now: asOf }), { dir });
    const [run] = await queryRows<{ scope: string }>(db, sql`select scope from risk_runs order by id desc limit 1`);
    expect(run!.scope).toBe('full');
    const after = await storedState(database);
    const full = await fullStateOf(database, asOf);
    expect(after.edges).toEqual(full.edges);
    expect(after.scores).toEqual(full.scores);
    expect(after.signals).toEqual(full.signals);
  }, 300_000);
});
