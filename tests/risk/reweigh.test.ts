import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import type { Actor } from '@/lib/auth/permissions';
import { confirmRisk, dismissRisk } from '@/lib/risk/review';
import { retractFlag } from '@/lib/risk/retract';
import { adoptWeights, loadWeightsOverview, prepareReweighting, signalReviewRates } from '@/lib/risk/reweigh';
import { scoreAll } from '@/lib/risk/score';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';
import { AS_OF, Graph, readScores, scoreGraph } from './graph';

/**
 * The precision loop (issue 15): moderators' confirmations raise a signal's weight in the
 * suggestion, the suggestion is evaluated on held-out populations, an admin adopts it as a new
 * weight version (audited), and the next scores carry that version. A flag can be retracted.
 */
describe(`re-weighting on ${testEngine()}`, () => {
  let database: Database;
  let admin: Actor;
  let moderator: Actor;
  let suggestionId: number;

  beforeAll(async () => {
    database = await openTestDatabase();
    admin = await makeStaff(database.db, 'admin');
    moderator = await makeStaff(database.db, 'moderator');
    // Eight adults, each writing first to six unrelated 13-year-olds, far more than they answer;
    // and five adults the police asked about in another matter (a law-enforcement report, nothing else).
    const graph = new Graph();
    for (let n = 1; n <= 8; n++) {
      graph.person(`adult${n}`, { age: 30 + n });
      for (const kid of graph.people(`a${n}-kid`, 6, { age: 13 })) graph.talk(`adult${n}`, kid, { fromInitiator: 80, fromRecipient: 10 });
    }
    for (let n = 1; n <= 5; n++) {
      graph.person(`enquiry${n}`, { age: 50 });
      graph.report(null, `enquiry${n}`, 'other', 'information request about a missing teenager', 'law_enforcement');
    }
    await scoreGraph(database.db, graph);
    // Before any review a suggestion would change nothing: refused at once, nothing evaluated or stored.
    const auditBefore = await auditCount(database.db);
    await expect(prepareReweighting(ctxOf(database.db, admin), { accounts: 600, populations: 1 })).rejects.toThrow(/move no signal's weight/);
    expect(await auditCount(database.db)).toBe(auditBefore);
    // Moderators confirm six of the adults, and dismiss the five enquiries.
    for (let n = 1; n <= 6; n++) {
      await confirmRisk(ctxOf(database.db, moderator), {
        accountId: `adult${n}`,
        patterns: ['adult_contacting_minors'],
        rationale: 'Writes first to six unrelated 13-year-olds out of nowhere.',
        action: 'none',
      });
    }
    for (let n = 1; n <= 5; n++) await dismissRisk(ctxOf(database.db, moderator), { accountId: `enquiry${n}`, reason: 'The police asked about someone else; nothing here.' });
  }, 60_000);
  afterAll(async () => database?.close());

  it('counts, per signal, how many reviews confirmed it', async () => {
    const rates = await signalReviewRates(database.db);
    expect(rates.find((r) => r.code === 'contacted_younger_minors')).toMatchObject({ reviewed: 6, confirmed: 6, rejected: 0, retracted: 0, rate: 1 });
    expect(rates.find((r) => r.code === 'law_enforcement_report')).toMatchObject({ reviewed: 5, confirmed: 0, rejected: 5, rate: 0 });
  });

  it('suggests more weight for the confirmed signals and less for the dismissed one, evaluated on a held-out population', async () => {
    await expect(prepareReweighting(ctxOf(database.db, moderator), { accounts: 600, populations: 1 })).rejects.toThrow(/risk:weights/);
    const before = await auditCount(database.db);
    const result = await prepareReweighting(ctxOf(database.db, admin), { accounts: 600, populations: 1 });
    suggestionId = result.suggestionId;
    // Confirmed every time against 78% overall: (6 + 10 × 0.78) / (6 + 10) ÷ 0.78 ≈ 1.1; dismissed every time ≈ 0.65.
    expect(result.multipliers.contacted_younger_minors).toBe(1.1);
    expect(result.multipliers.lopsided_conversations).toBe(1.1);
    expect(result.multipliers.law_enforcement_report).toBe(0.65);
    const [population] = result.evaluation.populations;
    expect(population).toMatchObject({ seed: 'heldout-rowan', accounts: 600 });
    expect(population!.k).toBeGreaterThan(0);
    expect(population!.current.precisionAtK).toBeGreaterThan(0);
    expect(population!.suggested.precisionAtK).toBeGreaterThan(0);
    expect(result.evaluation.baseVersion).toBe(1);
    expect(result.evaluation.verdict).not.toBe('worse');
    expect(await auditCount(database.db)).toBe(before + 1);
    const overview = await loadWeightsOverview(ctxOf(database.db, admin));
    expect(overview.current.version).toBe(1);
    expect(overview.suggestions[0]).toMatchObject({ id: suggestionId, multipliers: result.multipliers });
  }, 180_000);

  it('is adopted by an admin as version 2, audited, and the next scores carry that version', async () => {
    await expect(adoptWeights(ctxOf(database.db, moderator), { suggestionId })).rejects.toThrow(/risk:weights/);
    const before = await auditCount(database.db);
    expect(await adoptWeights(ctxOf(database.db, admin), { suggestionId })).toEqual({ version: 2 });
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await queryRows<{ action: string; changes: { version: number } | string }>(
      database.db,
      sql`select action, changes from audit_log order by seq desc limit 1`,
    );
    expect(entry?.action).toBe('risk.weights_adopt');
    await expect(adoptWeights(ctxOf(database.db, admin), { suggestionId })).rejects.toThrow(/already weight version 2/);

    const base = (await readScores(database.db)).signal('adult7', 'contacted_younger_minors')!.weight;
    await scoreAll(ctxOf(database.db, admin), { asOf: AS_OF });
    const versions = await queryRows<{ weight_version: number; n: number }>(
      database.db,
      sql`select weight_version, count(*)::int as n from risk_scores group by weight_version`,
    );
    expect(versions).toEqual([{ weight_version: 2, n: 13 }]);
    const [run] = await queryRows<{ weight_version: number }>(database.db, sql`select weight_version from risk_runs order by id desc limit 1`);
    expect(run?.weight_version).toBe(2);
    const signal = (await readScores(database.db)).signal('adult7', 'contacted_younger_minors')!;
    expect(signal.weight).toBeCloseTo(base * 1.1, 1);
    expect(signal.evidence).toMatch(/\(weight version 2: ×1\.1\)$/);
  });

  it('refuses a suggestion compared with a version no longer in force, one that ranked worse, and one never evaluated', async () => {
    const suggestion = async (evaluation: string | null) => {
      const [row] = await queryRows<{ id: number }>(
        database.db,
        sql`insert into risk_weight_versions (multipliers, evaluation, note) values ('{}', ${evaluation}::jsonb, 'by hand') returning id`,
      );
      return { suggestionId: row!.id };
    };
    const figures = '"populations": [], "current": {}, "suggested": {}';
    await expect(adoptWeights(ctxOf(database.db, admin), await suggestion(`{"baseVersion": 1, "verdict": "same", ${figures}}`))).rejects.toThrow(
      /version 2 is in force now/,
    );
    await expect(adoptWeights(ctxOf(database.db, admin), await suggestion(`{"baseVersion": 2, "verdict": "worse", ${figures}}`))).rejects.toThrow(
      /ranked the held-out populations worse/,
    );
    await expect(adoptWeights(ctxOf(database.db, admin), await suggestion(null))).rejects.toThrow(/has not been evaluated/);
  });

  it('retracts a flag with a reason (audited); the retraction counts against the signals and the pattern can be confirmed again', async () => {
    const [flag] = await queryRows<{ id: string }>(database.db, sql`select id from pattern_flags where account_id = 'adult1'`);
    await expect(retractFlag(ctxOf(database.db, moderator), { flagId: flag!.id, reason: 'short' })).rejects.toThrow(/at least 10 characters/);
    const before = await auditCount(database.db);
    await retractFlag(ctxOf(database.db, moderator), { flagId: flag!.id, reason: 'The children turned out to be his nieces and nephews.' });
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await queryRows<{ action: string; reason: string; target_id: string }>(
      database.db,
      sql`select action, reason, target_id from audit_log order by seq desc limit 1`,
    );
    expect(entry).toEqual({ action: 'risk.flag_retract', reason: 'The children turned out to be his nieces and nephews.', target_id: 'adult1' });
    await expect(retractFlag(ctxOf(database.db, moderator), { flagId: flag!.id, reason: 'Retracting it a second time.' })).rejects.toThrow(/already retracted/);
    const rates = await signalReviewRates(database.db);
    expect(rates.find((r) => r.code === 'contacted_younger_minors')).toMatchObject({ reviewed: 6, confirmed: 5, retracted: 1 });
    const again = await confirmRisk(ctxOf(database.db, moderator), {
      accountId: 'adult1',
      patterns: ['adult_contacting_minors'],
      rationale: 'New evidence: a report from a child he does not know.',
      action: 'none',
    });
    expect(again.flags.map((f) => f.pattern)).toEqual(['adult_contacting_minors']);
  });
});
