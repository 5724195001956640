/**
 * Benchmark (not a test): the triage queue's first page and claim-next on real PostgreSQL with
 * ≥ 300,000 open reports. Each figure is the server-side time of the lib function the web app calls
 * (p50/p95 over many runs), beside the raw SQL of the same page or claim timed in the same run.
 *
 *   npx tsx bench/queue.ts [--reports 300000] [--accounts 100000] [--runs 200] [--keep 1]
 *
 * Uses LOOKOUT_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) to create and drop
 * a scratch database `lookout_bench_queue` (kept afterwards with --keep 1). Prints a Markdown table for
 * docs/performance.md.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows, type Db } from '@/db/client';
import { staff } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import { alternate, flag, option, percentile, type Timing } from './support/common';
import { createScratchDatabase } from './support/scratch-database';

type StaffActor = Extract<Actor, { type: 'staff' }>;
import { claimNext } from '@/lib/triage/claims';
import { countQueues, listQueue, queueViewQuery } from '@/lib/triage/listing';
import { routeWaitingReports } from '@/lib/triage/routing';
import { ctxOf } from '@/tests/helpers/context';

const REPORTS = Number(option('reports', '300000'));
const ACCOUNTS = Number(option('accounts', '100000'));
const RUNS = Number(option('runs', '200'));
const CLAIMS = Number(option('claims', '300')); // at least 100: the concurrent rounds reuse these moderators
const DB_NAME = 'lookout_bench_queue';

const WARM_UP = 10;
const time = (runs: number, ...candidates: ((index: number) => Promise<unknown>)[]) => alternate(runs, WARM_UP, ...candidates);

/** Accounts (a fifth of them minors), a few conversations, and open reports skewed towards few accounts. */
async function seed(db: Db) {
  await queryRows(
    db,
    sql`insert into accounts (account_id, username, claimed_birthdate, created_at, age_assurance)
        select 'a' || g, 'user' || g,
               case when g % 5 = 0 then date '2011-01-01' + (g % 2000) else date '1965-01-01' + (g % 12000) end,
               now() - interval '2 years', 'none'
        from generate_series(1, ${ACCOUNTS}) g`,
  );
  await queryRows(
    db,
    sql`insert into contacts (account_lo, account_hi, initiator_id, recipient_id, first_contact_at, last_contact_at)
        select least(x, y), greatest(x, y), x, y, now() - interval '30 days', now() - interval '1 day'
        from (select distinct 'a' || (1 + (g::bigint * 7919) % ${ACCOUNTS}) as x, 'a' || (1 + (g::bigint * 104729) % ${ACCOUNTS}) as y
              from generate_series(1, ${ACCOUNTS * 2}) g) pairs
        where x <> y
        on conflict do nothing`,
  );
  // Reported accounts follow a power law (a few accounts draw many reports); categories are mostly spam.
  await queryRows(
    db,
    sql`insert into reports (report_id, reporter_id, reported_id, category, description, created_at, source)
        select 'r' || g,
               'a' || (1 + floor(random() * ${ACCOUNTS})::int),
               'a' || (1 + floor(power(random(), 3) * ${ACCOUNTS})::int),
               (array['spam','spam','spam','spam','harassment','harassment','other','other','grooming','sexual_content','age_misrepresentation','self_harm'])[1 + floor(random() * 12)::int]::report_category,
               'report text ' || g,
               now() - random() * interval '7 days',
               'user'
        from generate_series(1, ${REPORTS}) g`,
  );
  await queryRows(db, sql`analyze`);
}

async function main() {
  const scratch = await createScratchDatabase(DB_NAME);
  const database = await openDatabase({ url: scratch.url });
  const raw = new pg.Pool({ connectionString: scratch.url, max: 4 });
  // Dropping the scratch database at the end ends any connection still idle in the pool.
  raw.on('error', () => undefined);
  const { db } = database;
  try {
    let start = performance.now();
    await seed(db);
    const seedSeconds = (performance.now() - start) / 1000;

    const members = await db
      .insert(staff)
      .values([
        { email: 'admin@bench', role: 'admin', passwordHash: 'x' },
        ...Array.from({ length: CLAIMS + WARM_UP + 1 }, (_, i) => ({ email: `m${i}@bench`, role: 'moderator' as const, passwordHash: 'x' })),
      ])
      .returning();
    const actors: StaffActor[] = members.map((member) => ({ type: 'staff', id: member.id, email: member.email, role: member.role }));
    const [adminActor, moderator, ...claimers] = actors as [StaffActor, StaffActor, ...StaffActor[]];

    start = performance.now();
    const routed = await routeWaitingReports(ctxOf(db, adminActor), { batchSize: 5000 });
    const routeSeconds = (performance.now() - start) / 1000;
    // Measure the steady state autovacuum keeps: visibility map set, statistics current.
    await raw.query('vacuum (analyze)');
    const [sizes] = await queryRows<{ reports: number; open_reports: number; items: number }>(
      db,
      sql`select (select count(*) from reports)::int as reports, (select count(*) from reports where status = 'open')::int as open_reports,
                 (select count(*) from queue_items where status in ('open', 'in_review', 'escalated'))::int as items`,
    );
    const counts = await countQueues(ctxOf(db, moderator));

    const figures: { what: string; lib: Timing; raw?: Timing }[] = [];
    for (const queueId of ['everything-else', 'child-safety']) {
      const query = queueViewQuery.parse({ queue: queueId });
      const target = counts.find((count) => count.queue.id === queueId)!.queue.targetMinutes;
      const pageSql = `select qi.id, qi.reported_id, a.username, a.status as account_status, a.claimed_birthdate::text as claimed_birthdate,
          a.age_assurance, qi.status, qi.lane, qi.severity, qi.risk_score, qi.report_count, qi.reporter_count,
          qi.categories::text[] as categories, qi.oldest_report_at, qi.newest_report_at,
          qi.oldest_report_at < now() - $2::int * interval '1 minute' as overdue,
          case when qi.lease_expires_at is null or qi.lease_expires_at >= now() then s.email end as assignee_email,
          qi.escalation_target, qi.version,
          array[qi.lane::text, (-qi.priority)::text, to_char(qi.oldest_report_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), qi.id::text] as cursor
        from (select qi.* from queue_items qi where qi.queue_id = $1 and qi.status in ('open', 'in_review', 'escalated')
              order by qi.lane asc, (-qi.priority) asc, qi.oldest_report_at asc, qi.id asc limit 51) qi
        left join accounts a on a.account_id = qi.reported_id left join staff s on s.id = qi.assignee_id
        order by qi.lane asc, (-qi.priority) asc, qi.oldest_report_at asc, qi.id asc`;
      figures.push({
        what: `first page, ${queueId} (priority sort, 50 rows)`,
        ...(await time(
          RUNS,
          () => listQueue(ctxOf(db, moderator), query),
          () => raw.query(pageSql, [queueId, target]),
        ).then(([lib, rawSql]) => ({ lib: lib!, raw: rawSql! }))),
      });
    }
    // A page deep in the queue costs the same as the first: keyset, no OFFSET.
    let cursor: string | undefined;
    let pages = 1;
    const base = queueViewQuery.parse({ queue: 'everything-else' });
    for (; pages <= 100; pages++) {
      const next = (await listQueue(ctxOf(db, moderator), { ...base, after: cursor })).nextCursor;
      if (!next) break;
      cursor = next;
    }
    figures.push({
      what: `page ${pages}, everything-else (keyset cursor)`,
      lib: (await time(RUNS, () => listQueue(ctxOf(db, moderator), { ...base, after: cursor })))[0]!,
    });
    figures.push({
      what: 'first page, everything-else, filtered to spam + overdue',
      lib: (await time(RUNS, () => listQueue(ctxOf(db, moderator), queueViewQuery.parse({ queue: 'everything-else', category: 'spam', overdue: '1' }))))[0]!,
    });
    figures.push({ what: 'counts per queue (waiting, unassigned, overdue)', lib: (await time(Math.min(RUNS, 50), () => countQueues(ctxOf(db, moderator))))[0]! });

    // Claim-next: every claim takes a new item for a new moderator (transaction + event + audit entry).
    const claimSql = `with next as (
        select id from queue_items where queue_id = $1 and status in ('open', 'in_review', 'escalated')
          and (assignee_id is null or lease_expires_at < now())
        order by lane, (-priority), oldest_report_at, id limit 1 for update skip locked)
      update queue_items qi set assignee_id = $2, lease_expires_at = now() + interval '15 minutes'
      from next where qi.id = next.id returning qi.id`;
    // The bare statement, autocommitted; all its claims go to the admin, who never claims through the lib.
    const [claimLib, claimRaw] = await time(
      CLAIMS,
      (i) => claimNext(ctxOf(db, claimers[i]!), 'everything-else'),
      () => raw.query(claimSql, ['everything-else', adminActor.id]),
    );
    figures.push({ what: 'claim-next (one moderator at a time)', lib: claimLib!, raw: claimRaw! });

    // Four moderators pressing "Start reviewing" at once, 25 rounds, in a queue none of them holds an item in.
    const concurrent: number[] = [];
    let distinct = 0;
    for (let round = 0; round < 25; round++) {
      const group = claimers.slice(round * 4, round * 4 + 4);
      const results = await Promise.all(
        group.map(async (actor) => {
          const began = performance.now();
          const claim = await claimNext(ctxOf(db, actor), 'child-safety');
          concurrent.push(performance.now() - began);
          return claim?.itemId;
        }),
      );
      if (new Set(results).size === results.length && results.every(Boolean)) distinct += 1;
    }
    figures.push({ what: 'claim-next, 4 moderators at once (per claim)', lib: { p50: percentile(concurrent, 50), p95: percentile(concurrent, 95) } });

    const ms = (value: number) => value.toFixed(1);
    const lines = [
      `Data: ${sizes!.reports.toLocaleString('en')} reports (${sizes!.open_reports.toLocaleString('en')} open) about ${ACCOUNTS.toLocaleString('en')} accounts → ${sizes!.items.toLocaleString('en')} waiting queue items; ` +
        counts.map((count) => `${count.queue.name} ${count.waiting.toLocaleString('en')}`).join(', ') +
        '.',
      `Seeding took ${seedSeconds.toFixed(0)} s; routing all ${routed.routed.toLocaleString('en')} reports into queues (lookout route) took ${routeSeconds.toFixed(0)} s ` +
        `(${Math.round(routed.routed / routeSeconds).toLocaleString('en')} reports/s).`,
      `Concurrent claims: ${distinct}/25 rounds gave four different items.`,
      '',
      '| what | lib p50 (ms) | lib p95 (ms) | raw SQL p50 (ms) | raw SQL p95 (ms) | lib / raw at p50 |',
      '|---|---:|---:|---:|---:|---:|',
      ...figures.map(
        (figure) =>
          `| ${figure.what} | ${ms(figure.lib.p50)} | ${ms(figure.lib.p95)} | ${figure.raw ? ms(figure.raw.p50) : '–'} | ${figure.raw ? ms(figure.raw.p95) : '–'} | ` +
          `${figure.raw ? `${(figure.lib.p50 / figure.raw.p50).toFixed(1)}×` : '–'} |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await raw.end();
    await database.close();
    if (!flag('keep')) await scratch.drop();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
