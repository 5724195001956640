import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { actOnItem, reviewActionInput } from '@/lib/triage/actions';
import { claimNext } from '@/lib/triage/claims';
import { loadReview } from '@/lib/triage/review';
import { DomainError } from '@/lib/errors';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';
import { eventCount, fileMany, fileReports, itemOf } from './fixtures';
import { ctxOf } from '../helpers/context';

describe(`review actions on ${testEngine()}`, () => {
  let database: Database;
  let alice: Awaited<ReturnType<typeof makeStaff>>;
  let bob: Awaited<ReturnType<typeof makeStaff>>;

  /** Audit entries and events written by `run`, which must succeed. */
  async function written(run: () => Promise<unknown>) {
    const [audit, events] = [await auditCount(database.db), await eventCount(database.db)];
    await run();
    return { audit: (await auditCount(database.db)) - audit, events: (await eventCount(database.db)) - events };
  }

  async function reportStatuses(reportedId: string) {
    const rows = await queryRows<{ status: string }>(database.db, sql`select status::text from reports where reported_id = ${reportedId} order by report_id`);
    return rows.map((row) => row.status);
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    alice = await makeStaff(db, 'moderator');
    bob = await makeStaff(db, 'moderator');
    await db.insert(accounts).values(['ack', 'dis', 'res', 'esc', 'note', 'stale', 'held', 'merge'].map((id) => account(id, '1990-01-01')));
    await fileMany(db, [
      ...['ack', 'dis', 'res', 'note', 'stale', 'held'].flatMap((reportedId) => [
        { reportedId, category: 'harassment' as const, reporterId: reportedId === 'res' ? 'ack' : null },
        { reportedId, category: 'spam' as const },
      ]),
      { reportedId: 'esc', category: 'grooming' },
      { reportedId: 'merge', category: 'grooming' },
      { reportedId: 'merge', category: 'harassment' },
    ]);
  });
  afterAll(async () => database?.close());

  it('acknowledges: the item and its reports go in review, the reviewer holds it, one audit entry', async () => {
    const item = await itemOf(database.db, 'ack');
    expect(await written(() => actOnItem(ctxOf(database.db, alice), { action: 'acknowledge', itemId: item.id, version: item.version }))).toEqual({
      audit: 1,
      events: 1,
    });
    expect(await itemOf(database.db, 'ack')).toMatchObject({ status: 'in_review', version: item.version + 1 });
    expect(await reportStatuses('ack')).toEqual(['in_review', 'in_review']);
    await expect(actOnItem(ctxOf(database.db, alice), { action: 'acknowledge', itemId: item.id, version: item.version + 1 })).rejects.toThrow(
      'Cannot acknowledge: this item is already under review.',
    );
  });

  it('dismisses only with a reason', async () => {
    const item = await itemOf(database.db, 'dis');
    const before = await auditCount(database.db);
    // The review page's action parses with the lib's schema before anything is written.
    await expect(async () =>
      actOnItem(ctxOf(database.db, alice), reviewActionInput.parse({ action: 'dismiss', itemId: item.id, version: item.version, reason: '  ' })),
    ).rejects.toThrow(/reason is required to dismiss/);
    expect(await auditCount(database.db)).toBe(before);
    expect(
      await written(() => actOnItem(ctxOf(database.db, alice), { action: 'dismiss', itemId: item.id, version: item.version, reason: 'Banter between friends' })),
    ).toEqual({ audit: 1, events: 1 });
    expect(await reportStatuses('dis')).toEqual(['dismissed', 'dismissed']);
  });

  it('resolves with an account action: recorded, reflected on the account, reports resolved', async () => {
    const item = await itemOf(database.db, 'res');
    expect(
      await written(() =>
        actOnItem(ctxOf(database.db, alice), { action: 'resolve', itemId: item.id, version: item.version, accountAction: 'suspend', reason: 'Repeated harassment' }),
      ),
    ).toEqual({ audit: 1, events: 1 });
    const [action] = await queryRows<{ action: string; reason: string; actor_id: string }>(
      database.db,
      sql`select action::text, reason, actor_id from account_actions where account_id = 'res'`,
    );
    expect(action).toEqual({ action: 'suspend', reason: 'Repeated harassment', actor_id: alice.id });
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status::text from accounts where account_id = 'res'`);
    expect(row!.status).toBe('suspended');
    expect(await reportStatuses('res')).toEqual(['resolved', 'resolved']);
    expect((await itemOf(database.db, 'res')).status).toBe('resolved');
  });

  it('escalates to the Escalated queue, keeping the child-safety lane', async () => {
    const item = await itemOf(database.db, 'esc');
    const result = await actOnItem(ctxOf(database.db, alice), {
      action: 'escalate',
      itemId: item.id,
      version: item.version,
      escalateTo: 'liaison',
      reason: 'Asked for a meeting',
    });
    expect(result).toMatchObject({ itemId: item.id, status: 'escalated', queueId: 'escalated' });
    const [row] = await queryRows<{ queue_id: string; lane: number; escalation_target: string }>(
      database.db,
      sql`select queue_id, lane, escalation_target::text from queue_items where id = ${item.id}`,
    );
    expect(row).toEqual({ queue_id: 'escalated', lane: 0, escalation_target: 'liaison' });
    expect(await reportStatuses('esc')).toEqual(['escalated']);
    // A later report about the account joins the escalated item.
    await fileReports(database.db, 'esc', [{ category: 'spam' }]);
    expect(await itemOf(database.db, 'esc')).toMatchObject({ id: item.id, report_count: 2, status: 'escalated' });
    expect(await reportStatuses('esc')).toEqual(['escalated', 'escalated']);
  });

  it('merges an escalated item into the one already waiting in Escalated', async () => {
    const { db } = database;
    const childItem = await itemOf(db, 'merge', 'child-safety');
    const otherItem = await itemOf(db, 'merge', 'everything-else');
    const first = await actOnItem(ctxOf(db, alice), { action: 'escalate', itemId: otherItem.id, version: otherItem.version, escalateTo: 'senior_review', reason: 'Check' });
    const second = await actOnItem(ctxOf(db, bob), { action: 'escalate', itemId: childItem.id, version: childItem.version, escalateTo: 'liaison', reason: 'Minor' });
    expect(second.itemId).toBe(first.itemId);
    expect(await itemOf(db, 'merge', 'escalated')).toMatchObject({ id: first.itemId, report_count: 2, status: 'escalated' });
    const [merged] = await queryRows<{ status: string; merged_into_id: string }>(db, sql`select status::text, merged_into_id from queue_items where id = ${childItem.id}`);
    expect(merged).toEqual({ status: 'merged', merged_into_id: first.itemId });
  });

  it('comments: a note on the account and an event, one audit entry', async () => {
    const item = await itemOf(database.db, 'note');
    expect(
      await written(() => actOnItem(ctxOf(database.db, bob), { action: 'comment', itemId: item.id, version: item.version, note: 'Same device as a banned account' })),
    ).toEqual({ audit: 1, events: 1 });
    const [note] = await queryRows<{ body: string }>(database.db, sql`select body from account_notes where account_id = 'note'`);
    expect(note!.body).toBe('Same device as a banned account');
  });

  it('refuses a stale write with a clear message and writes nothing', async () => {
    const { db } = database;
    // Alice and Bob both open the item at the same version.
    const opened = await itemOf(db, 'stale');
    await actOnItem(ctxOf(db, alice), { action: 'dismiss', itemId: opened.id, version: opened.version, reason: 'Not a violation' });
    const [audit, events] = [await auditCount(db), await eventCount(db)];
    const [accountActionsBefore] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from account_actions`);
    const attempt = actOnItem(ctxOf(db, bob), { action: 'resolve', itemId: opened.id, version: opened.version, accountAction: 'ban', reason: 'Spam' });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    await expect(attempt).rejects.toThrow(new RegExp(`changed since you opened it: ${alice.email} dismissed it at .* Nothing was saved`));
    expect([await auditCount(db), await eventCount(db)]).toEqual([audit, events]);
    const [accountActionsAfter] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from account_actions`);
    expect(accountActionsAfter).toEqual(accountActionsBefore);
    expect(await itemOf(db, 'stale')).toMatchObject({ status: 'dismissed', version: opened.version + 1 });
    expect(await reportStatuses('stale')).toEqual(['dismissed', 'dismissed']);
  });

  it('refuses acting on an item another moderator holds', async () => {
    const { db } = database;
    const item = await itemOf(db, 'held');
    // Claim the one left in Everything else as Bob.
    await queryRows(db, sql`update queue_items set assignee_id = ${bob.id}, lease_expires_at = now() + interval '5 minutes' where id = ${item.id}`);
    await expect(actOnItem(ctxOf(db, alice), { action: 'dismiss', itemId: item.id, version: item.version, reason: 'x' })).rejects.toThrow(
      'Cannot dismiss: this item is held by another moderator.',
    );
    const claimed = await claimNext(ctxOf(db, bob), 'everything-else');
    expect(claimed).toEqual({ itemId: item.id, reclaimed: true });
    const liaison = await makeStaff(db, 'liaison');
    await expect(actOnItem(ctxOf(db, liaison), { action: 'dismiss', itemId: item.id, version: item.version, reason: 'x' })).rejects.toThrow(/may not reports:act/);
  });

  it('opens an item for review with its reports, evidence and history, audited as a view', async () => {
    const { db } = database;
    const item = await itemOf(db, 'res');
    const before = await auditCount(db);
    const review = await loadReview(ctxOf(db, bob), { itemId: item.id });
    expect(await auditCount(db)).toBe(before + 1);
    expect(review.item).toMatchObject({ id: item.id, status: 'resolved', queueName: 'Everything else' });
    expect(review.account).toMatchObject({ accountId: 'res', username: 'user_res', ageBand: 'adult', status: 'suspended' });
    expect(review.reports.map((report) => report.category).sort()).toEqual(['harassment', 'spam']);
    const reporter = review.reports.find((report) => report.reporter)?.reporter;
    expect(reporter).toMatchObject({ accountId: 'ack', username: 'user_ack', ageBand: 'adult', reportsFiled: 1 });
    expect(reporter?.createdAt).toBeInstanceOf(Date);
    expect(review.accountActions.map((action) => action.action)).toEqual(['suspend']);
    expect(review.events.map((event) => event.kind)).toEqual(['created', 'resolved']);
    expect(review.templates.find((template) => template.name === 'Harassment warning')?.rendered).toBe(
      'user_res warned after 2 report(s) of harassment, spam.',
    );
  });
});
