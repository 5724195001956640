import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/**
 * CPU seconds spent by the PostgreSQL server processes working for one database (its backends and
 * their parallel workers), sampled from /proc while a benchmark runs — the server runs on this
 * machine. On a shared, loaded machine wall time stretches with everyone else's work; CPU time
 * does much less, so the benchmarks report both.
 */
export class ServerCpu {
  private ticks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly database: string) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), 100);
    return this;
  }

  /** Stops sampling and returns the CPU seconds seen. */
  stop(): number {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    let total = 0;
    for (const ticks of this.ticks.values()) total += ticks;
    return total / TICKS_PER_SECOND;
  }

  private sample(): void {
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!command.startsWith('postgres: ')) continue;
        const worker = /parallel worker for PID (\d+)/.exec(command);
        const ours = command.split(' ').includes(this.database) || (worker !== null && this.ticks.has(Number(worker[1])));
        if (!ours) continue;
        // Fields after the command name in parentheses: utime and stime are the 12th and 13th.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        this.ticks.set(pid, Math.max(this.ticks.get(pid) ?? 0, ticks));
      } catch {
        // The process ended between listing and reading: its last sample stands.
      }
    }
  }
}

/** User + system CPU seconds from `/usr/bin/time -v` output. */
export function timedCpuSeconds(timeOutput: string): number {
  const user = /User time \(seconds\): ([\d.]+)/.exec(timeOutput);
  const system = /System time \(seconds\): ([\d.]+)/.exec(timeOutput);
  return Number(user?.[1] ?? 0) + Number(system?.[1] ?? 0);
}
