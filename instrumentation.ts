/**
 * Runs once when the Next.js server starts: the outbox delivery worker, so decisions reach the
 * chat app while the app runs (`lookout deliver` is the same worker for operators). Without
 * LOOKOUT_PLATFORM_WEBHOOK_URL events wait in the outbox and the deliveries page says so.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startAppDeliveryWorker } = await import('./server/delivery-worker');
  await startAppDeliveryWorker();
}
