import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Db } from '@/db/client';
import { staff } from '@/db/schema';
import type { Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import { generatePopulation, TRUTH_FILE, type GenerateOptions, type GenerateSummary } from '../generate';
import { loadGeneratedPopulation } from '../generate/load';
import { evaluateRanking, type Evaluation, type RankedAccount } from './evaluate';
import { scoreAll, type ScoreOptions } from './score';

/**
 * Populations the scoring is never tuned on: seeds nobody looked at while building it, in
 * proportions unlike the generator's default (training) mix — more scammers and streamers in one,
 * more loud cases and spam in another, more patient groomers and families in the third.
 *
 * Retired (looked at, no longer held out): ash, birch, cedar; then oak, pine, yew (the figures
 * before the harder generator, docs/eval/risk-before.txt).
 */
export const HELD_OUT_POPULATIONS: readonly { seed: string; mix: NonNullable<GenerateOptions['mix']> }[] = [
  {
    seed: 'heldout-rowan',
    mix: {
      planted: 0.6,
      patient: 0.6,
      spam: 0.4,
      scammer: 1,
      coach: 0.2,
      youthWorker: 0.6,
      familyChat: 0.8,
      streamer: 0.5,
      schoolLeaver: 0.6,
      teacherTwoYears: 0.5,
      school: { teacher: 1, realTeen: 0.9, popularTeen: 0.9 },
    },
  },
  {
    seed: 'heldout-hazel',
    mix: {
      planted: 1.5,
      patient: 0.4,
      spam: 1.2,
      scammer: 0.6,
      coach: 0.8,
      youthWorker: 0.2,
      familyChat: 0.3,
      streamer: 0.3,
      schoolLeaver: 0.2,
      teacherTwoYears: 0.4,
      school: { teacher: 0.5, realTeen: 0.5, popularTeen: 0.9 },
    },
  },
  {
    seed: 'heldout-larch',
    mix: {
      planted: 0.8,
      patient: 0.8,
      spam: 0.6,
      scammer: 0.5,
      coach: 0.4,
      youthWorker: 0.4,
      familyChat: 1,
      streamer: 0.25,
      schoolLeaver: 0.4,
      teacherTwoYears: 0.3,
      school: { teacher: 1, realTeen: 1, popularTeen: 0.5 },
    },
  },
];

/** What the acceptance asks of a held-out ranking (issue 15). */
export const HOLDOUT_GOALS = { precisionAtK: 0.97, averagePrecision: 0.97, recallPerKind: 0.9 } as const;

export function meetsGoals(result: Evaluation): boolean {
  return (
    result.precisionAtK >= HOLDOUT_GOALS.precisionAtK &&
    result.averagePrecision >= HOLDOUT_GOALS.averagePrecision &&
    result.lookalikesInTopK.length === 0 &&
    result.topKWithoutReason.length === 0 &&
    Object.values(result.recallByKind).every((r) => r.found >= HOLDOUT_GOALS.recallPerKind * r.planted)
  );
}

/** Writes a population into a fresh folder and reads its ground truth back; `cleanup` removes the folder. */
export async function generateHeldOut(options: { seed: string; accounts: number; mix?: GenerateOptions['mix'] }) {
  const dir = await mkdtemp(path.join(tmpdir(), `lookout-holdout-${options.seed.replace(/[^a-z0-9-]/gi, '')}-`));
  await generatePopulation({ out: dir, accounts: options.accounts, seed: options.seed, mix: options.mix });
  const truth = JSON.parse(await readFile(path.join(dir, TRUTH_FILE), 'utf8')) as GenerateSummary;
  return { dir, truth, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Loads a generated folder into an empty database as it is (trusted synthetic data). */
export async function loadHeldOut(database: Database, dir: string): Promise<void> {
  await loadGeneratedPopulation(database, dir);
}

/** A staff member who may score, in a database made for an evaluation. */
export async function evaluatorIn(db: Db): Promise<Actor & { type: 'staff' }> {
  const [member] = await db
    .insert(staff)
    .values({ email: `eval-${Date.now().toString(36)}@lookout.local`, role: 'admin', passwordHash: 'not-a-login' })
    .returning({ id: staff.id, email: staff.email, role: staff.role });
  return { type: 'staff', ...member! };
}

/** Scores the loaded population at its moment and compares the ranking with its truth. */
export async function scoreAndEvaluate(
  ctx: LibContext,
  truth: GenerateSummary,
  options: Omit<ScoreOptions, 'asOf'> = {},
): Promise<{ evaluation: Evaluation; ranking: RankedAccount[]; scored: number; durationMs: number }> {
  const run = await scoreAll(ctx, { ...options, asOf: new Date(truth.now) });
  const ranking = await rankedAccounts(ctx.db);
  return { evaluation: evaluateRanking(ranking, truth.planted, truth.lookalikes), ranking, scored: run.scored, durationMs: run.durationMs };
}

/** Every scored account, best first, with how many reasons it has and its strongest signals. */
export async function rankedAccounts(db: Db): Promise<RankedAccount[]> {
  const rows = await queryRows<{ account_id: string; score: number; reasons: number; top: string | null }>(
    db,
    sql`select s.account_id, s.score,
        (select count(*)::int from risk_signals g where g.account_id = s.account_id and g.weight > 0) as reasons,
        (select string_agg(g.code || ' ' || g.weight, ', ' order by g.weight desc) from risk_signals g where g.account_id = s.account_id) as top
      from risk_scores s order by s.score desc, s.account_id`,
  );
  return rows.map((r) => ({ accountId: r.account_id, score: r.score, reasons: r.reasons, topSignals: r.top ?? '' }));
}
