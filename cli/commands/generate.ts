import type { Command } from 'commander';
import { timeOption } from '../options';
import { generatePopulation } from '@/lib/generate';

/** `lookout generate --out <dir> [--accounts N] [--seed S] [--now <time>]`: a synthetic population. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic population (the import contract CSVs plus truth.json), deterministic per seed')
    .requiredOption('--out <dir>', 'folder to write the CSV files into')
    .option('--accounts <n>', 'number of accounts', '10000')
    .option('--seed <seed>', 'seed: the same seed gives the same files', 'lookout')
    .option('--now <time>', 'the moment the population is observed at (ISO 8601; default 2026-11-01T00:00:00Z)')
    .action(async (options: { out: string; accounts: string; seed: string; now?: string }) => {
      const accounts = Number(options.accounts);
      if (!Number.isInteger(accounts)) throw new Error(`--accounts must be a whole number (got ${options.accounts})`);
      const now = timeOption('--now', options.now);
      const started = Date.now();
      const showProgress = accounts >= 50_000 || process.stderr.isTTY;
      const summary = await generatePopulation({
        out: options.out,
        accounts,
        seed: options.seed,
        now,
        onProgress: showProgress
          ? (p) => {
              const seconds = (Date.now() - started) / 1000;
              process.stderr.write(
                `generate: ${p.accounts}/${p.total} accounts, ${p.conversations} conversations (${Math.round(p.accounts / Math.max(seconds, 0.001))} accounts/s)\n`,
              );
            }
          : undefined,
      });
      process.stdout.write(
        `wrote ${summary.accounts} accounts, ${summary.conversations} conversations, ${summary.blocks} blocks, ` +
          `${summary.reports} reports, ${summary.birthdateChanges} birthdate changes; ` +
          `${summary.planted.length} planted cases, ${summary.lookalikes.length} look-alikes (truth.json) in ${options.out}\n`,
      );
    });
}
