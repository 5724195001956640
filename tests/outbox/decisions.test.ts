import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts, referrals } from '@/db/schema';
import { liftEndedSuspensions } from '@/lib/moderation/account-actions';
import { createHold, releaseHold } from '@/lib/police/holds';
import { actOnItem, reviewActionInput } from '@/lib/triage/actions';
import { makeStaff } from '../helpers/staff';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { fileReports, itemOf } from '../triage/fixtures';
import { ctxOf } from '../helpers/context';

interface EventRow {
  type: string;
  account_id: string;
  payload: { data: Record<string, unknown> };
}

describe(`decisions reach the outbox on ${testEngine()}`, () => {
  let database: Database;
  let moderator: Awaited<ReturnType<typeof makeStaff>>;

  async function eventsFor(accountId: string) {
    return queryRows<EventRow>(database.db, sql`select type, account_id, payload from outbox_events where account_id = ${accountId} order by seq`);
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    moderator = await makeStaff(database.db, 'moderator');
    await database.db.insert(accounts).values([account('adult-1', '1985-01-01'), account('child-1', '2013-05-01'), account('adult-2', '1980-01-01')]);
  });
  afterAll(() => database.close());

  it('a suspension from a review writes one account event, and the reporter is told it was actioned', async () => {
    await fileReports(database.db, 'adult-1', [{ category: 'grooming', reporterId: 'child-1' }]);
    const item = await itemOf(database.db, 'adult-1');
    await actOnItem(ctxOf(database.db, moderator), {
      action: 'resolve',
      itemId: item.id,
      version: item.version,
      accountAction: 'suspend',
      reason: 'asked a 13-year-old for photos',
      suspendDays: 7,
    });
    const [event] = await eventsFor('adult-1');
    expect(event).toMatchObject({ type: 'account.action', payload: { data: { account_id: 'adult-1', action: 'suspend', reason: 'asked a 13-year-old for photos' } } });
    const endsAt = new Date(String(event!.payload.data.ends_at));
    expect(Math.round((endsAt.getTime() - Date.now()) / 86_400_000)).toBe(7);
    expect(await eventsFor('child-1')).toMatchObject([{ type: 'report.outcome', payload: { data: { outcome: 'actioned' } } }]);
  });

  it('a suspension with an end is lifted by the worker at that time, with a reinstate event and an audit entry', async () => {
    const inEightDays = new Date(Date.now() + 8 * 86_400_000);
    expect(await liftEndedSuspensions(database.db, new Date())).toBe(0);
    expect(await liftEndedSuspensions(database.db, inEightDays)).toBe(1);
    expect((await eventsFor('adult-1')).map((event) => event.payload.data.action)).toEqual(['suspend', 'reinstate']);
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status::text from accounts where account_id = 'adult-1'`);
    expect(row!.status).toBe('active');
    const [audit] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where action = 'account.suspension_end'`);
    expect(audit!.n).toBe(1);
    // Lifted once only.
    expect(await liftEndedSuspensions(database.db, inEightDays)).toBe(0);
  });

  it('refuses an end on anything but a suspension, and writes nothing', async () => {
    await fileReports(database.db, 'adult-2', [{ category: 'spam' }]);
    const item = await itemOf(database.db, 'adult-2');
    // The review page's action parses with the lib's schema before anything is written.
    await expect(async () =>
      actOnItem(
        ctxOf(database.db, moderator),
        reviewActionInput.parse({ action: 'resolve', itemId: item.id, version: item.version, accountAction: 'ban', reason: 'spam', suspendDays: 3 }),
      ),
    ).rejects.toThrow('only a suspension has an end');
    expect(await eventsFor('adult-2')).toEqual([]);
  });

  it('preservation holds placed and released tell the chat app to keep the data, naming no request', async () => {
    const liaison = await makeStaff(database.db, 'liaison');
    const [referral] = await database.db
      .insert(referrals)
      .values({ accountId: 'adult-2', ground: 'child_sexual_exploitation', summary: 'test', referredBy: moderator.id })
      .returning();
    const referralId = referral!.id;
    const hold = await createHold(ctxOf(database.db, liaison), { accountId: 'adult-2', referralId, reason: 'keep while police decide' });
    await releaseHold(ctxOf(database.db, liaison), { holdId: hold.id, reason: 'no longer needed' });
    const events = await eventsFor('adult-2');
    expect(events.map((event) => event.type)).toEqual(['hold.placed', 'hold.released']);
    expect(events.map((event) => Object.keys(event.payload.data).sort())).toEqual([
      ['account_id', 'expires_at', 'hold_id'],
      ['account_id', 'hold_id'],
    ]);
  });
});
