import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { routeWaitingReports } from '@/lib/triage/routing';
import { actorOption, cliContext } from '../actor';

/** `lookout route`: puts open reports that are in no queue yet (e.g. just imported) into their queues. */
export function registerRoute(program: Command): void {
  const command = program.command('route').description('route open reports that are not in a queue yet (after an import) into the triage queues, and re-prioritise waiting items by the latest risk scores');
  actorOption(command).action(async (options: { as?: string }) => {
    const database = await openDatabase();
    try {
      const result = await routeWaitingReports(await cliContext(database.db, options.as, 'platform:import'));
      const queues = Object.entries(result.byQueue).map(([queue, count]) => `${queue} ${count}`);
      process.stdout.write(
        `routed ${result.routed} reports: ${result.itemsCreated} new items, ${result.itemsJoined} joined waiting items` +
          (queues.length ? ` (${queues.join(', ')})` : '') +
          `; ${result.reprioritised ?? 0} waiting items re-prioritised by new risk scores\n`,
      );
    } finally {
      await database.close();
    }
  });
}
