import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/**
 * CPU seconds spent by the PostgreSQL server processes working for one database (its backends and
 * their parallel workers), sampled from /proc while a benchmark runs — the server runs on this
 * machine. On a shared, loaded machine wall time stretches with everyone else's work; CPU time
 * does much less, so the benchmarks report both.
 */
export class ServerCpu {
  private before = new Map<number, number>();
  private ticks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly database: string) {}

  start(): this {
    // Backends that already exist (a pool's connections) count only what they spend from now on.
    this.sample();
    this.before = new Map(this.ticks);
    this.timer = setInterval(() => this.sample(), 100);
    return this;
  }

  /** Stops sampling and returns the CPU seconds spent since start(). */
  stop(): number {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    let total = 0;
    for (const [pid, ticks] of this.ticks) total += ticks - (this.before.get(pid) ?? 0);
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

/**
 * CPU seconds spent by a process and every process under it (the app server and its cluster
 * processes), sampled from /proc while a benchmark runs. A process that ends keeps its last sample.
 */
export class ProcessTreeCpu {
  private before = new Map<number, number>();
  private ticks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly rootPid: number) {}

  start(): this {
    for (const [pid, ticks] of this.read()) this.before.set(pid, ticks);
    this.timer = setInterval(() => this.sample(), 100);
    return this;
  }

  /** Stops sampling and returns the CPU seconds spent since start(). */
  stop(): number {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    let total = 0;
    for (const [pid, ticks] of this.ticks) total += ticks - (this.before.get(pid) ?? 0);
    return total / TICKS_PER_SECOND;
  }

  private sample(): void {
    for (const [pid, ticks] of this.read()) this.ticks.set(pid, ticks);
  }

  /** utime + stime of the root and its descendants now. */
  private read(): Map<number, number> {
    const parentOf = new Map<number, number>();
    const ticksOf = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parentOf.set(pid, Number(fields[1]));
        ticksOf.set(pid, Number(fields[11]) + Number(fields[12]));
      } catch {
        // ended between listing and reading
      }
    }
    const ours = new Map<number, number>();
    for (const [pid, ticks] of ticksOf) {
      for (let at: number | undefined = pid; at !== undefined && at > 1; at = parentOf.get(at)) {
        if (at === this.rootPid) {
          ours.set(pid, ticks);
          break;
        }
      }
    }
    return ours;
  }
}

/** User + system CPU seconds from `/usr/bin/time -v` output. */
export function timedCpuSeconds(timeOutput: string): number {
  const user = /User time \(seconds\): ([\d.]+)/.exec(timeOutput);
  const system = /System time \(seconds\): ([\d.]+)/.exec(timeOutput);
  return Number(user?.[1] ?? 0) + Number(system?.[1] ?? 0);
}
