/**
 * How many server processes `npm run serve` starts (scripts/serve.ts): LOOKOUT_SERVE_PROCESSES,
 * default one. One Node process renders one page at a time, so a server whose cores are its own
 * serves more pages with one process per core. On a machine that also runs PostgreSQL (and here
 * the benchmark's clients) a second process made each page cost more CPU, not less
 * (docs/performance.md), so more is a choice, not the default.
 *
 * The embedded PGlite database lives inside one process and its folder must never be open in two:
 * asking for more than one without DATABASE_URL is refused rather than quietly ignored.
 */
export const MAX_SERVE_PROCESSES = 64;

type Environment = Readonly<Record<string, string | undefined>>;

export function serveProcessCount(env: Environment): number {
  const asked = env.LOOKOUT_SERVE_PROCESSES?.trim();
  if (!asked) return 1;
  if (!/^\d+$/.test(asked) || Number(asked) < 1 || Number(asked) > MAX_SERVE_PROCESSES) {
    throw new Error(`LOOKOUT_SERVE_PROCESSES must be a whole number from 1 to ${MAX_SERVE_PROCESSES}, not "${asked}"`);
  }
  const count = Number(asked);
  if (!env.DATABASE_URL && count > 1) {
    throw new Error(`LOOKOUT_SERVE_PROCESSES=${count} needs DATABASE_URL: the embedded database can be open in one process only`);
  }
  return count;
}

/**
 * The environment variable that tells a server process whether it runs the app's background jobs
 * (the audit checkpoint timer, outbox delivery). scripts/serve.ts gives them to its first process
 * only: two timers would sign the same checkpoint twice into one file.
 */
export const BACKGROUND_JOBS_ENV = 'LOOKOUT_BACKGROUND_JOBS';

export function runsBackgroundJobs(env: Environment): boolean {
  return env[BACKGROUND_JOBS_ENV] !== 'off';
}

/**
 * What a server process under scripts/serve.ts sends its supervisor once its start-up checks passed
 * (instrumentation.ts). Next.js runs those checks after the process listens, so listening alone
 * does not say the process will serve.
 */
export const STARTED_MESSAGE = 'lookout:started';

export function announceStarted(): void {
  process.send?.(STARTED_MESSAGE);
}

/**
 * How another process starts the server: Node itself with tsx's loader, so a signal from whoever
 * stops it (SIGTERM) reaches the server, which closes and exits 0. Through the `tsx` command the
 * signal is relayed instead, and a child that has not acknowledged it within about 60 ms (as on a
 * loaded machine) is killed with SIGKILL and the command exits 143.
 */
export function serveCommand(nodeFlags: readonly string[] = [], script = 'scripts/serve.ts'): [string, string[]] {
  return [process.execPath, [...nodeFlags, '--import', 'tsx', script]];
}
