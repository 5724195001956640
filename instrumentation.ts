/**
 * Next.js calls register() once when the server starts (not during `next build`): start-up checks
 * and the audit checkpoint timer (server/startup.ts), and the outbox delivery worker, so decisions
 * reach the chat app while the app runs (`lookout deliver` is the same worker for operators).
 * When scripts/serve.ts runs several processes, only its first runs the timer and the worker.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { announceStarted, runsBackgroundJobs } = await import('@/server/serve-processes');
  const backgroundJobs = runsBackgroundJobs(process.env);
  const { startLookout } = await import('@/server/startup');
  await startLookout({ checkpointTimer: backgroundJobs });
  if (backgroundJobs) {
    const { startAppDeliveryWorker } = await import('@/server/delivery-worker');
    await startAppDeliveryWorker();
  }
  announceStarted();
}
