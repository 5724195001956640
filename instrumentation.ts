/** Next.js calls register() once when the server starts (not during `next build`). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startLookout } = await import('./server/startup');
  await startLookout();
}
