import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { countQueues, listQueue, queueViewQuery, type QueueRow } from '@/lib/triage/listing';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { makeStaff } from '../helpers/staff';
import { fileMany, fileReports } from './fixtures';
import { ctxOf } from '../helpers/context';

const HOUR = 60 * 60_000;

describe(`queue listing on ${testEngine()}`, () => {
  let database: Database;
  let moderator: Awaited<ReturnType<typeof makeStaff>>;
  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    moderator = await makeStaff(db, 'moderator');
    await db.insert(accounts).values([
      account('reporter', '1990-01-01'),
      account('kid', '2014-01-01'),
      ...Array.from({ length: 30 }, (_, i) => account(`s${String(i).padStart(2, '0')}`, '1995-01-01')),
    ]);
    // 30 accounts reported, each one hour apart; s05 also has a spam report and one filed by a child.
    await fileMany(
      db,
      Array.from({ length: 30 }, (_, i) => ({
        reportedId: `s${String(i).padStart(2, '0')}`,
        category: i % 2 ? ('spam' as const) : ('harassment' as const),
        reporterId: 'reporter',
        createdAt: new Date(Date.now() - (i + 1.5) * HOUR),
      })),
    );
    await fileReports(db, 's05', [
      { category: 'spam', reporterId: null },
      { category: 'spam', reporterId: 'kid', source: 'automated' },
    ]);
  });
  afterAll(async () => database?.close());

  async function allPages(query: Record<string, string>, pageSize: number): Promise<QueueRow[]> {
    const rows: QueueRow[] = [];
    let after: string | undefined;
    do {
      const page = await listQueue(ctxOf(database.db, moderator), queueViewQuery.parse({ ...query, after }), pageSize);
      rows.push(...page.rows);
      after = page.nextCursor ?? undefined;
    } while (after);
    return rows;
  }

  it('pages every sort with keyset cursors: the pages joined are exactly the one-page order', async () => {
    for (const sort of ['priority', 'oldest', 'newest', 'reports']) {
      const paged = await allPages({ queue: 'everything-else', sort }, 7);
      const { rows: whole } = await listQueue(ctxOf(database.db, moderator), queueViewQuery.parse({ queue: 'everything-else', sort }), 100);
      expect(whole.length, sort).toBe(30);
      expect(paged.map((row) => row.id), sort).toEqual(whole.map((row) => row.id));
    }
  });

  it('sorts in exactly the order each sort names', async () => {
    const accountsOf = async (sort: string) => (await allPages({ queue: 'everything-else', sort }, 7)).map((row) => row.reportedId);
    const byAge = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    // s29's report is the oldest (30.5 h), s00's the newest of the first reports (1.5 h).
    expect(await accountsOf('oldest')).toEqual([...byAge].reverse());
    // s05's second report (filed 1 h ago) is the newest report of all.
    expect(await accountsOf('newest')).toEqual(['s05', ...byAge.filter((id) => id !== 's05')]);
    // Most reports first; among equals, the item id decides (descending), so the order is total.
    const reports = await allPages({ queue: 'everything-else', sort: 'reports' }, 7);
    const singles = reports.filter((row) => row.reportedId !== 's05').map((row) => row.id);
    expect(reports.map((row) => row.reportedId)[0]).toBe('s05');
    expect(reports.map((row) => row.reportCount)).toEqual([2, ...Array(29).fill(1)]);
    expect(singles).toEqual([...singles].sort().reverse());
  });

  it('ranks every harassment item above every older spam item, longest waiting first within each, and keeps one item per account per queue', async () => {
    const { rows } = await listQueue(ctxOf(database.db, moderator), queueViewQuery.parse({ queue: 'everything-else' }), 100);
    // Harassment (severity 4) before spam (severity 1) however long the spam waited; within each, oldest first.
    const harassment = Array.from({ length: 15 }, (_, k) => `s${String(28 - 2 * k).padStart(2, '0')}`);
    const spam = Array.from({ length: 15 }, (_, k) => `s${String(29 - 2 * k).padStart(2, '0')}`);
    expect(rows.map((row) => row.reportedId)).toEqual([...harassment, ...spam]);
    expect(rows[0]!.why).toBe('harassment 4 × no or low risk 1 (not scored) = priority 4');
    // The report s05's child reporter filed went to Child safety: one item per account per queue.
    expect(rows.find((row) => row.reportedId === 's05')).toMatchObject({ reportCount: 2, reporterCount: 1, childSafety: false });
    const child = await listQueue(ctxOf(database.db, moderator), queueViewQuery.parse({ queue: 'child-safety' }));
    expect(child.rows.map((row) => [row.reportedId, row.childSafety, row.reportCount, row.reporterCount])).toEqual([['s05', true, 1, 1]]);
  });

  it('filters by category, age band and overdue, and counts per queue', async () => {
    const spam = await allPages({ queue: 'everything-else', category: 'spam' }, 50);
    expect(spam.every((row) => row.categories.includes('spam'))).toBe(true);
    expect(spam.length).toBe(15);
    expect(await allPages({ queue: 'everything-else', ageBand: 'under_13' }, 50)).toEqual([]);
    expect((await allPages({ queue: 'everything-else', ageBand: 'adult' }, 50)).length).toBe(30);
    // Everything else's target is 24 h: the reports 24.5 h and older (s23 to s29) are overdue.
    const overdue = await allPages({ queue: 'everything-else', overdue: '1' }, 50);
    expect(overdue.length).toBe(7);
    expect(overdue.every((row) => row.overdue)).toBe(true);

    const counts = await countQueues(ctxOf(database.db, moderator));
    expect(counts.map((count) => [count.queue.id, count.waiting, count.overdue])).toEqual([
      ['child-safety', 1, 1],
      ['escalated', 0, 0],
      ['everything-else', 30, 7],
    ]);
  });

  it('refuses a cursor from another sort', async () => {
    const page = await listQueue(ctxOf(database.db, moderator), queueViewQuery.parse({ queue: 'everything-else', sort: 'reports' }), 5);
    await expect(
      listQueue(ctxOf(database.db, moderator), queueViewQuery.parse({ queue: 'everything-else', sort: 'priority', after: page.nextCursor })),
    ).rejects.toThrow(/page link is damaged/);
  });

  it('serves the priority page from its index', async () => {
    await queryRows(database.db, sql`set enable_seqscan = off`);
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      database.db,
      sql`explain select id from queue_items qi where qi.queue_id = 'everything-else' and qi.status in ('open', 'in_review', 'escalated')
          order by qi.lane, (-qi.priority), qi.oldest_report_at, qi.id limit 51`,
    );
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('queue_items_priority_idx');
  });
});
