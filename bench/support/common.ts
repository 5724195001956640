/**
 * What the benchmarks share (not a benchmark itself): reading their command line, and timing
 * calls into percentiles.
 */

/** `--name value` of the benchmark's command line, or `fallback` when it is not given. */
export function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

/** Whether the bare switch `--name` is on the benchmark's command line. */
export function flag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

export type Timing = { p50: number; p95: number };

/** The p-th percentile of the samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Times `runs` calls of each function after `warmUp` untimed ones, alternating them call by call so
 * that all of them see the same machine (load comes and goes). Every call gets its own index,
 * warm-up calls included.
 */
export async function alternate(runs: number, warmUp: number, ...candidates: ((index: number) => Promise<unknown>)[]): Promise<Timing[]> {
  for (let i = 0; i < warmUp; i++) for (const run of candidates) await run(i);
  const samples = candidates.map(() => [] as number[]);
  for (let i = warmUp; i < warmUp + runs; i++) {
    for (const [index, run] of candidates.entries()) {
      const start = performance.now();
      await run(i);
      samples[index]!.push(performance.now() - start);
    }
  }
  return samples.map((taken) => ({ p50: percentile(taken, 50), p95: percentile(taken, 95) }));
}
