import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { recordLapsedHolds } from '@/lib/police/holds';
import { actorOption, cliActor } from '../actor';

export function registerHolds(program: Command): void {
  const holds = program.command('holds').description('preservation holds');
  actorOption(holds.command('expire').description('record the holds whose 90 days have run out (run daily)')).action(
    async (options: { as?: string }) => {
      const database = await openDatabase();
      try {
        const actor = await cliActor(database.db, options.as, 'holds:manage');
        const lapsed = await recordLapsedHolds(database.db, actor);
        process.stdout.write(`${lapsed.length} hold(s) recorded as expired\n`);
      } finally {
        await database.close();
      }
    },
  );
}
