import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { recordLapsedHolds } from '@/lib/police/holds';
import { actorOption, cliContext } from '../actor';

export function registerHolds(program: Command): void {
  const holds = program.command('holds').description('preservation holds');
  actorOption(holds.command('expire').description('record the holds whose 90 days have run out (run daily)')).action(
    async (options: { as?: string }) => {
      const database = await openDatabase();
      try {
        const lapsed = await recordLapsedHolds(await cliContext(database.db, options.as, 'holds:manage'));
        process.stdout.write(`${lapsed.length} hold(s) recorded as expired\n`);
      } finally {
        await database.close();
      }
    },
  );
}
