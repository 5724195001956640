#!/usr/bin/env tsx
/**
 * Benchmark (not a test): every page of the console as its users see it, from outside, at platform
 * size. A generated population is loaded into a scratch PostgreSQL database, scored and routed (so the
 * risk list and the queues are full); a production build (`next build`) is served by scripts/serve.ts
 * against it as the app role; staff of each role sign in over HTTP; then each page is requested with
 * its role's session cookie by 1, 10 and 50 concurrent users (each user its own session), giving
 * p50/p95 and pages/s per page, and at 10 users the CPU each page cost the app server (all its
 * processes), PostgreSQL and the bench itself — the three share this machine's cores, so those
 * figures say what a page's throughput is bound by. Each page's largest contentful paint is read
 * in Chromium.
 * First-load JavaScript per route comes from the build's manifests. The floor in the same run:
 * /api/health (one `select 1`) and the signed-out /signin page.
 *
 *   npm run bench -- pages [--accounts 200000] [--seed bench] [--requests 200] [--warmup 300] [--only /risk,/queues]
 *                          [--reuse-build] [--keep] [--port 3390] [--processes 2] [--cpu-prof DIR]
 *
 * `--requests` is the number of timed requests per page at each concurrency (at least two per user; the p95 of
 * 40 was nearly their maximum, one slow request moved it by 100 ms);
 * `--warmup` the untimed requests per page by 10 users before its first timed run (0: one request);
 * `--reuse-build` serves the .next already built instead of building again; `--processes` sets how
 * many server processes scripts/serve.ts runs (default: its own default, one);
 * `--cpu-prof DIR` has each server process write a V8 CPU profile there when the bench stops it.
 * Targets (issue 14): p95 ≤ 150 ms per page at 10 concurrent users, LCP ≤ 1.0 s, first-load JS ≤ 250 KB.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { chromium } from '@playwright/test';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { staff } from '@/db/schema';
import { DEFAULT_KEY_FILE, generateAuditKey } from '@/lib/audit/anchor-config';
import { hashPassword } from '@/lib/auth/password';
import { can, type Actor } from '@/lib/auth/permissions';
import { ROLES, type Role } from '@/lib/auth/roles';
import { ROUTE_PERMISSIONS } from '@/lib/auth/routes';
import { generatePopulation, TRUTH_FILE } from '@/lib/generate';
import { loadGeneratedPopulation } from '@/lib/generate/load';
import { createRequest, requestIntakeSchema } from '@/lib/police/intake';
import { createReferral } from '@/lib/police/referrals';
import { scoreAll } from '@/lib/risk/score';
import { routeWaitingReports } from '@/lib/triage/routing';
import { ctxOf } from '@/tests/helpers/context';
import { flag, option, percentile } from './support/common';
import { firstLoadJavaScript } from './support/first-load-js';
import { e2eServeEnv } from '@/scripts/e2e-database';
import { serveCommand } from '@/server/serve-processes';
import { createScratchDatabase } from './support/scratch-database';
import { ProcessTreeCpu, ServerCpu } from './support/server-cpu';

const ACCOUNTS = Number(option('accounts', '200000'));
const SEED = option('seed', 'bench');
const REQUESTS = Number(option('requests', '200'));
const WARMUP = Number(option('warmup', '300'));
const PORT = Number(option('port', '3390'));
const PROCESSES = option('processes', '');
const CPU_PROFILE_DIR = option('cpu-prof', '');
const ONLY = option('only', '')
  .split(',')
  .filter(Boolean);
const CONCURRENCY = [1, 10, 50] as const;
const USERS_PER_ROLE = Math.max(...CONCURRENCY);
const DIR = path.join('bench', 'out', `risk-${ACCOUNTS}-${SEED}`); // the same cache as bench/risk-score.ts and graph.ts
const SERVER_DIR = path.resolve('bench', 'out', 'pages-server');
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-pages-password';
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');


if (!existsSync(path.join(DIR, TRUTH_FILE))) {
  const started = performance.now();
  await generatePopulation({
    out: DIR,
    accounts: ACCOUNTS,
    seed: SEED,
    onProgress: (p) => process.stderr.write(`generate: ${p.accounts}/${p.total} accounts, ${p.conversations} conversations\n`),
  });
  log(`generated ${DIR} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const SCRATCH_DATABASE = 'lookout_bench_pages';
const scratch = await createScratchDatabase(SCRATCH_DATABASE);
let server: ChildProcess | undefined;
try {
  const database = await openDatabase({ url: scratch.url });
  const ids = await preparePlatform(database);
  await database.close();

  if (!flag('reuse-build') || !existsSync('.next/BUILD_ID')) {
    log('building (next build) …');
    const build = spawnSync('npx', ['next', 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) throw new Error('next build failed');
  }
  server = await startServer(scratch.url);

  const sessions = new Map<Role, string[]>();
  for (const role of ROLES) {
    const cookies: string[] = [];
    for (let i = 0; i < USERS_PER_ROLE; i++) cookies.push(await signIn(`${role}${i}@bench.lookout`));
    sessions.set(role, cookies);
  }
  log(`signed in ${USERS_PER_ROLE} staff of each role (${ROLES.join(', ')}) over HTTP`);

  const pages = pagesToMeasure(ids).filter((page) => ONLY.length === 0 || ONLY.includes(page.route));
  const signedOut = Array.from({ length: USERS_PER_ROLE }, () => '');
  const floor = [
    { route: '/api/health (floor: one select 1)', url: '/api/health', cookies: signedOut },
    { route: '/signin signed out (floor: a page without data)', url: '/signin', cookies: signedOut },
  ];
  const rows: string[] = [];
  log(`\nload average before timing: ${load()} (2 shared cores)`);
  log('\n| page | role | HTML KB | 1 user p50 / p95 (ms) | pages/s | 10 users p50 / p95 (ms) | pages/s | CPU ms per page at 10 users: app / database / bench | 50 users p50 / p95 (ms) | pages/s | load avg |');
  log('|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|');
  for (const page of [...floor, ...pages.map((p) => ({ ...p, cookies: sessions.get(p.role)! }))]) {
    const role = 'role' in page ? String(page.role) : '–';
    let bytes: number;
    try {
      bytes = await warmUp(page.url, page.cookies);
    } catch (error) {
      // A page that does not answer 200 is reported and skipped, not timed.
      log(`| ${page.route} | ${role} | ${(error as Error).message} |`);
      continue;
    }
    const cells: string[] = [];
    for (const users of CONCURRENCY) {
      // CPU is sampled (from /proc, every 100 ms) at 10 users only, so the other runs bear no sampling.
      const cpu = users === 10 ? { app: new ProcessTreeCpu(server.pid!).start(), database: new ServerCpu(SCRATCH_DATABASE).start(), bench: process.cpuUsage() } : null;
      const result = await hammer(page.url, page.cookies.slice(0, users), Math.max(REQUESTS, users * 2));
      cells.push(`${result.p50.toFixed(0)} / ${result.p95.toFixed(0)}`, result.perSecond.toFixed(1));
      if (cpu) {
        const perPage = (seconds: number) => ((seconds * 1000) / result.count).toFixed(1);
        const { user, system } = process.cpuUsage(cpu.bench);
        cells.push(`${perPage(cpu.app.stop())} / ${perPage(cpu.database.stop())} / ${perPage((user + system) / 1e6)}`);
      }
    }
    const row = `| ${page.route} | ${role} | ${(bytes / 1024).toFixed(0)} | ${cells.join(' | ')} | ${load()} |`;
    rows.push(row);
    log(row);
  }

  log('\nlargest contentful paint in Chromium (median of 3 loads, each page as its role):');
  log('| page | LCP (ms) | load avg |');
  log('|---|---:|---|');
  for (const [route, ms, loadThen] of await measureLcp(pages, sessions)) log(`| ${route} | ${ms.toFixed(0)} | ${loadThen} |`);

  log('\nfirst-load JavaScript per route (the build manifests: every script a route loads first, gzip and raw):');
  log('| route | gzip KB | raw KB |');
  log('|---|---:|---:|');
  for (const { route, gzipBytes, rawBytes } of firstLoadJavaScript('.next')) log(`| ${route} | ${(gzipBytes / 1024).toFixed(0)} | ${(rawBytes / 1024).toFixed(0)} |`);
  log(`\nload average at the end: ${load()}`);
} finally {
  if (server) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  if (!flag('keep')) await scratch.drop();
}

interface PageIds {
  accountId: string;
  itemId: string;
  staffId: string;
  seq: number;
  requestId: string;
  referralId: string;
}

/** Loads, scores and routes the population, adds the staff who sign in and one police request and referral; returns ids for dynamic pages. */
async function preparePlatform(database: Database): Promise<PageIds> {
  const started = performance.now();
  const how = await loadGeneratedPopulation(database, DIR);
  const passwordHash = await hashPassword(PASSWORD);
  const members = await database.db
    .insert(staff)
    .values(ROLES.flatMap((role) => Array.from({ length: USERS_PER_ROLE }, (_, i) => ({ email: `${role}${i}@bench.lookout`, role, passwordHash }))))
    .returning({ id: staff.id, email: staff.email, role: staff.role });
  const actorOf = (role: Role): Actor => ({ type: 'staff', ...members.find((m) => m.role === role)! });
  const admin = ctxOf(database.db, actorOf('admin'), { now: new Date() });
  const scored = await scoreAll(admin, {});
  const routed = await routeWaitingReports(admin);
  await database.db.execute(sql`vacuum analyze`);
  const [counts] = await queryRows<{ accounts: number; contacts: number; reports: number; items: number; scores: number }>(
    database.db,
    sql`select (select count(*) from accounts)::int as accounts, (select count(*) from contacts)::int as contacts,
      (select count(*) from reports)::int as reports, (select count(*) from queue_items)::int as items, (select count(*) from risk_scores)::int as scores`,
  );
  log(
    `loaded ${counts!.accounts} accounts, ${counts!.contacts} conversations, ${counts!.reports} reports (${how}); ${scored.scored} scored (${counts!.scores} rows), ${routed.routed} reports routed into ${counts!.items} queue items, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  const [top] = await queryRows<{ id: string }>(database.db, sql`select account_id as id from risk_scores order by score desc limit 1`);
  const [item] = await queryRows<{ id: string }>(database.db, sql`select id from queue_items where status = 'open' order by priority desc limit 1`);
  const liaison = ctxOf(database.db, actorOf('liaison'), { now: new Date() });
  const request = await createRequest(
    liaison,
    requestIntakeSchema.parse({
      type: 'court_order',
      jurisdiction: 'United Kingdom',
      timeZone: 'Europe/London',
      agency: 'Bench Constabulary',
      officerName: 'DS Bench',
      officerEmail: 'ds.bench@police.example',
      legalReference: 'BENCH/1',
      issuingCourt: 'Bench Crown Court',
      rangeFrom: '2025-01-01',
      rangeTo: '2026-06-30',
      categories: ['subscriber', 'non_content'],
      targets: top!.id,
    }),
  );
  const referral = await createReferral(ctxOf(database.db, actorOf('moderator'), { now: new Date() }), {
    accountId: top!.id,
    ground: 'child_sexual_exploitation',
    summary: 'Benchmark referral of the highest-scored account',
  });
  const [last] = await queryRows<{ seq: number }>(database.db, sql`select max(seq)::int as seq from audit_log`);
  return { accountId: top!.id, itemId: item!.id, staffId: members[0]!.id, seq: last!.seq, requestId: request.id, referralId: referral.id };
}

/** Every page of lib/auth/routes.ts (not API routes, not sign-in), its dynamic segments filled, as the first role that may open it. */
function pagesToMeasure(ids: PageIds): { route: string; url: string; role: Role }[] {
  const segments: Record<string, string> = {
    '[accountId]': ids.accountId,
    '[itemId]': ids.itemId,
    '[staffId]': ids.staffId,
    '[seq]': String(ids.seq),
    '[requestId]': ids.requestId,
    '[referralId]': ids.referralId,
  };
  const pages: { route: string; url: string; role: Role }[] = [];
  for (const [route, permission] of Object.entries(ROUTE_PERMISSIONS)) {
    if (route.startsWith('/api/') || permission === 'public' || permission === 'integration') continue;
    // A disclosure package exists only once a request went through legal review: not built here.
    if (route.includes('[packageId]')) continue;
    const url = route.replace(/\[[^\]]+\]/g, (segment) => encodeURIComponent(segments[segment]!));
    const role = (['moderator', 'liaison', 'admin'] as const).find((r) => can(r, permission))!;
    pages.push({ route, url, role });
  }
  return pages;
}

async function startServer(ownerUrl: string): Promise<ChildProcess> {
  rmSync(SERVER_DIR, { recursive: true, force: true });
  mkdirSync(SERVER_DIR, { recursive: true });
  await generateAuditKey(path.join(SERVER_DIR, DEFAULT_KEY_FILE));
  // Node itself with tsx's loader (serveCommand): Node refuses --cpu-prof in NODE_OPTIONS, and cluster processes inherit the flags.
  const child = spawn(...serveCommand(CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROFILE_DIR)}`] : []), {
    env: {
      ...process.env,
      // As the production server runs: lookout_app, the owner for migrations only, its signing key.
      ...e2eServeEnv(PORT, SERVER_DIR, ownerUrl),
      // The bench signs in with passwords alone, as the e2e server does; the session checks are the same.
      LOOKOUT_REQUIRE_MFA: '0',
      LOOKOUT_TOTP_KEY: randomBytes(32).toString('base64'),
      LOOKOUT_LOG_LEVEL: 'warn',
      ...(PROCESSES ? { LOOKOUT_SERVE_PROCESSES: PROCESSES } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // scripts/serve.ts prints this line once every process has started (and says how many).
  let listening = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    const line = /Lookout listening on .*/.exec(chunk.toString());
    if (!line) return;
    log(`server: ${line[0]}`);
    listening = true;
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if (listening && (await fetch(`${BASE}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error('the server did not start and answer /api/health within two minutes');
}

/** Cookie header from a response's Set-Cookie lines (name=value only). */
function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(';')[0]!);
}

/** Auth.js's credentials sign-in over HTTP (the CSRF token and its cookie, then the callback); returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const csrfResponse = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(csrfResponse).join('; '), origin: BASE },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `${BASE}/` }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.includes('session-token='));
  if (!session) throw new Error(`sign-in of ${email} gave no session cookie (status ${response.status})`);
  return session;
}

async function fetchPage(url: string, cookie: string): Promise<number> {
  const response = await fetch(`${BASE}${url}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return body.byteLength;
}

/**
 * Untimed requests before a page is timed, returning its HTML size: one to check it answers, then
 * `--warmup` more by 10 users. A production server compiles nothing, but V8 optimises a page's code
 * only after running it many times: with two requests of warm-up the timed runs measured the JIT
 * (the app's CPU per /risk view fell from 19 to 11 ms over its first 2,000 views), not what
 * moderators meet on a server that has been up all day.
 */
async function warmUp(url: string, cookies: string[]): Promise<number> {
  const bytes = await fetchPage(url, cookies[0]!);
  if (WARMUP > 0) await hammer(url, cookies.slice(0, 10), WARMUP);
  return bytes;
}

/** `total` requests by as many concurrent users as there are cookies, each user one request after another. */
async function hammer(url: string, cookies: string[], total: number) {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    cookies.map(async (cookie) => {
      while (next < total) {
        next++;
        const t0 = performance.now();
        await fetchPage(url, cookie);
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), perSecond: samples.length / seconds, count: samples.length };
}

/** Each page loaded three times in Chromium by one user of its role; the median largest contentful paint. */
async function measureLcp(pages: { route: string; url: string; role: Role }[], sessions: Map<Role, string[]>): Promise<[string, number, string][]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const results: [string, number, string][] = [];
  try {
    for (const role of ROLES) {
      const context = await browser.newContext();
      const [name, value] = sessions.get(role)![0]!.split(/=(.*)/s) as [string, string];
      await context.addCookies([{ name, value, url: BASE }]);
      const tab = await context.newPage();
      for (const page of pages.filter((p) => p.role === role)) {
        const paints: number[] = [];
        for (let i = 0; i < 3; i++) {
          await tab.goto(`${BASE}${page.url}`, { waitUntil: 'load' });
          paints.push(
            await tab.evaluate(
              () =>
                new Promise<number>((resolve) => {
                  new PerformanceObserver((list) => {
                    const entries = list.getEntries();
                    resolve(entries[entries.length - 1]!.startTime);
                  }).observe({ type: 'largest-contentful-paint', buffered: true });
                  // A page whose largest element never painted reports nothing: count it as unmeasured.
                  setTimeout(() => resolve(Number.NaN), 3000);
                }),
            ),
          );
        }
        results.push([page.route, percentile(paints, 50), load()]);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}
