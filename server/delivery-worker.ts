import { getDb } from '@/db';
import { retryBackoffFromEnv } from '@/lib/outbox/deliver';
import { webhookPoster, webhookTargetFromEnv } from '@/lib/outbox/webhook';
import { startDeliveryWorker } from '@/lib/outbox/worker';

const globalForWorker = globalThis as unknown as { lookoutDeliveryWorker?: boolean };

/** Starts the app's one delivery worker (once per process), if a platform endpoint is configured. */
export async function startAppDeliveryWorker(): Promise<void> {
  const target = webhookTargetFromEnv();
  if (!target || globalForWorker.lookoutDeliveryWorker) return;
  globalForWorker.lookoutDeliveryWorker = true;
  const db = await getDb();
  let lastError = '';
  startDeliveryWorker(db, webhookPoster(target), {
    // LOOKOUT_DELIVERY_RETRY_BASE_MS / _CAP_MS shorten the waits between tries (tests, demos).
    backoff: retryBackoffFromEnv(),
    onError: (error) => {
      // One line per distinct failure (e.g. the database is down), not one per round.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) console.error(`delivery worker: ${message}`);
      lastError = message;
    },
    onRound: () => {
      lastError = '';
    },
  });
}
