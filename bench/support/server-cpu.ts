import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** utime + stime of a process in clock ticks, and its parent; null when it has ended. */
function statOf(pid: number): { ticks: number; parent: number } | null {
  try {
    // Fields after the command name in parentheses: ppid is the 2nd, utime and stime the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(fields[11]) + Number(fields[12]), parent: Number(fields[1]) };
  } catch {
    return null;
  }
}

function processIds(): number[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid));
}

/**
 * CPU seconds spent since start() by the processes a subclass finds, sampled from /proc every 100 ms
 * while a benchmark runs (a process that ends keeps its last sample). On a shared, loaded machine wall
 * time stretches with everyone else's work; CPU time does much less, so the benchmarks report both.
 */
abstract class ProcessCpu {
  private before = new Map<number, number>();
  private ticks = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  start(): this {
    // Processes that already run (a pool's connections) count only what they spend from now on.
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
    for (const [pid, ticks] of this.find(this.ticks)) this.ticks.set(pid, Math.max(this.ticks.get(pid) ?? 0, ticks));
  }

  /** The processes to count now and their ticks; `known` are those counted so far. */
  protected abstract find(known: ReadonlyMap<number, number>): Map<number, number>;
}

/** The PostgreSQL server processes working for one database: its backends and their parallel workers (the server runs on this machine). */
export class ServerCpu extends ProcessCpu {
  constructor(private readonly database: string) {
    super();
  }

  protected find(known: ReadonlyMap<number, number>): Map<number, number> {
    const found = new Map<number, number>();
    for (const pid of processIds()) {
      let command: string;
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue; // ended between listing and reading
      }
      if (!command.startsWith('postgres: ')) continue;
      const worker = /parallel worker for PID (\d+)/.exec(command);
      const ours = command.split(' ').includes(this.database) || (worker !== null && known.has(Number(worker[1])));
      const stat = ours ? statOf(pid) : null;
      if (stat) found.set(pid, stat.ticks);
    }
    return found;
  }
}

/** A process and every process under it (the app server and its cluster processes). */
export class ProcessTreeCpu extends ProcessCpu {
  constructor(private readonly rootPid: number) {
    super();
  }

  protected find(): Map<number, number> {
    const stats = new Map<number, { ticks: number; parent: number }>();
    for (const pid of processIds()) {
      const stat = statOf(pid);
      if (stat) stats.set(pid, stat);
    }
    const found = new Map<number, number>();
    for (const [pid, stat] of stats) {
      for (let at: number | undefined = pid; at !== undefined && at > 1; at = stats.get(at)?.parent) {
        if (at !== this.rootPid) continue;
        found.set(pid, stat.ticks);
        break;
      }
    }
    return found;
  }
}

/** User + system CPU seconds from `/usr/bin/time -v` output. */
export function timedCpuSeconds(timeOutput: string): number {
  const user = /User time \(seconds\): ([\d.]+)/.exec(timeOutput);
  const system = /System time \(seconds\): ([\d.]+)/.exec(timeOutput);
  return Number(user?.[1] ?? 0) + Number(system?.[1] ?? 0);
}
