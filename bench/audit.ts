/**
 * Benchmark (not a test): the audit explorer over a log of 1,000,000 entries on real PostgreSQL.
 * Each figure is the server-side time of the lib function the page calls (p50/p95 over many runs),
 * beside the raw SQL of the same page sent straight through `pg`, alternated call by call in the
 * same run.
 *
 *   npx tsx bench/audit.ts [--entries 1000000] [--runs 200] [--keep 1]
 *
 * The entries are inserted with one generate_series statement as the tables' owner. Their hashes
 * are placeholders, NOT a valid chain: nothing the explorer reads looks at the chain, and
 * recomputing a million chained SHA-256 hashes would only time the seeding. (lib/audit/log.ts's
 * appendAudit still appends the explorer's own audit.view entries on top, with real hashes.)
 * Uses LOOKOUT_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) to create and drop
 * a scratch database `lookout_bench_audit`. Prints a Markdown table for docs/performance.md.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows } from '@/db/client';
import { staff } from '@/db/schema';
import { findUnusualAccess } from '@/lib/audit/access';
import { exportAuditCsv } from '@/lib/audit/export-view';
import { appendAudit } from '@/lib/audit/log';
import { listAuditEntries, type AuditQuery } from '@/lib/audit/query';
import type { Actor } from '@/lib/auth/permissions';
import type { LibContext } from '@/lib/context';
import { alternate, option, type Timing } from './support/common';
import { benchAdminUrl, createScratchDatabase } from './support/scratch-database';

type StaffActor = Extract<Actor, { type: 'staff' }>;

const ENTRIES = Number(option('entries', '1000000'));
const RUNS = Number(option('runs', '200'));
const KEEP = option('keep', '0') === '1';
/** Time an existing scratch database again (kept with --keep 1), without seeding it anew. */
const REUSE = option('reuse', '0') === '1';
const DB_NAME = 'lookout_bench_audit';
const MODERATORS = 40;
const ACCOUNTS = 200_000;
/** The log spans 90 days, ending now. */
const SPAN_DAYS = 90;
const WARM_UP = 10;

const time = (runs: number, ...candidates: ((index: number) => Promise<unknown>)[]) => alternate(runs, WARM_UP, ...candidates);

/**
 * A million entries shaped like a busy team's log: views of accounts, report items and risk pages,
 * claims and decisions with reasons, sign-ins, API ingests, police work; a few heavy moderators.
 */
/** A constant text array as SQL (the seed's own constants: no quotes in them). */
const textArray = (values: string[]) => `(array[${values.map((value) => `'${value}'`).join(', ')}])`;

async function seed(db: LibContext['db'], staffIds: string[]) {
  const reasons = [
    'spam wave from new accounts',
    'grooming messages to several minors',
    'harassment in a group chat',
    'asked a child to move to another app',
    'sexual content sent to a minor',
    'duplicate of an earlier report',
    'no breach of the rules found',
    'self harm talk, signposted to help',
    'impersonation of a teacher',
    'repeated slurs after a warning',
  ];
  await queryRows(
    db,
    sql`insert into audit_log (seq, at, actor_type, actor_id, actor_email, actor_role, action, target_type, target_id, changes, reason, request_address, prev_hash, hash)
        select g,
               now() - ${`${SPAN_DAYS} days`}::interval + (g::float8 / ${ENTRIES}) * ${`${SPAN_DAYS} days`}::interval,
               case when k = 19 then 'integration' else 'staff' end,
               case when k = 19 then 'integration-1' else ${sql.raw(textArray(staffIds))}[1 + floor(power(h, 2) * ${staffIds.length})::int] end,
               case when k = 19 then null else 'staff@bench' end,
               case when k = 19 then null else 'moderator' end,
               (array['account.view','account.view','account.view','account.view','account.view','account.view',
                      'triage.item.view','triage.item.view','triage.item.view','triage.item.view',
                      'triage.claim','triage.claim','triage.resolve','triage.resolve','triage.dismiss',
                      'risk.view','account.contacts.view','police_request.view','staff.sign_in','report.ingest'])[k + 1],
               case when k < 6 or k in (15, 16) then 'account' when k < 15 then 'queue_item' when k = 17 then 'police_request' when k = 18 then 'staff' else 'report' end,
               case when k < 6 or k in (15, 16) then 'acc_' || a
                    when k < 15 then md5('item' || (a % 50000))::uuid::text
                    when k = 17 then md5('req' || (a % 300))::uuid::text
                    else 'x' || g end,
               case when k between 6 and 14 then jsonb_build_object('reportedId', 'acc_' || a, 'from', 'open', 'to', case when k in (12, 13) then 'resolved' when k = 14 then 'dismissed' else 'in_review' end)
                         || case when k in (12, 13) then jsonb_build_object('accountAction', (array['warn','restrict','suspend','ban'])[1 + (g % 4)]) else '{}'::jsonb end
                    when k = 19 then jsonb_build_object('created', jsonb_build_array('r' || g), 'duplicates', '[]'::jsonb)
                    else '{}'::jsonb end,
               case when k between 12 and 14 then ${sql.raw(textArray(reasons))}[1 + (g % ${reasons.length})] || ' (case ' || (g % 997) || ')' end,
               '10.0.' || (g % 250) || '.' || (g % 200),
               lpad(to_hex(g - 1), 64, '0'),
               lpad(to_hex(g), 64, '0')
        from (select g, (hashtext('k' || g) & 2147483647) % 20 as k, ((hashtext('a' || g) & 2147483647) % ${ACCOUNTS}) + 1 as a,
                     ((hashtext('h' || g) & 2147483647) % 1000000) / 1000000.0 as h
              from generate_series(1, ${ENTRIES}) g) s`,
  );
}

/**
 * What access oversight checks each view against: the viewed accounts (a fifth of them children),
 * a queue item about each, and for half the views a claim of that item by the viewer a minute
 * before the view — so a view's basis is looked up in tables of real size, found for some views
 * and not for others.
 */
async function seedAccessBasis(db: LibContext['db']) {
  await queryRows(
    db,
    sql`insert into accounts (account_id, username, claimed_birthdate, created_at)
        select 'acc_' || g, 'user_' || g, case when g % 5 = 0 then date '2013-01-01' else date '1990-01-01' end + (g % 365), now() - interval '2 years'
        from generate_series(1, ${ACCOUNTS}) g`,
  );
  await queryRows(
    db,
    sql`insert into queue_items (id, queue_id, reported_id, status, lane, severity, priority, oldest_report_at, newest_report_at, report_count, reporter_count, categories, created_at)
        select md5('basis' || g)::uuid, 'everything-else', 'acc_' || g, 'in_review', 0, 1, 1, now() - interval '100 days', now() - interval '100 days', 1, 1, '{spam}', now() - interval '100 days'
        from generate_series(1, ${ACCOUNTS}) g`,
  );
  await queryRows(
    db,
    sql`insert into moderation_events (item_id, reported_id, kind, actor_type, actor_id, created_at)
        select md5('basis' || substr(account, 5))::uuid, account, 'claimed', 'staff', actor_id, at - interval '1 minute'
        from (
          select seq, at, actor_id, case when target_type = 'account' then target_id else changes->>'reportedId' end as account
          from audit_log where action in ('account.view', 'account.contacts.view', 'triage.item.view', 'risk.view') and actor_type = 'staff'
        ) v
        where seq % 2 = 0 and account like 'acc_%'`,
  );
}

function reuseScratch(): { url: string; drop: () => Promise<void> } {
  const url = new URL(benchAdminUrl);
  url.pathname = `/${DB_NAME}`;
  return { url: url.toString(), drop: async () => undefined };
}

async function main() {
  const scratch = REUSE ? reuseScratch() : await createScratchDatabase(DB_NAME);
  const database = await openDatabase({ url: scratch.url });
  const raw = new pg.Pool({ connectionString: scratch.url, max: 4 });
  raw.on('error', () => undefined);
  const { db } = database;
  try {
    const members = REUSE
      ? await db.select().from(staff).orderBy(staff.email)
      : await db
          .insert(staff)
          .values([
            { email: 'admin@bench', name: 'Bench Admin', role: 'admin', passwordHash: 'x' },
            ...Array.from({ length: MODERATORS }, (_, i) => ({ email: `m${i}@bench`, name: `Moderator ${String.fromCharCode(65 + (i % 26))}${i}`, role: 'moderator' as const, passwordHash: 'x' })),
          ])
          .returning();
    const adminRow = members.find((member) => member.role === 'admin')!;
    const admin: StaffActor = { type: 'staff', id: adminRow.id, email: adminRow.email, role: 'admin' };
    const moderators = members.filter((member) => member.role === 'moderator').sort((a, b) => Number(a.email.slice(1, -6)) - Number(b.email.slice(1, -6)));
    const ctx = (): LibContext => ({ db, actor: admin, requestAddress: '127.0.0.1', now: new Date() });

    let seedSeconds = 0;
    let vacuumSeconds = 0;
    if (!REUSE) {
      let start = performance.now();
      await seed(
        db,
        moderators.map((member) => member.id),
      );
      await seedAccessBasis(db);
      seedSeconds = (performance.now() - start) / 1000;
      start = performance.now();
      await raw.query('vacuum (analyze) audit_log, accounts, queue_items, moderation_events');
      vacuumSeconds = (performance.now() - start) / 1000;
    }
    const [size] = await queryRows<{ n: number; bytes: string; search: string }>(
      db,
      sql`select count(*)::int as n, pg_size_pretty(pg_total_relation_size('audit_log')) as bytes, pg_size_pretty(pg_relation_size('audit_log_search_idx')) as search from audit_log`,
    );

    const day = (i: number) => new Date(Date.now() - (1 + (i % 80)) * 86_400_000).toISOString().slice(0, 10);
    const weekEnd = (i: number) => day(i % 70);
    const moderator = (i: number) => moderators[i % 8]!; // the heavy ones: most entries
    const figures: { what: string; lib: Timing; raw?: Timing }[] = [];
    const run = async (what: string, query: (i: number) => AuditQuery, rawSql?: (i: number) => [string, unknown[]]) => {
      const candidates: ((i: number) => Promise<unknown>)[] = [(i) => listAuditEntries(ctx(), query(i))];
      if (rawSql) candidates.push((i: number) => raw.query(...rawSql(i)));
      const [lib, rawTiming] = await time(RUNS, ...candidates);
      figures.push({ what, lib: lib!, raw: rawTiming });
      process.stderr.write(`  ${what}: lib p95 ${lib!.p95.toFixed(1)} ms${rawTiming ? `, raw p95 ${rawTiming.p95.toFixed(1)} ms` : ''}\n`);
    };

    await run('first page, no filter', () => ({}), () => ['select * from audit_log order by seq desc limit 51', []]);
    await run(
      'a page deep in the log (keyset at seq ~500,000)',
      (i) => ({ before: Math.floor(ENTRIES / 2) - i * 50 }),
      (i) => ['select * from audit_log where seq < $1 order by seq desc limit 51', [Math.floor(ENTRIES / 2) - i * 50]],
    );
    const decisions = ['triage.resolve', 'triage.dismiss'];
    await run(
      "filtered search: one moderator (by name) · decisions · one day · a word",
      (i) => ({ actor: moderator(i).name, actions: decisions.join(','), from: day(i), to: day(i), q: 'grooming' }),
      (i) => [
        `select * from audit_log where actor_id = $1 and action = any($2)
           and seq >= (select seq from audit_log where at >= $3::date - interval '1 minute' order by at, seq limit 1)
           and seq <= (select seq from audit_log where at < $3::date + 1 + interval '1 minute' order by at desc, seq desc limit 1)
           and at >= $3::date and at < $3::date + 1
           and (to_tsvector('simple'::regconfig, coalesce(reason, '')) || jsonb_to_tsvector('simple'::regconfig, changes, '["string", "numeric"]'::jsonb)) @@ to_tsquery('simple', $4)
         order by seq desc limit 51`,
        [moderator(i).id, decisions, day(i), "'grooming':*"],
      ],
    );
    await run(
      'text search alone: a word in a tenth of the decisions',
      () => ({ q: 'slurs' }),
      () => [
        `select * from audit_log where (to_tsvector('simple'::regconfig, coalesce(reason, '')) || jsonb_to_tsvector('simple'::regconfig, changes, '["string", "numeric"]'::jsonb)) @@ to_tsquery('simple', $1) order by seq desc limit 51`,
        ["'slurs':*"],
      ],
    );
    await run(
      "an account's trail (the account and its report items)",
      (i) => ({ account: `acc_${1 + ((i * 7919) % ACCOUNTS)}` }),
      (i) => [
        `select * from audit_log where (target_type = 'account' or changes ? 'reportedId') and (case when target_type = 'account' then target_id else changes->>'reportedId' end) = $1 order by seq desc limit 51`,
        [`acc_${1 + ((i * 7919) % ACCOUNTS)}`],
      ],
    );
    await run(
      'an action family (police.*) over one week',
      (i) => ({ actions: 'police.*', from: day((i % 70) + 6), to: weekEnd(i) }),
      (i) => [
        `select * from audit_log where action = any($1)
           and seq >= (select seq from audit_log where at >= $2::date - interval '1 minute' order by at, seq limit 1)
           and seq <= (select seq from audit_log where at < $3::date + 1 + interval '1 minute' order by at desc, seq desc limit 1)
           and at >= $2::date and at < $3::date + 1 order by seq desc limit 51`,
        [['police_request.view'], day((i % 70) + 6), weekEnd(i)],
      ],
    );

    // What recording one view costs by itself: a transaction holding one appendAudit (the chain's
    // advisory lock, the previous hash, the insert, the commit), against a bare read of the head.
    const appendTiming = await time(
      RUNS,
      () => db.transaction((tx) => appendAudit(tx, { actor: admin, action: 'audit.view', targetType: 'audit_log', changes: { bench: true } })),
      () => raw.query('select seq, hash from audit_log order by seq desc limit 1'),
    );
    figures.push({ what: 'recording a view alone (one appendAudit in its transaction)', lib: appendTiming[0]!, raw: appendTiming[1]! });

    const exportTiming = (await time(Math.min(RUNS, 20), (i) => exportAuditCsv(ctx(), { filter: { actor: moderator(i).name, actions: decisions.join(','), from: day(i), to: day(i) } })))[0]!;
    figures.push({ what: "CSV export of one moderator's decisions on one day", lib: exportTiming });
    const accessTiming = (await time(5, (i) => findUnusualAccess(ctx(), { from: day((i % 70) + 6), to: weekEnd(i) })))[0]!;
    figures.push({ what: 'access oversight over 7 days (a fifth of the viewed accounts children, half the views behind a claimed item)', lib: accessTiming });

    const lines = [
      `Data: ${size!.n.toLocaleString('en-GB')} audit entries over ${SPAN_DAYS} days (${size!.bytes} with indexes; the text index ${size!.search}), ${MODERATORS} moderators, ${ACCOUNTS.toLocaleString('en-GB')} accounts.`,
      REUSE ? 'Timed again on the database of an earlier run (--reuse 1).' : `Seeding took ${seedSeconds.toFixed(0)} s (one INSERT … SELECT generate_series, indexes maintained), VACUUM ANALYZE ${vacuumSeconds.toFixed(0)} s.`,
      '',
      '| what | lib p50 (ms) | lib p95 (ms) | raw SQL p50 (ms) | raw SQL p95 (ms) | lib / raw at p50 |',
      '|---|---:|---:|---:|---:|---:|',
      ...figures.map(
        (f) =>
          `| ${f.what} | ${f.lib.p50.toFixed(1)} | ${f.lib.p95.toFixed(1)} | ${f.raw ? f.raw.p50.toFixed(1) : '–'} | ${f.raw ? f.raw.p95.toFixed(1) : '–'} | ${f.raw ? `${(f.lib.p50 / f.raw.p50).toFixed(1)}×` : '–'} |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await raw.end();
    await database.close();
    if (!KEEP && !REUSE) await scratch.drop();
  }
}

await main();
