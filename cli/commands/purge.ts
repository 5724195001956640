import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { purgeOlderThan, purgeSchema, type PurgeResult } from '@/lib/retention/purge';
import { actorOption, cliContext } from '../actor';

function breakdown(counts: PurgeResult['deleted']): string {
  return `contacts ${counts.contacts}, blocks ${counts.blocks}, reports ${counts.reports}`;
}

const total = (counts: PurgeResult['deleted']) => counts.contacts + counts.blocks + counts.reports;

export function registerPurge(program: Command): void {
  actorOption(
    program
      .command('purge')
      .description('retention: delete contacts, blocks and reports older than N days, except those of accounts under a preservation hold and reports still awaiting a decision')
      .requiredOption('--older-than <days>', 'age in days past which rows are deleted'),
  ).action(async (options: { olderThan: string; as?: string }) => {
    const parsed = purgeSchema.safeParse({ olderThanDays: options.olderThan });
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'bad --older-than');
    const database = await openDatabase();
    try {
      const ctx = await cliContext(database.db, options.as, 'retention:purge');
      const result = await purgeOlderThan(ctx, parsed.data);
      process.stdout.write(
        `deleted ${total(result.deleted)} rows older than ${result.cutoff.toISOString()} (${breakdown(result.deleted)})\n` +
          `skipped ${total(result.skippedForHolds)} rows of accounts under an active preservation hold (${breakdown(result.skippedForHolds)})\n` +
          `kept ${result.skippedUndecidedReports} old reports still awaiting a decision\n` +
          (result.fullRescoreNext ? 'the risk scores were built on what went: the next import re-scores every account\n' : ''),
      );
    } finally {
      await database.close();
    }
  });
}
