import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { listRiskAccounts, type RiskListItem } from '@/lib/risk/queries';
import { rankAsOf, scoreAll } from '@/lib/risk/score';
import { actorOption, cliContext } from '../actor';
import { timeOption } from '../options';
import { stepProgress } from '../progress';

/** `lookout score` (risk:score) and `lookout risk` (risk:read). */
export function registerRisk(program: Command): void {
  actorOption(
    program
      .command('score')
      .description('recompute every account’s grooming risk')
      .option('--as-of <time>', 'the moment to judge (ISO 8601; default now)'),
  ).action(async (options: { asOf?: string; as?: string }) => {
    const asOf = timeOption('--as-of', options.asOf);
    const database = await openDatabase();
    try {
      const ctx = await cliContext(database.db, options.as, 'risk:score');
      const progress = stepProgress(process.stderr);
      const result = await scoreAll(ctx, { asOf, onStep: progress.onStep }).finally(progress.clear);
      process.stdout.write(
        `scored ${result.scored} accounts with risk signals as of ${result.asOf.toISOString()} in ${(result.durationMs / 1000).toFixed(1)} s (run ${result.runId})\n`,
      );
    } finally {
      await database.close();
    }
  });

  actorOption(
    program
      .command('risk')
      .description('ranked accounts with their score and the signals behind it')
      .option('--top <n>', 'how many accounts', '20')
      .option('--json', 'print [{"account_id","score","signals":[{"code","weight","evidence"}]}]')
      .option('--as-of <time>', 'rank as of this moment (computed, not stored)'),
  ).action(async (options: { top: string; json?: boolean; asOf?: string; as?: string }) => {
    const top = Number(options.top);
    if (!Number.isInteger(top) || top < 1 || top > 500) throw new Error(`--top must be a whole number from 1 to 500 (got ${options.top})`);
    const asOf = timeOption('--as-of', options.asOf);
    const database = await openDatabase();
    try {
      const ctx = await cliContext(database.db, options.as, 'risk:read');
      const items = asOf ? await rankAsOf(ctx, { asOf, top }) : (await listRiskAccounts(ctx, { limit: top })).items;
      process.stdout.write(options.json ? `${JSON.stringify(items.map(asJson), null, 2)}\n` : items.map(asLine).join(''));
    } finally {
      await database.close();
    }
  });
}

function asJson(item: RiskListItem) {
  return {
    account_id: item.accountId,
    score: item.score,
    signals: item.signals.map((s) => ({ code: s.code, weight: s.weight, evidence: s.evidence })),
  };
}

function asLine(item: RiskListItem, index: number): string {
  const age = item.likelyBand === item.claimedBand ? item.claimedBand : `claims ${item.claimedBand}, likely ${item.likelyBand}`;
  const reasons = item.signals
    .filter((s) => s.weight > 0)
    .map((s) => `    ${s.weight.toFixed(1).padStart(5)}  ${s.evidence}`)
    .join('\n');
  return `${String(index + 1).padStart(3)}. ${item.accountId} ${item.username ?? ''}  score ${item.score.toFixed(1)}  (${age})  ${item.patterns.join(', ')}\n${reasons}\n`;
}
