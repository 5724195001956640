import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { deliveriesOverview, listOutboxEvents, outboxListSchema, replayEvents } from '@/lib/outbox/admin';
import { claimDueEvents } from '@/lib/outbox/deliver';
import { enqueueOutboxEvents } from '@/lib/outbox/enqueue';
import type { NewOutboxEvent } from '@/lib/outbox/events';
import { openTestDatabase, testEngine } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';

function warn(accountId: string, decision: string): NewOutboxEvent {
  return { type: 'account.action', data: { account_id: accountId, action: 'warn', reason: 'test', ends_at: null, decision_id: decision }, source: { type: 'account_action', id: decision } };
}

describe(`the deliveries page's reads and replays on ${testEngine()}`, () => {
  let database: Database;
  let admin: Awaited<ReturnType<typeof makeStaff>>;
  const now = new Date('2026-11-30T12:00:00Z');
  const ctx = () => ({ db: database.db, actor: admin, requestAddress: '127.0.0.1', now });

  async function seqOf(decision: string): Promise<number> {
    const [row] = await queryRows<{ seq: string | number }>(database.db, sql`select seq from outbox_events where source_id = ${decision}`);
    return Number(row!.seq);
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    admin = await makeStaff(database.db, 'admin');
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.db.execute(sql`delete from outbox_events`);
    // dead-1, dead-2: dead letters; retry-1: failing, next try in an hour; retry-1's next event waits behind it; done-1 delivered.
    await enqueueOutboxEvents(database.db, [warn('dead-1', 'd1'), warn('dead-2', 'd2'), warn('retry-1', 'r1'), warn('retry-1', 'r2'), warn('done-1', 'ok')], new Date(now.getTime() - 3_600_000));
    await database.db.execute(sql`update outbox_events set status = 'dead', attempts = 30, last_error = 'the platform answered HTTP 500' where source_id in ('d1', 'd2')`);
    await database.db.execute(
      sql`update outbox_events set attempts = 3, last_error = 'could not reach the platform: connect ECONNREFUSED', next_attempt_at = ${new Date(now.getTime() + 3_600_000)} where source_id = 'r1'`,
    );
    await database.db.execute(sql`update outbox_events set status = 'delivered', delivered_at = ${new Date(now.getTime() - 60_000)} where source_id = 'ok'`);
  });

  it('counts what waits, what fails and what died, and lists each', async () => {
    expect(await deliveriesOverview(ctx())).toMatchObject({ pending: 1, retrying: 1, dead: 2, deliveredLastDay: 1 });
    const list = async (show: string) => (await listOutboxEvents(ctx(), outboxListSchema.parse({ show }))).events.map((event) => [event.accountId, event.state]);
    expect(await list('dead')).toEqual([
      ['dead-2', 'dead'],
      ['dead-1', 'dead'],
    ]);
    expect(await list('failing')).toEqual([['retry-1', 'retrying']]);
    expect(await list('pending')).toEqual([
      ['retry-1', 'pending'],
      ['retry-1', 'retrying'],
    ]);
  });

  it('replays one dead letter, due now with a fresh window, in one audit entry naming it', async () => {
    const before = await auditCount(database.db);
    const seq = await seqOf('d1');
    const { count, auditSeq } = await replayEvents(ctx(), { seq });
    expect(count).toBe(1);
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await queryRows<{ seq: string | number; action: string; target_id: string; changes: { count: number; events: string[] } }>(
      database.db,
      sql`select seq, action, target_id, changes from audit_log order by seq desc limit 1`,
    );
    expect(Number(entry!.seq)).toBe(auditSeq);
    expect(entry).toMatchObject({ action: 'outbox.replay', target_id: String(seq), changes: { count: 1 } });
    const [id] = await queryRows<{ id: string }>(database.db, sql`select id from outbox_events where seq = ${seq}`);
    expect(entry!.changes.events).toEqual([id!.id]);
    const due = await claimDueEvents(database.db, now, 10, 60_000);
    expect(due.map((event) => event.payload.data.decision_id)).toEqual(['d1']);
    expect(due[0]!.attempts).toBe(1);
  });

  it('replays every dead letter at once, as one audit entry', async () => {
    const before = await auditCount(database.db);
    expect((await replayEvents(ctx(), { all: 'dead' })).count).toBe(2);
    expect(await auditCount(database.db)).toBe(before + 1);
    expect((await deliveriesOverview(ctx())).dead).toBe(0);
    await expect(replayEvents(ctx(), { all: 'dead' })).rejects.toThrow('There are no dead letters to replay.');
    expect(await auditCount(database.db)).toBe(before + 1);
  });

  it('never replays an event a worker is posting, nor a delivered one, and writes no audit entry for it', async () => {
    await database.db.execute(sql`update outbox_events set next_attempt_at = ${now} where source_id = 'r1'`);
    const [claimed] = await claimDueEvents(database.db, now, 10, 60_000);
    expect(claimed?.payload.data.decision_id).toBe('r1');
    const before = await auditCount(database.db);
    await expect(replayEvents(ctx(), { seq: claimed!.seq })).rejects.toThrow(/being posted right now/);
    await expect(replayEvents(ctx(), { seq: await seqOf('ok') })).rejects.toThrow(/already delivered/);
    expect(await auditCount(database.db)).toBe(before);
  });

  it('is for admins only, readers included', async () => {
    const moderator = await makeStaff(database.db, 'moderator');
    await expect(deliveriesOverview({ ...ctx(), actor: moderator })).rejects.toThrow(/may not deliveries:manage/);
    await expect(listOutboxEvents({ ...ctx(), actor: moderator }, outboxListSchema.parse({}))).rejects.toThrow(/may not deliveries:manage/);
    await expect(replayEvents({ ...ctx(), actor: moderator }, { all: 'dead' })).rejects.toThrow(/may not deliveries:manage/);
  });
});
