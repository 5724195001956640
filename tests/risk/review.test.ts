import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { contacts } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { listRiskAccounts, riskListQuery, riskListSchema } from '@/lib/risk/queries';
import { confirmRisk, dismissRisk, signalConfirmationRates } from '@/lib/risk/review';
import { scoreAll } from '@/lib/risk/score';
import { openTestDatabase, testEngine } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';
import { ADMIN, AS_OF, Graph, scoreGraph } from './graph';
import { ctxOf } from '../helpers/context';

/** Reviewing risk: confirm with flags and actions, dismiss until new evidence, the list, the rates. */
describe(`risk review on ${testEngine()}`, () => {
  let database: Database;
  let moderator: Actor & { type: 'staff' };
  const liaison: Actor = { type: 'staff', id: randomUUID(), email: 'liaison@test', role: 'liaison' };

  beforeAll(async () => {
    database = await openTestDatabase();
    moderator = await makeStaff(database.db, 'moderator');
  });
  afterAll(async () => database?.close());

  /** Three adults reaching strangers' children, of decreasing reach; one grooming report. */
  function population(extraKids = 0): Graph {
    const graph = new Graph();
    for (const [id, kids] of [['alpha', 9 + extraKids], ['bravo', 7], ['charlie', 5]] as const) {
      graph.person(id, id === 'alpha' ? { age: 17, check: 'adult' } : { age: 35 });
      for (const kid of graph.people(`${id}-kid`, kids, { age: 13 })) graph.talk(id, kid, { fromInitiator: 80, fromRecipient: 10 });
    }
    graph.report('bravo-kid1', 'bravo', 'grooming', 'asked me to send pics');
    return graph;
  }

  beforeEach(async () => {
    // What referrals are referenced by goes first (DELETE: lookout_app truncates no record table).
    for (const table of ['pattern_flags', 'risk_reviews', 'preservation_holds', 'account_actions', 'referrals']) {
      await database.db.execute(sql`delete from ${sql.identifier(table)}`);
    }
    await scoreGraph(database.db, population());
  });

  it('confirm creates a review, a flag per pattern, an account action and one audit entry', async () => {
    const before = await auditCount(database.db);
    const result = await confirmRisk(ctxOf(database.db, moderator), {
      accountId: 'bravo',
      patterns: ['adult_contacting_minors', 'image_solicitation'],
      rationale: 'Writes first to many unrelated 13-year-olds; a child reports requests for pictures.',
      rejectedSignals: ['lopsided_conversations'],
      action: 'suspend',
      referToLiaison: true,
    });
    expect(result.flags.map((f) => f.pattern).sort()).toEqual(['adult_contacting_minors', 'image_solicitation']);
    const [review] = await queryRows<{ confirmed_codes: string[] | string; rejected_codes: string[] | string }>(
      database.db,
      sql`select confirmed_codes, rejected_codes from risk_reviews where id = ${result.reviewId}`,
    );
    expect(String(review!.rejected_codes)).toMatch(/lopsided_conversations/);
    expect(String(review!.confirmed_codes)).toMatch(/contacted_younger_minors/);
    const referred = await queryRows<{ ground: string; status: string }>(
      database.db,
      sql`select ground, status from referrals where id = ${result.referralId} and account_id = 'bravo'`,
    );
    expect(referred).toEqual([{ ground: 'child_sexual_exploitation', status: 'open' }]);
    const actions = await queryRows<{ action: string }>(database.db, sql`select action from account_actions where account_id = 'bravo'`);
    expect(actions).toEqual([{ action: 'suspend' }]);
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await queryRows<{ action: string; target_id: string; reason: string }>(
      database.db,
      sql`select action, target_id, reason from audit_log order by seq desc limit 1`,
    );
    expect(entry).toMatchObject({ action: 'risk.confirm', target_id: 'bravo' });
  });

  it('refuses bad input and changes nothing', async () => {
    const before = await auditCount(database.db);
    await expect(confirmRisk(ctxOf(database.db, moderator), { accountId: 'bravo', patterns: [], rationale: 'long enough reason', action: 'none' })).rejects.toThrow(
      /at least one pattern/,
    );
    await expect(
      confirmRisk(ctxOf(database.db, moderator), { accountId: 'bravo', patterns: ['other'], rationale: 'long enough reason', rejectedSignals: ['made_up'], action: 'none' }),
    ).rejects.toThrow(/Not a signal of this account: made_up/);
    // No silent default: the form's untouched "Choose…" arrives empty and is refused.
    await expect(
      confirmRisk(ctxOf(database.db, moderator), { accountId: 'bravo', patterns: ['other'], rationale: 'long enough reason', action: '' as 'none' }),
    ).rejects.toThrow(/Choose an account action, or .{0,2}No action/);
    await expect(dismissRisk(ctxOf(database.db, moderator), { accountId: 'nobody', reason: 'long enough reason' })).rejects.toThrow(/no risk signals/);
    await expect(dismissRisk(ctxOf(database.db, moderator), { accountId: 'bravo', reason: 'short' })).rejects.toThrow(/at least 10/);
    expect(await auditCount(database.db)).toBe(before);
    expect(await queryRows(database.db, sql`select 1 from risk_reviews`)).toEqual([]);
  });

  it('only moderators and admins review', async () => {
    await expect(dismissRisk(ctxOf(database.db, liaison), { accountId: 'bravo', reason: 'long enough reason' })).rejects.toThrow(/may not risk:review/);
  });

  it('a dismissed account stays quiet until a signal grows', async () => {
    await dismissRisk(ctxOf(database.db, moderator), { accountId: 'alpha', reason: 'Known youth football organiser, checked with the club.' });
    const listed = async () => (await listRiskAccounts(ctxOf(database.db, moderator), { limit: 10 })).items.map((i) => i.accountId);
    expect(await listed()).not.toContain('alpha');
    // The same evidence, scored again: still quiet.
    await scoreAll(ctxOf(database.db, ADMIN), { asOf: AS_OF });
    expect(await listed()).not.toContain('alpha');
    // Two more children reached: new evidence, back on the list.
    for (const table of ['accounts', 'contacts', 'blocks', 'reports', 'birthdate_changes']) await database.db.execute(sql`delete from ${sql.identifier(table)}`);
    await population(2).save(database.db);
    await scoreAll(ctxOf(database.db, ADMIN), { asOf: AS_OF });
    expect(await listed()).toContain('alpha');
  });

  it('lists by score with keyset pages, filters by pattern, and audits each view', async () => {
    const first = await listRiskAccounts(ctxOf(database.db, moderator), { limit: 2 });
    expect(first.items.map((i) => i.accountId)).toEqual(['alpha', 'bravo']);
    expect(first.items[0]!.signals.map((s) => s.code)).toEqual(['contacted_younger_minors', 'age_check_adult', 'lopsided_conversations', 'prefers_younger_minors']);
    expect(first.items[0]).toMatchObject({ claimedBand: '16_17', likelyBand: 'adult', patterns: ['age_misrepresentation', 'adult_contacting_minors'] });
    const second = await listRiskAccounts(ctxOf(database.db, moderator), { limit: 2, after: first.next! });
    expect(second.items.map((i) => i.accountId)).toEqual(['charlie']);
    expect(second.next).toBeNull();
    const images = await listRiskAccounts(ctxOf(database.db, moderator), { patterns: ['image_solicitation'] });
    expect(images.items.map((i) => i.accountId)).toEqual(['bravo']);
    const [entry] = await queryRows<{ action: string }>(database.db, sql`select action from audit_log order by seq desc limit 1`);
    expect(entry?.action).toBe('risk.list');
  });

  it('reads a page of the list in rank-index order, without sorting every score', async () => {
    const first = await listRiskAccounts(ctxOf(database.db, moderator), { limit: 1 });
    for (const view of [{}, { after: first.next! }, { patterns: ['image_solicitation'] }]) {
      const plan = await database.db.transaction(async (tx) => {
        // The test population is tiny, so scanning and sorting would win on cost: take them off the
        // table. If the order did not match the index, PostgreSQL would have to sort anyway.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_sort = off`);
        const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${riskListQuery(riskListSchema.parse(view))}`);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      // Each row's own signals are sorted in a subplan; the page itself must come in index order.
      const page = plan.split('SubPlan')[0]!;
      expect(page).toContain('Index Scan using risk_scores_rank_idx');
      expect(page).not.toMatch(/\bSort\b/);
    }
  });

  it('reports how often each signal was confirmed', async () => {
    await confirmRisk(ctxOf(database.db, moderator), {
      accountId: 'bravo',
      patterns: ['adult_contacting_minors'],
      rationale: 'Pattern of contact with strangers’ children.',
      rejectedSignals: ['lopsided_conversations'],
      action: 'none',
    });
    await dismissRisk(ctxOf(database.db, moderator), { accountId: 'charlie', reason: 'Tutor with parental consent on file.' });
    const rates = await signalConfirmationRates(ctxOf(database.db, moderator));
    expect(rates.find((r) => r.code === 'contacted_younger_minors')).toEqual({ code: 'contacted_younger_minors', reviewed: 2, confirmed: 1, rate: 0.5 });
    expect(rates.find((r) => r.code === 'lopsided_conversations')).toMatchObject({ reviewed: 2, confirmed: 0 });
  });

  it('confirming again adds no second flag, and the list marks the account as reviewed', async () => {
    const input = { accountId: 'bravo', patterns: ['adult_contacting_minors' as const], rationale: 'Writes first to many unrelated children.', action: 'none' as const };
    const first = await confirmRisk(ctxOf(database.db, moderator), input);
    const again = await confirmRisk(ctxOf(database.db, moderator), { ...input, patterns: ['adult_contacting_minors', 'meeting_request'] });
    expect(first.flags.map((flag) => flag.pattern)).toEqual(['adult_contacting_minors']);
    expect(again.flags.map((flag) => flag.pattern)).toEqual(['meeting_request']);
    expect(again.alreadyFlagged).toEqual(['adult_contacting_minors']);
    const flags = await queryRows<{ pattern: string; n: number }>(
      database.db,
      sql`select pattern::text, count(*)::int as n from pattern_flags where account_id = 'bravo' group by pattern order by pattern`,
    );
    expect(flags).toEqual([
      { pattern: 'adult_contacting_minors', n: 1 },
      { pattern: 'meeting_request', n: 1 },
    ]);
    // The database itself refuses a second flag, whatever the caller.
    await expect(
      database.db.execute(sql`insert into pattern_flags (account_id, pattern, rationale, review_id, created_by)
                              select account_id, pattern, 'again', review_id, created_by from pattern_flags where account_id = 'bravo' limit 1`),
    ).rejects.toThrow();
    const listed = (await listRiskAccounts(ctxOf(database.db, moderator), { limit: 10 })).items;
    expect(listed.find((item) => item.accountId === 'bravo')?.lastReview).toMatchObject({ decision: 'confirm', reviewer: moderator.email });
    expect(listed.find((item) => item.accountId === 'charlie')?.lastReview).toBeNull();
  });

  it('re-scores only the accounts an import touched, and their neighbours', async () => {
    const { rescoreAccounts } = await import('@/lib/risk/score');
    const before = await queryRows<{ account_id: string; run_id: number }>(database.db, sql`select account_id, run_id::int as run_id from risk_scores order by 1`);
    await database.db.insert(contacts).values({
      accountLo: 'charlie',
      accountHi: 'zulu-kid',
      initiatorId: 'charlie',
      recipientId: 'zulu-kid',
      firstContactAt: new Date(AS_OF.getTime() - 5 * 86_400_000),
      lastContactAt: AS_OF,
      messagesFromInitiator: 50,
      messagesFromRecipient: 5,
    });
    await database.db.execute(sql`insert into accounts (account_id, username, claimed_birthdate, created_at) values ('zulu-kid', 'z', '2013-01-01', '2025-01-01')`);
    const result = await database.db.transaction((tx) => rescoreAccounts(tx, ['zulu-kid'], { asOf: AS_OF }));
    expect(result.scope).toBe('accounts');
    const after = await queryRows<{ account_id: string; run_id: number; value: number }>(
      database.db,
      sql`select s.account_id, s.run_id::int as run_id, g.value from risk_scores s join risk_signals g on g.account_id = s.account_id and g.code = 'contacted_younger_minors' order by 1`,
    );
    expect(after.find((r) => r.account_id === 'charlie')).toMatchObject({ run_id: result.runId, value: 6 });
    expect(after.find((r) => r.account_id === 'alpha')?.run_id).toBe(before.find((r) => r.account_id === 'alpha')?.run_id);
  });

  it('confirming with an account action resolves the account\'s open child-safety item and suspends the account', async () => {
    const { routeWaitingReports } = await import('@/lib/triage/routing');
    await routeWaitingReports(ctxOf(database.db, ADMIN));
    const itemOf = async () =>
      (await queryRows<{ id: string; status: string }>(database.db, sql`select id, status::text from queue_items where reported_id = 'bravo' and queue_id = 'child-safety'`))[0]!;
    expect((await itemOf()).status).toBe('open');
    const result = await confirmRisk(ctxOf(database.db, moderator), {
      accountId: 'bravo',
      patterns: ['image_solicitation'],
      rationale: 'A child reports requests for pictures.',
      action: 'suspend',
    });
    const item = await itemOf();
    expect(result.resolved).toEqual([item.id]);
    expect(item.status).toBe('resolved');
    const [event] = await queryRows<{ kind: string; account_action: string; reason: string }>(
      database.db,
      sql`select kind::text, account_action::text, reason from moderation_events where item_id = ${item.id} order by id desc limit 1`,
    );
    expect(event).toEqual({ kind: 'resolved', account_action: 'suspend', reason: `Confirmed on the risk page (risk review ${result.reviewId}): A child reports requests for pictures.` });
    const actions = await queryRows<{ action: string; source_type: string }>(database.db, sql`select action::text, source_type from account_actions where account_id = 'bravo'`);
    expect(actions).toEqual([{ action: 'suspend', source_type: 'risk_review' }]);
    const [account] = await queryRows<{ status: string }>(database.db, sql`select status::text from accounts where account_id = 'bravo'`);
    expect(account!.status).toBe('suspended');
  });
});
