/**
 * Next.js calls register() once when the server starts (not during `next build`): start-up checks
 * and the audit checkpoint timer (server/startup.ts), and the outbox delivery worker, so decisions
 * reach the chat app while the app runs (`lookout deliver` is the same worker for operators).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startLookout } = await import('@/server/startup');
  await startLookout();
  const { startAppDeliveryWorker } = await import('@/server/delivery-worker');
  await startAppDeliveryWorker();
}
