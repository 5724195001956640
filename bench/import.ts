/**
 * `npm run bench -- import [--scale small|large] [--accounts N]`: `lookout import` of a generated
 * population into a fresh PostgreSQL database, beside the floor measured in the same run —
 * `psql \copy` of the same files into bare tables (text columns, no keys, no checks) — with the
 * ratio and the import's peak resident memory (`/usr/bin/time -v`). Each side is also measured in
 * CPU seconds, client plus server (bench/support/server-cpu.ts): on a shared machine the steadier figure.
 *
 * The floor is measured before and after the import and the faster of the two taken, so a
 * machine that slows down mid-run does not flatter the ratio. `--scale large` is 120,000 accounts,
 * which the generator turns into ~1.27 million CSV rows; `small` is 12,000.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { IMPORT_FILES } from '@/lib/import/files';
import { option } from './support/common';
import { createScratchDatabase } from './support/scratch-database';
import { ServerCpu, timedCpuSeconds } from './support/server-cpu';

const SCALES = { small: 12_000, large: 120_000 } as const;
const scale = option('scale', 'large') as keyof typeof SCALES;
if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const accounts = Number(option('accounts', String(SCALES[scale])));
const ADMIN = 'bench-admin@lookout.test';

async function main(): Promise<void> {
  const dir = path.resolve(`bench/out/import-${accounts}`);
  if (!existsSync(path.join(dir, 'contacts.csv'))) {
    process.stderr.write(`generating ${accounts} accounts into ${dir} (once; kept for later runs)…\n`);
    await mkdir(dir, { recursive: true });
    run('npx', ['tsx', 'cli/lookout.ts', 'generate', '--out', dir, '--accounts', String(accounts), '--seed', 'bench-import']);
  }
  const files = IMPORT_FILES.map((file) => ({ file, path: path.join(dir, `${file.name}.csv`) })).filter((f) => existsSync(f.path));
  const rows = files.reduce((sum, f) => sum + countLines(f.path) - 1, 0);
  process.stderr.write(`${rows.toLocaleString('en')} CSV rows in ${files.length} files\n`);

  const floorBefore = await copyFloor(files);
  const imported = await timedImport(dir);
  const floorAfter = await copyFloor(files);
  const floor = Math.min(floorBefore.wallMs, floorAfter.wallMs);
  const floorCpu = Math.min(floorBefore.cpuSeconds, floorAfter.cpuSeconds);
  const withoutRescore = imported.wallMs - imported.rescoreMs;

  const report = [
    `import bench: ${accounts.toLocaleString('en')} accounts, ${rows.toLocaleString('en')} rows, PostgreSQL, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    `psql \\copy floor (bare tables)      ${seconds(floor)}   (before ${seconds(floorBefore.wallMs)}, after ${seconds(floorAfter.wallMs)})`,
    `lookout import, whole command       ${seconds(imported.wallMs)}   ${(imported.wallMs / floor).toFixed(2)}× the floor`,
    `  of which the re-score inside it   ${seconds(imported.rescoreMs)}   (${imported.rescoreScope})`,
    `  import without the re-score       ${seconds(withoutRescore)}   ${(withoutRescore / floor).toFixed(2)}× the floor`,
    `  rows/s (whole command)            ${Math.round((rows * 1000) / imported.wallMs).toLocaleString('en')}`,
    `CPU, client + server: floor ${floorCpu.toFixed(2)} s, import ${imported.cpuSeconds.toFixed(2)} s = ${(imported.cpuSeconds / floorCpu).toFixed(2)}× (the import's own process ${imported.clientCpuSeconds.toFixed(2)} s)`,
    `peak RSS of the import process      ${Math.round(imported.peakKb / 1024)} MB`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  await mkdir('bench/out', { recursive: true });
  await writeFile(`bench/out/import-${accounts}.txt`, `${report}\n`);
}

/** `\copy` of every file into a bare table of text columns on a fresh database: what moving the bytes costs. */
async function copyFloor(files: { file: (typeof IMPORT_FILES)[number]; path: string }[]): Promise<{ wallMs: number; cpuSeconds: number }> {
  const scratch = await createScratchDatabase('lookout_bench_import_floor');
  try {
    const script = files
      .map(({ file, path: csv }) => {
        const header = readHeader(csv);
        return `create table ${file.name} (${header.map((c) => `${c} text`).join(', ')});\n\\copy ${file.name} (${header.join(', ')}) from '${csv}' with (format csv, header true)`;
      })
      .join('\n');
    const server = new ServerCpu('lookout_bench_import_floor').start();
    const started = Date.now();
    const psqlArgs = ['-q', '-v', 'ON_ERROR_STOP=1', scratch.url, '-c', 'begin', ...script.split('\n').flatMap((line) => ['-c', line]), '-c', 'commit'];
    const { stderr, status } = await spawnCollect('/usr/bin/time', ['-v', 'psql', ...psqlArgs], process.env);
    const wallMs = Date.now() - started;
    if (status !== 0) throw new Error(`psql \\copy failed:\n${stderr}`);
    return { wallMs, cpuSeconds: timedCpuSeconds(stderr) + server.stop() };
  } finally {
    await scratch.drop();
  }
}

async function timedImport(dir: string): Promise<{ wallMs: number; cpuSeconds: number; clientCpuSeconds: number; peakKb: number; rescoreMs: number; rescoreScope: string }> {
  const scratch = await createScratchDatabase('lookout_bench_import');
  try {
    const env = { ...process.env, DATABASE_URL: scratch.url };
    run('npx', ['tsx', 'cli/lookout.ts', 'migrate'], env);
    run('npx', ['tsx', 'cli/lookout.ts', 'staff', 'add', '--email', ADMIN, '--role', 'admin', '--name', 'Bench admin', '--password', 'bench-password-1234'], env);
    const server = new ServerCpu('lookout_bench_import').start();
    const started = Date.now();
    const { stdout, stderr, status } = await spawnCollect('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', 'cli/lookout.ts', 'import', dir, '--as', ADMIN], env);
    const wallMs = Date.now() - started;
    const serverCpu = server.stop();
    if (status !== 0) throw new Error(`lookout import failed:\n${stdout}\n${stderr}`);
    process.stderr.write(stdout);
    const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    const rescore = /re-scored \((.+)\) in ([\d.]+) s/.exec(stdout);
    return {
      wallMs,
      cpuSeconds: timedCpuSeconds(stderr) + serverCpu,
      clientCpuSeconds: timedCpuSeconds(stderr),
      peakKb: Number(peak?.[1] ?? 0),
      rescoreMs: rescore ? Number(rescore[2]) * 1000 : 0,
      rescoreScope: rescore?.[1] ?? 'none',
    };
  } finally {
    await scratch.drop();
  }
}

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.slice(0, 3).join(' ')}… failed`);
}

function spawnCollect(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ stdout, stderr, status }));
  });
}

function readHeader(csv: string): string[] {
  const result = spawnSync('head', ['-n', '1', csv], { encoding: 'utf8' });
  return result.stdout.replace(/^\ufeff/, '').trim().split(',');
}

function countLines(file: string): number {
  return Number(spawnSync('wc', ['-l', file], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[0]);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
