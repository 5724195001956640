#!/usr/bin/env tsx
import { TRAINING_MIX } from '@/lib/generate';
import { importPlatformData } from '@/lib/import';
import { type RankedAccount } from '@/lib/risk/evaluate';
import { evaluatorIn, generateHeldOut, HELD_OUT_POPULATIONS, HOLDOUT_GOALS, loadHeldOut, meetsGoals, scoreAndEvaluate } from '@/lib/risk/holdout';
import pg from 'pg';
import { openTestDatabase, testAdminUrl, testEngine } from '@/tests/helpers/db';
import { ctxOf } from '@/tests/helpers/context';

/**
 * `npm run eval:risk`: generates populations with seeds (and proportions) the scoring was never
 * tuned on (lib/risk/holdout.ts), loads and scores each, and prints precision at K (K = planted
 * cases), average precision, recall per planted kind and any innocent look-alike in the top K.
 * Fails unless precision@K and AP reach 0.97, every planted kind is recalled at 0.9, no
 * look-alike reaches the top K and every top-K account has a reason.
 *
 * Options: --seeds a,b,c (the training mix; for tuning, never the held-out seeds)  --accounts N
 * --load (load the CSVs as they are instead of through the import: faster)  --verbose
 * (LOOKOUT_TEST_ENGINE=postgres|pglite picks the engine).
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const populations = option('seeds')?.split(',').map((seed) => ({ seed, mix: TRAINING_MIX })) ?? HELD_OUT_POPULATIONS;
const accounts = Number(option('accounts') ?? 15_000);
const verbose = args.includes('--verbose');
const load = args.includes('--load');
// Real PostgreSQL when it answers (seconds per seed), else the embedded engine (minutes).
if (!process.env.LOOKOUT_TEST_ENGINE) process.env.LOOKOUT_TEST_ENGINE = (await postgresAnswers()) ? 'postgres' : 'pglite';

let failed = false;
for (const { seed, mix } of populations) {
  const started = Date.now();
  const { dir, truth, cleanup } = await generateHeldOut({ seed, accounts, mix });
  const database = await openTestDatabase();
  try {
    const actor = await evaluatorIn(database.db);
    if (load) await loadHeldOut(database, dir);
    else await importPlatformData(ctxOf(database.db, actor), { dir });
    const { evaluation: result, ranking, scored, durationMs } = await scoreAndEvaluate(ctxOf(database.db, actor, { now: new Date(truth.now) }), truth);
    const pass = meetsGoals(result);
    failed ||= !pass;
    const recall = Object.entries(result.recallByKind)
      .map(([kind, r]) => `${kind} ${r.found}/${r.planted}`)
      .join(', ');
    console.log(
      `${pass ? 'PASS' : 'FAIL'} seed=${seed} accounts=${truth.accounts} conversations=${truth.conversations} K=${result.k} ` +
        `precision@K=${result.precisionAtK.toFixed(3)} AP=${result.averagePrecision.toFixed(3)} scored=${scored} ` +
        `score=${durationMs}ms total=${((Date.now() - started) / 1000).toFixed(1)}s (${testEngine()})`,
    );
    console.log(`  recall in top K: ${recall}`);
    console.log(`  look-alikes in top K: ${result.lookalikesInTopK.length}; top K without a reason: ${result.topKWithoutReason.length}`);
    for (const l of result.lookalikesInTopK) console.log(`  LOOK-ALIKE in top K: #${l.rank} ${l.accountId} ${l.kind} score=${l.score} [${l.topSignals}]`);
    for (const id of result.topKWithoutReason) console.log(`  NO REASON in top K: ${id}`);
    if (verbose) printDetails(result, ranking, truth);
  } finally {
    await database.close();
    await cleanup();
  }
}
console.log(`goals: precision@K ≥ ${HOLDOUT_GOALS.precisionAtK}, AP ≥ ${HOLDOUT_GOALS.averagePrecision}, recall per kind ≥ ${HOLDOUT_GOALS.recallPerKind}, no look-alike in top K, every top-K explained`);
process.exit(failed ? 1 : 0);

function printDetails(
  result: Awaited<ReturnType<typeof scoreAndEvaluate>>['evaluation'],
  ranking: RankedAccount[],
  truth: Awaited<ReturnType<typeof generateHeldOut>>['truth'],
) {
  for (const o of result.otherInTopK) console.log(`  other in top K: #${o.rank} ${o.accountId} score=${o.score} [${o.topSignals}]`);
  const plantedIds = new Map(truth.planted.map((p) => [p.account_id, p.kind]));
  let lowest: (RankedAccount & { rank: number; kind: string }) | null = null;
  ranking.forEach((r, i) => {
    const kind = plantedIds.get(r.accountId);
    if (kind) lowest = { ...r, rank: i + 1, kind };
    if (kind && i >= result.k) console.log(`  missed: #${i + 1} ${r.accountId} ${kind} score=${r.score} [${r.topSignals}]`);
  });
  const found = new Set(ranking.map((r) => r.accountId));
  for (const [id, kind] of plantedIds) if (!found.has(id)) console.log(`  missed (unscored): ${id} ${kind}`);
  if (lowest) {
    const l = lowest as RankedAccount & { rank: number; kind: string };
    console.log(`  lowest planted: #${l.rank} ${l.kind} score=${l.score} [${l.topSignals}]`);
  }
  const kindOf = new Map(truth.lookalikes.map((l) => [l.account_id, l.kind]));
  const best = new Map<string, RankedAccount & { rank: number }>();
  ranking.forEach((r, i) => {
    const kind = kindOf.get(r.accountId);
    if (kind && !best.has(kind)) best.set(kind, { ...r, rank: i + 1 });
  });
  for (const [kind, r] of best) console.log(`  best ${kind}: #${r.rank} score=${r.score} [${r.topSignals}]`);
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testAdminUrl(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

