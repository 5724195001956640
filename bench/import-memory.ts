/**
 * Does `lookout import` keep its memory flat as the input grows? Writes a valid population of N
 * accounts (with ~5N conversations, N/5 reports, N/10 blocks, N/20 birthdate changes) for N and 10N,
 * imports each with the CLI as a child process into a fresh PGlite folder, and reports the child's
 * peak resident memory (`/usr/bin/time -v`) and rows/s. A `migrate` run on an already migrated
 * database gives the baseline: what the engine and the CLI cost before any row is read.
 *
 *   npx tsx bench/import-memory.ts            # N = 20000, PGlite
 *   BENCH_ACCOUNTS=5000 npx tsx bench/import-memory.ts
 *   LOOKOUT_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/import-memory.ts
 *     # the same on PostgreSQL (a fresh database per run, dropped after): the CLI's own memory alone
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '@/db/client';
import { staff } from '@/db/schema';
import { createScratchDatabase } from './support/scratch-database';

const BASE = Number(process.env.BENCH_ACCOUNTS ?? 20_000);
const OUT = path.resolve('bench/out/import-memory');
const ACTOR = 'bench-admin@lookout.test';
// PostgreSQL only when asked for: the question is first of all the embedded engine's memory.
const ON_POSTGRES = process.env.LOOKOUT_BENCH_PG_URL !== undefined;
// Each account starts conversations at these distances: distinct, so no pair repeats (N > 2 × largest).
const CONTACT_OFFSETS = [1, 7, 31, 127, 509];

/** A small deterministic generator (mulberry32), so every run writes the same files. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const accountId = (i: number) => `acc-${String(i).padStart(7, '0')}`;
const isoAt = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);

async function writeCsv(file: string, header: string[], rows: Iterable<string[]>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  out.write(stringify([header]));
  for (const row of rows) {
    count++;
    if (!out.write(stringify([row]))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/** Writes the five contract files for n accounts; returns the number of data rows. */
async function writePopulation(dir: string, n: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  const next = random(n);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  let rows = 0;

  rows += await writeCsv(
    path.join(dir, 'accounts.csv'),
    ['account_id', 'username', 'display_name', 'claimed_birthdate', 'created_at', 'country', 'age_assurance', 'device_cluster', 'status'],
    (function* () {
      for (let i = 0; i < n; i++) {
        const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(next() * 53 * 365) * DAY).toISOString().slice(0, 10);
        yield [
          accountId(i),
          `user${i}`,
          `User ${i}`,
          next() < 0.1 ? '' : birth,
          isoAt(START + Math.floor(next() * 365 * DAY)),
          pick(['GB', 'IE', 'US', 'DE', '']),
          pick(['none', 'none', 'none', 'adult', 'minor']),
          next() < 0.3 ? `dev-${Math.floor(i / 3)}` : '',
          next() < 0.97 ? 'active' : pick(['suspended', 'banned', 'deleted']),
        ];
      }
    })(),
  );
  rows += await writeCsv(
    path.join(dir, 'birthdate_changes.csv'),
    ['account_id', 'changed_at', 'old_birthdate', 'new_birthdate'],
    (function* () {
      for (let i = 0; i < n; i += 20) yield [accountId(i), isoAt(START + 400 * DAY + i * 1000), '1990-01-01', '2008-06-30'];
    })(),
  );
  rows += await writeCsv(
    path.join(dir, 'contacts.csv'),
    ['initiator_id', 'recipient_id', 'first_contact_at', 'last_contact_at', 'messages_from_initiator', 'messages_from_recipient', 'media_from_initiator', 'media_from_recipient'],
    (function* () {
      for (let i = 0; i < n; i++) {
        for (const offset of CONTACT_OFFSETS) {
          const other = (i + offset) % n;
          const first = START + Math.floor(next() * 300 * DAY);
          const [initiator, recipient] = next() < 0.5 ? [i, other] : [other, i];
          yield [
            accountId(initiator),
            accountId(recipient),
            isoAt(first),
            isoAt(first + Math.floor(next() * 60 * DAY)),
            String(Math.floor(next() * 500)),
            String(Math.floor(next() * 500)),
            String(Math.floor(next() * 20)),
            String(Math.floor(next() * 20)),
          ];
        }
      }
    })(),
  );
  rows += await writeCsv(
    path.join(dir, 'blocks.csv'),
    ['blocker_id', 'blocked_id', 'blocked_at'],
    (function* () {
      for (let i = 0; i < n; i += 10) yield [accountId(i), accountId((i + 13) % n), isoAt(START + 350 * DAY + i)];
    })(),
  );
  rows += await writeCsv(
    path.join(dir, 'reports.csv'),
    ['report_id', 'reporter_id', 'reported_id', 'category', 'description', 'created_at', 'source'],
    (function* () {
      for (let i = 0; i < n / 5; i++) {
        const automated = next() < 0.2;
        yield [
          `rep-${i}`,
          automated ? '' : accountId(Math.floor(next() * n)),
          accountId(Math.floor(next() * n)),
          pick(['grooming', 'sexual_content', 'age_misrepresentation', 'harassment', 'spam', 'self_harm', 'other']),
          automated ? '' : `Reported because of message ${i}, "quoted"\nover two lines`,
          isoAt(START + 380 * DAY + i * 1000),
          automated ? 'automated' : 'user',
        ];
      }
    })(),
  );
  return rows;
}

interface Measured {
  peakKb: number;
  /** User + system CPU time of the CLI process: on a shared machine a steadier figure than wall time. */
  cpuSeconds: number;
  stdout: string;
}

/** Where a run's database lives: a PGlite folder, or a PostgreSQL database of its own. */
interface Target {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

async function freshTarget(name: string): Promise<Target> {
  if (ON_POSTGRES) {
    const scratch = await createScratchDatabase(`lookout_bench_${name}_${process.pid}`);
    return { env: { DATABASE_URL: scratch.url }, dispose: scratch.drop };
  }
  const dataDir = path.join(OUT, `pglite-${name}`);
  await rm(dataDir, { recursive: true, force: true });
  return { env: { LOOKOUT_DATA_DIR: dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}

/** Migrates the target and adds the admin the import acts as, in this process (closed before the CLI runs). */
async function prepare(target: Target): Promise<void> {
  const database = await openDatabase({ url: target.env.DATABASE_URL, dataDir: target.env.LOOKOUT_DATA_DIR });
  await database.db.insert(staff).values({ email: ACTOR, role: 'admin', passwordHash: 'bench' });
  await database.close();
}

/** Runs the CLI in one node process (no npx/tsx wrapper) under /usr/bin/time -v. */
async function runCli(target: Target, args: string[]): Promise<Measured> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env };
  const child = spawn('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', 'cli/lookout.ts', ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`lookout ${args[0]} failed (${code}): ${stderr.trim()}`);
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (!peak) throw new Error('/usr/bin/time gave no peak memory');
  const cpu = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
  return { peakKb: Number(peak[1]), cpuSeconds: cpu('User') + cpu('System'), stdout };
}

async function measureImport(n: number) {
  const dir = path.join(OUT, `csv-${n}`);
  process.stderr.write(`writing ${n} accounts…\n`);
  const rows = await writePopulation(dir, n);
  const target = await freshTarget(String(n));
  try {
    await prepare(target);
    process.stderr.write(`importing ${rows} rows…\n`);
    const run = await runCli(target, ['import', dir, '--as', ACTOR]);
    const rate = /rows in ([\d.]+) s \((\d+) rows\/s\)/.exec(run.stdout);
    return {
      accounts: n,
      rows,
      peakMb: run.peakKb / 1024,
      seconds: Number(rate?.[1]),
      rowsPerSecond: Number(rate?.[2]),
      cpuSeconds: run.cpuSeconds,
    };
  } finally {
    await target.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureBaseline(): Promise<number> {
  const target = await freshTarget('baseline');
  try {
    await prepare(target);
    return (await runCli(target, ['migrate'])).peakKb / 1024;
  } finally {
    await target.dispose();
  }
}

async function main() {
  await mkdir(OUT, { recursive: true });
  const engine = ON_POSTGRES ? 'PostgreSQL' : 'PGlite';
  // The PGlite runs must not fall back to a DATABASE_URL from the caller's environment.
  if (!ON_POSTGRES) delete process.env.DATABASE_URL;
  const baseline = await measureBaseline();

  const small = await measureImport(BASE);
  const large = await measureImport(BASE * 10);
  const mb = (value: number) => `${value.toFixed(0)} MB`;
  const lines = [
    `${engine}; baseline (lookout migrate on a migrated database): peak RSS ${mb(baseline)}`,
    ...[small, large].map(
      (r) =>
        `${r.accounts} accounts, ${r.rows} rows: peak RSS ${mb(r.peakMb)}, ${r.seconds} s, ${r.rowsPerSecond} rows/s ` +
        `(CLI process CPU ${r.cpuSeconds.toFixed(1)} s)`,
    ),
    `input ×${(large.rows / small.rows).toFixed(1)} → peak RSS ×${(large.peakMb / small.peakMb).toFixed(2)} ` +
      `(above baseline: ${mb(small.peakMb - baseline)} → ${mb(large.peakMb - baseline)})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await rm(OUT, { recursive: true, force: true });
}

await main();
