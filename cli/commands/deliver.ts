import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { deliverUntilIdle, retryBackoffFromEnv, type DeliveryOptions, type DeliveryRound } from '@/lib/outbox/deliver';
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
      .option('--lease-seconds <n>', 'how long a claim keeps other workers off an event (a post may take half of it, at most 10 s)', '120'),
  ).action(async (options: { as?: string; once?: boolean; leaseSeconds: string }) => {
    const target = webhookTargetFromEnv();
    if (!target) throw new Error('set LOOKOUT_PLATFORM_WEBHOOK_URL (and LOOKOUT_PLATFORM_WEBHOOK_SECRET) to deliver');
    const leaseMs = Number(options.leaseSeconds) * 1000;
    if (!Number.isInteger(leaseMs) || leaseMs < 1000) throw new Error('--lease-seconds must be a whole number of seconds, at least 1');
    // A post must fit well inside its claim: at most 10 s, and half the lease when that is shorter.
    const timeoutMs = Math.min(10_000, leaseMs / 2);
    const delivery: DeliveryOptions = { leaseMs, postTimeoutMs: timeoutMs, backoff: retryBackoffFromEnv() };
    const database = await openDatabase();
    const post = webhookPoster({ ...target, timeoutMs });
    try {
      await cliActor(database.db, options.as, 'deliveries:manage');
      if (options.once) {
        // Until a pass finds nothing due (an account's next event is due once its previous one is through).
        const report = (round: DeliveryRound) => process.stdout.write(`delivered ${round.delivered}, failed ${round.failed}, dead ${round.dead}\n`);
        let total = 0;
        for (let pass = await deliverUntilIdle(database.db, post, { ...delivery, onRound: report }); pass.claimed > 0; pass = await deliverUntilIdle(database.db, post, { ...delivery, onRound: report })) {
          total += pass.delivered;
        }
        process.stdout.write(`${total} event(s) delivered\n`);
        return;
      }
      process.stdout.write(`delivering to ${new URL(target.url).origin}; Ctrl-C stops once what is claimed is posted\n`);
      const worker = startDeliveryWorker(database.db, post, {
        ...delivery,
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
      post.close();
      await database.close();
    }
  });
}
