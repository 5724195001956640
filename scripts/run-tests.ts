/**
 * `npm test`: every test, in order — unit/integration on PGlite, the same on real PostgreSQL,
 * then Playwright against a production build. Prints one closing line "N passed, N failed, N skipped".
 * Without a PostgreSQL server the second half is skipped, counted and named in that closing line;
 * under CI=true (.ci/run sets it) a missing PostgreSQL is a failure, never a skip. Under CI the
 * browser tests run against a fresh PostgreSQL database (LOOKOUT_E2E_ENGINE=postgres, see
 * scripts/e2e-server.ts); elsewhere on PGlite unless LOOKOUT_E2E_ENGINE says otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';

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

function vitest(engine: 'pglite' | 'postgres'): Tally {
  const report = `${OUT}/vitest-${engine}.json`;
  const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    LOOKOUT_TEST_ENGINE: engine,
  });
  const tally = readVitest(report);
  if (status !== 0 && tally.failed === 0) tally.failed = 1; // crashed before reporting
  add(`vitest on ${engine}`, tally);
  return tally;
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
  const build = run('npx', ['next', 'build'], { NEXT_TELEMETRY_DISABLED: '1' });
  if (build !== 0) {
    add('next build', { passed: 0, failed: 1, skipped: 0 });
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
  add(`playwright (chromium, production build, ${engine})`, tally);
}

function add(name: string, tally: Tally): void {
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  halves.push(`  ${name}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
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
    const lint = run('npm', ['run', 'lint']);
    add('eslint (npm run lint)', { passed: lint === 0 ? 1 : 0, failed: lint === 0 ? 0 : 1, skipped: 0 });
    const pglite = vitest('pglite');
    const unreachable = await postgresReachable();
    if (unreachable === null) {
      vitest('postgres');
    } else if (underCi) {
      halves.push(`  vitest on postgres: FAILED — CI=true requires PostgreSQL at ${pgUrl} (${unreachable})`);
      total.failed += 1;
    } else {
      // The same files run on both engines: the PostgreSQL half would have run as many tests as the PGlite half.
      const notRun = pglite.passed + pglite.failed + pglite.skipped;
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
