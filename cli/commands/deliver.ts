import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { deliverDueEvents } from '@/lib/outbox/deliver';
import { webhookPoster, webhookTargetFromEnv } from '@/lib/outbox/webhook';
import { startDeliveryWorker } from '@/lib/outbox/worker';
import { actorOption, cliActor } from '../actor';

/**
 * `lookout deliver`: the outbox delivery worker for operators (the app runs the same one).
 * Several may run at once against PostgreSQL: claims never overlap.
 */
export function registerDeliver(program: Command): void {
  actorOption(
    program
      .command('deliver')
      .description('post pending decisions to the chat app (LOOKOUT_PLATFORM_WEBHOOK_URL / _SECRET)')
      .option('--once', 'deliver what is due now, then exit')
      .option('--lease-seconds <n>', 'how long a claim keeps other workers off an event', '120'),
  ).action(async (options: { as?: string; once?: boolean; leaseSeconds: string }) => {
    const target = webhookTargetFromEnv();
    if (!target) throw new Error('set LOOKOUT_PLATFORM_WEBHOOK_URL (and LOOKOUT_PLATFORM_WEBHOOK_SECRET) to deliver');
    const leaseMs = Number(options.leaseSeconds) * 1000;
    if (!Number.isInteger(leaseMs) || leaseMs < 1000) throw new Error('--lease-seconds must be a whole number of seconds, at least 1');
    const database = await openDatabase();
    try {
      await cliActor(database.db, options.as, 'deliveries:manage');
      const post = webhookPoster(target);
      if (options.once) {
        let total = 0;
        for (let round = await deliverDueEvents(database.db, post, { leaseMs }); round.claimed > 0; round = await deliverDueEvents(database.db, post, { leaseMs })) {
          total += round.delivered;
          process.stdout.write(`delivered ${round.delivered}, failed ${round.failed}, dead ${round.dead}\n`);
        }
        process.stdout.write(`${total} event(s) delivered\n`);
        return;
      }
      process.stdout.write(`delivering to ${new URL(target.url).origin}; Ctrl-C stops after the round under way\n`);
      const worker = startDeliveryWorker(database.db, post, {
        leaseMs,
        onRound: (round) => {
          if (round.claimed > 0) process.stdout.write(`delivered ${round.delivered}, failed ${round.failed}, dead ${round.dead}\n`);
        },
        onError: (error) => process.stderr.write(`lookout deliver: ${error instanceof Error ? error.message : String(error)}\n`),
      });
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await worker.stop();
    } finally {
      await database.close();
    }
  });
}
