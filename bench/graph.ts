#!/usr/bin/env tsx
/**
 * Benchmark (not a test): the account page's data at platform size on real PostgreSQL — profile and
 * age evidence (viewAccount), the first page of conversations, the ego graph with mutual links among
 * up to 500 peers and the first-contact timeline (viewEgoGraph), and the second hop (viewSecondHop) —
 * p50/p95 of the lib calls the page makes (their transactions and audit entries included), beside
 * the raw SQL of the same queries replayed on a plain connection in the same run.
 *
 *   npm run bench -- graph [--accounts 1000000] [--seed bench] [--samples 100] [--heavy 20] [--keep]
 *
 * The population comes from the generator (lib/generate; ~9.4 conversations per account, cached in
 * bench/out) and is loaded by COPY. `--heavy` accounts with 500 conversations each are added (adults
 * writing first to 500 accounts of neighbouring ids, so many of their peers share a school and are
 * linked): the issue's "account with 500 contacts" (target p95 ≤ 150 ms; typical ≤ 50 ms). About 2%
 * of accounts get a synthetic risk score, so the per-peer score lookups find rows.
 * LOOKOUT_BENCH_PG_URL picks the server (a role that may CREATE DATABASE and COPY from files).
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows, type Database } from '@/db/client';
import { staff } from '@/db/schema';
import { viewAccount, viewAccountContacts } from '@/lib/accounts/detail';
import type { LibContext } from '@/lib/context';
import { generatePopulation, TRUTH_FILE } from '@/lib/generate';
import { loadGeneratedPopulation } from '@/lib/generate/load';
import { viewEgoGraph } from '@/lib/graph/ego';
import { viewSecondHop } from '@/lib/graph/second-hop';
import { flag, option, percentile } from './support/common';
import { createScratchDatabase } from './support/scratch-database';

const ACCOUNTS = Number(option('accounts', '1000000'));
const SEED = option('seed', 'bench');
const SAMPLES = Number(option('samples', '100'));
const HEAVY = Number(option('heavy', '20'));
const DIR = path.join('bench', 'out', `risk-${ACCOUNTS}-${SEED}`); // the same cache as bench/risk-score.ts
const log = (line: string) => process.stdout.write(`${line}\n`);


// Every statement the lib sends, captured at the driver (pg.Client is what the pool hands out).
type Captured = { text: string; values: unknown[] };
let capture: Captured[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function patched(this: pg.Client, ...callArgs: unknown[]) {
  if (capture) {
    const [first, second] = callArgs as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    if (typeof first === 'string') capture.push({ text: first, values: Array.isArray(second) ? second : [] });
    // drizzle passes ({ text, rowMode, types }, params).
    else if (first && typeof first === 'object' && 'text' in first) capture.push({ text: first.text, values: first.values ?? (Array.isArray(second) ? second : []) });
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, callArgs);
} as typeof pg.Client.prototype.query;

/** The statements that read the page's data: not the transaction's frame nor the audit entry. */
function dataStatements(statements: Captured[]): Captured[] {
  return statements.filter(({ text }) => !/^\s*(begin|commit|rollback|savepoint|release)/i.test(text) && !/pg_advisory_xact_lock|audit_log/i.test(text));
}

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

const scratch = await createScratchDatabase('lookout_bench_graph');
const database: Database = await openDatabase({ url: scratch.url });
const raw = new pg.Client({ connectionString: scratch.url });
await raw.connect();
try {
  const started = performance.now();
  const how = await loadGeneratedPopulation(database, DIR);
  await plantHeavyAccounts(database, HEAVY);
  await database.db.execute(sql`insert into risk_scores (account_id, score, claimed_age, claimed_band, likely_band, as_of, computed_at, run_id)
    select account_id, (abs(hashtext(account_id)) % 10000) / 100.0, null, 'adult', 'adult', now(), now(), 1
    from accounts where abs(hashtext(account_id)) % 50 = 0 on conflict do nothing`);
  await database.db.execute(sql`vacuum analyze`);
  const [counts] = await queryRows<{ accounts: number; contacts: number }>(
    database.db,
    sql`select (select count(*) from accounts)::int as accounts, (select count(*) from contacts)::int as contacts`,
  );
  log(`loaded ${counts!.accounts} accounts, ${counts!.contacts} conversations (${how}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const [member] = await database.db
    .insert(staff)
    .values({ email: 'bench@lookout.local', role: 'moderator', passwordHash: 'not-a-login' })
    .returning({ id: staff.id, email: staff.email, role: staff.role });
  const ctx = (): LibContext => ({ db: database.db, actor: { type: 'staff', ...member! }, requestAddress: null, now: new Date('2026-11-01T00:00:00Z') });

  // Typical accounts: a sample of accounts with at least one conversation.
  const typical = (
    await queryRows<{ id: string }>(
      database.db,
      sql`select account_id as id from accounts a where exists (select 1 from contacts c where c.account_lo = a.account_id)
          order by md5(account_id || ${SEED}) limit ${SAMPLES}`,
    )
  ).map((row) => row.id);
  const heavy = Array.from({ length: HEAVY }, (_, i) => `bench-heavy-${i}`);

  /** The page's lib calls for one account, in the page's order; returns ms and what the ego graph found. */
  async function page(id: string) {
    const t0 = performance.now();
    await viewAccount(ctx(), id);
    await viewAccountContacts(ctx(), { accountId: id });
    const graph = await viewEgoGraph(ctx(), { accountId: id });
    const hop = await viewSecondHop(ctx(), { accountId: id });
    return { ms: performance.now() - t0, peers: graph.counts.peers, links: graph.counts.mutualLinks, hop: hop.accounts.length };
  }

  // The slowest statements of the raw replays, by their opening words: where the time goes.
  const slowest = new Map<string, { worst: number; total: number; runs: number }>();
  async function replay(statements: Captured[]) {
    const t0 = performance.now();
    for (const statement of statements) {
      const s0 = performance.now();
      await raw.query({ text: statement.text, values: statement.values });
      const took = performance.now() - s0;
      const key = statement.text.replace(/\s+/g, ' ').slice(0, 110);
      const seen = slowest.get(key) ?? { worst: 0, total: 0, runs: 0 };
      slowest.set(key, { worst: Math.max(seen.worst, took), total: seen.total + took, runs: seen.runs + 1 });
    }
    return performance.now() - t0;
  }

  for (const [label, ids] of [
    ['typical account', typical],
    ['account with 500 conversations', heavy],
  ] as const) {
    if (ids.length === 0) continue;
    // Capture each account's statements once (warming the cache), then time lib and raw call by call, twice.
    const statements = new Map<string, Captured[]>();
    const shape = { peers: [] as number[], links: [] as number[], hop: [] as number[] };
    for (const id of ids) {
      capture = [];
      const found = await page(id);
      statements.set(id, dataStatements(capture));
      capture = null;
      shape.peers.push(found.peers);
      shape.links.push(found.links);
      shape.hop.push(found.hop);
    }
    const libMs: number[] = [];
    const rawMs: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const id of ids) {
        libMs.push((await page(id)).ms);
        rawMs.push(await replay(statements.get(id)!));
      }
    }
    const perPage = [...statements.values()].reduce((n, s) => n + s.length, 0) / ids.length;
    log(`load average while timing: ${loadavg().map((n) => n.toFixed(1)).join(' ')} (this machine's 2 cores are shared: compare lib with raw, timed call by call)`);
    log(
      `${label} (${ids.length} accounts, median ${percentile(shape.peers, 50)} peers / max ${Math.max(...shape.peers)}, median ${percentile(shape.links, 50)} mutual links / max ${Math.max(...shape.links)}, ${perPage.toFixed(0)} statements a page):`,
    );
    log(`  lib (the page's calls, transactions and audit entries included): p50 ${percentile(libMs, 50).toFixed(1)} ms, p95 ${percentile(libMs, 95).toFixed(1)} ms`);
    log(`  raw SQL of the same statements:                                    p50 ${percentile(rawMs, 50).toFixed(1)} ms, p95 ${percentile(rawMs, 95).toFixed(1)} ms`);
    if (flag('statements')) {
      for (const [key, t] of [...slowest.entries()].sort((a, b) => b[1].total - a[1].total).slice(0, 6)) {
        log(`    ${(t.total / t.runs).toFixed(1)} ms mean, ${t.worst.toFixed(1)} ms worst: ${key}`);
      }
    }
    slowest.clear();
  }
} finally {
  await raw.end();
  await database.close();
  if (!flag('keep')) await scratch.drop();
}

/**
 * Adults writing first to 500 accounts each, taken from the two-hop neighbourhood of an ordinary
 * account (its school or workplace): many of the 500 know each other, so the mutual links are real work.
 */
async function plantHeavyAccounts(target: Database, n: number): Promise<void> {
  const seeds = await queryRows<{ id: string }>(
    target.db,
    sql`select account_lo as id from contacts group by account_lo having count(*) >= 8 order by md5(account_lo || 'heavy') limit ${n}`,
  );
  for (const [i, { id: seed }] of seeds.entries()) {
    const id = `bench-heavy-${i}`;
    await target.db.execute(sql`insert into accounts (account_id, username, display_name, claimed_birthdate, created_at, country, age_assurance)
      values (${id}, ${`heavy_${i}`}, ${`Heavy ${i}`}, '1980-01-01', '2024-01-01T00:00:00Z', 'GB', 'none')`);
    await target.db.execute(sql`insert into contacts
      with n1 as (
        select account_hi as id from contacts where account_lo = ${seed}
        union select account_lo from contacts where account_hi = ${seed}
      ),
      n2 as (
        select c.account_hi as id from n1 join contacts c on c.account_lo = n1.id
        union select c.account_lo from n1 join contacts c on c.account_hi = n1.id
      ),
      pool as (select ${seed}::varchar as id union select id from n1 union select id from n2),
      -- A small neighbourhood is topped up with strangers, so every heavy account has 500 conversations.
      strangers as (select account_id as id from accounts where account_id not like 'bench-%' order by md5(account_id || ${id}) limit 500),
      ranked as (
        select id, 0 as tier from pool where id not like 'bench-%'
        union all select id, 1 from strangers where id not in (select id from pool)
      ),
      chosen as (select id, row_number() over (order by tier, md5(id)) as k from ranked order by tier, md5(id) limit 500)
      select least(${id}, p.id), greatest(${id}, p.id), ${id}, p.id,
        timestamptz '2026-01-01' + p.k * interval '10 minutes', timestamptz '2026-10-01' + p.k * interval '1 minute', 20, 3, 0, 0
      from chosen p
      on conflict do nothing`);
  }
}
