/**
 * `npm test`: every test — eslint, unit/integration on PGlite and the same on real PostgreSQL (these
 * three side by side, each part's output printed whole when it ends), then Playwright against a
 * production build. Prints one closing line "N passed, N failed, N skipped".
 * Without a PostgreSQL server the second half is skipped, counted and named in that closing line;
 * under CI=true (.ci/run sets it) a missing PostgreSQL is a failure, never a skip. Under CI the
 * browser tests run against a fresh PostgreSQL database (LOOKOUT_E2E_ENGINE=postgres, see
 * scripts/e2e-server.ts); elsewhere on PGlite unless LOOKOUT_E2E_ENGINE says otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { databaseFreeTestFiles } from '@/tests/database-free';

const OUT = '.tmp/test-results';
const pgUrl = process.env.LOOKOUT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const onlyE2e = process.argv.includes('--e2e-only');
const skipE2e = process.argv.includes('--no-e2e');

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const halves: string[] = [];
/** Whole parts of the suite that did not run (outside CI only), named in the closing line. */
const skippedParts: string[] = [];
const underCi = process.env.CI === 'true';

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/**
 * Runs a part next to others: its output is kept and printed whole when it ends (two parts'
 * lines interleaved would be unreadable). Resolves to the exit status.
 */
function runBeside(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const finish = (status: number) => {
      process.stdout.write(`\n===== ${name} (${seconds(started)}) =====\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(status);
    };
    child.on('error', (error) => {
      output.push(Buffer.from(`${error.message}\n`));
      finish(1);
    });
    child.on('close', (code) => finish(code ?? 1));
  });
}

function seconds(since: number): string {
  return `${Math.round((Date.now() - since) / 1000)} s`;
}

interface Part {
  name: string;
  tally: Tally;
  started: number;
  ended: number;
}

async function lint(): Promise<Part> {
  const started = Date.now();
  const status = await runBeside('eslint (npm run lint)', 'npm', ['run', 'lint']);
  return { name: 'eslint (npm run lint)', tally: { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 }, started, ended: Date.now() };
}

async function vitest(engine: 'pglite' | 'postgres'): Promise<Part> {
  const started = Date.now();
  const report = `${OUT}/vitest-${engine}.json`;
  const status = await runBeside(`vitest on ${engine}`, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    LOOKOUT_TEST_ENGINE: engine,
  });
  const tally = readVitest(report);
  if (status !== 0 && tally.failed === 0) tally.failed = 1; // crashed before reporting
  return { name: `vitest on ${engine}`, tally, started, ended: Date.now() };
}

/** Tests a vitest JSON report counted outside the given files. */
function testsOutside(file: string, excluded: string[]): number {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { testResults: { name: string; assertionResults: unknown[] }[] };
    const left = new Set(excluded.map((name) => path.resolve(name)));
    return json.testResults.filter((result) => !left.has(path.resolve(result.name))).reduce((sum, result) => sum + result.assertionResults.length, 0);
  } catch {
    return 0;
  }
}

function readVitest(file: string): Tally {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    return { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests };
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}

function playwright(): void {
  const started = Date.now();
  const build = run('npx', ['next', 'build'], { NEXT_TELEMETRY_DISABLED: '1' });
  if (build !== 0) {
    add('next build', { passed: 0, failed: 1, skipped: 0 }, started);
    return;
  }
  const report = `${OUT}/playwright.json`;
  const engine = process.env.LOOKOUT_E2E_ENGINE ?? (underCi ? 'postgres' : 'pglite');
  const status = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report, LOOKOUT_E2E_ENGINE: engine });
  let tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  try {
    const stats = (JSON.parse(readFileSync(report, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
    tally = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  } catch {
    // no report: counted below as a failure
  }
  if (status !== 0 && tally.failed === 0) tally.failed = 1;
  add(`playwright (chromium, production build, ${engine})`, tally, started);
}

function addPart(part: Part): void {
  add(part.name, part.tally, part.started, part.ended);
}

function add(name: string, tally: Tally, started: number, ended = Date.now()): void {
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  halves.push(`  ${name}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped (${Math.round((ended - started) / 1000)} s)`);
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  if (!onlyE2e) {
    // eslint and the two vitest halves run side by side (docs/testing.md, "Run time"); each half
    // has databases of its own (in-memory PGlite, or fresh PostgreSQL databases, per file).
    const unreachable = await postgresReachable();
    const parts = await Promise.all([lint(), vitest('pglite'), unreachable === null ? vitest('postgres') : null]);
    for (const part of parts) if (part) addPart(part);
    if (unreachable !== null && underCi) {
      halves.push(`  vitest on postgres: FAILED — CI=true requires PostgreSQL at ${pgUrl} (${unreachable})`);
      total.failed += 1;
    } else if (unreachable !== null) {
      // The PostgreSQL half runs the PGlite half's files that open a database (tests/database-free.ts).
      const notRun = testsOutside(`${OUT}/vitest-pglite.json`, databaseFreeTestFiles());
      halves.push(`  vitest on postgres: SKIPPED ${notRun} tests — no PostgreSQL at ${pgUrl} (${unreachable}); set LOOKOUT_TEST_PG_URL to run it`);
      total.skipped += notRun;
      skippedParts.push(`the PostgreSQL half of vitest (${notRun} tests)`);
    }
  }
  if (!skipE2e) playwright();

  process.stdout.write(`\nLookout test summary\n${halves.join('\n')}\n`);
  const notRun = skippedParts.length ? ` — NOT RUN: ${skippedParts.join(', ')}; this is not a full pass` : '';
  process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped${notRun}\n`);
  process.exit(total.failed > 0 ? 1 : 0);
}

void main();
