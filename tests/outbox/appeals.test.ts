import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { decideAppeal } from '@/lib/appeals/decide';
import { listAppeals, overturnRates } from '@/lib/appeals/list';
import { createIntegrationToken } from '@/lib/triage/integrations';
import { actOnItem } from '@/lib/triage/actions';
import { handleAppealIntake } from '@/server/appeal-intake';
import { makeStaff } from '../helpers/staff';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { fileReports, itemOf } from '../triage/fixtures';
import { ctxOf } from '../helpers/context';

describe(`appeals on ${testEngine()}`, () => {
  let database: Database;
  let alice: Awaited<ReturnType<typeof makeStaff>>;
  let bob: Awaited<ReturnType<typeof makeStaff>>;
  let token: string;
  let decisionId: string;

  const post = (body: unknown, bearer = token) =>
    handleAppealIntake(
      database.db,
      new Request('http://lookout.test/api/v1/appeals', { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );
  const ctx = (actor: typeof alice) => ({ db: database.db, actor, requestAddress: null, now: new Date() });

  beforeAll(async () => {
    database = await openTestDatabase();
    alice = await makeStaff(database.db, 'moderator');
    bob = await makeStaff(database.db, 'moderator');
    const admin = await makeStaff(database.db, 'admin');
    token = (await createIntegrationToken(ctxOf(database.db, admin), { name: 'chat app', ratePerMinute: 50 })).secret;
    await database.db.insert(accounts).values([account('appellant', '1995-01-01')]);
    await fileReports(database.db, 'appellant', [{ category: 'harassment' }]);
    const item = await itemOf(database.db, 'appellant');
    await actOnItem(ctxOf(database.db, alice), { action: 'resolve', itemId: item.id, version: item.version, accountAction: 'suspend', reason: 'threats' });
    decisionId = (await queryRows<{ id: string }>(database.db, sql`select id from account_actions where account_id = 'appellant'`))[0]!.id;
  });
  afterAll(() => database.close());

  it('the chat app files an appeal once, however often it sends it, and names bad fields', async () => {
    const appeal = { appeal_id: 'ap-1', account_id: 'appellant', decision_id: decisionId, statement: 'It was my brother on my phone.' };
    expect((await post(appeal)).status).toBe(201);
    const again = await post(appeal);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ appeal_id: 'ap-1', status: 'open', created: false });
    const bad = await post({ ...appeal, appeal_id: 'ap-2', decision_id: 'nope' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe('decision_id');
    expect((await post({ ...appeal, appeal_id: 'ap-3', account_id: 'someone-else' })).status).toBe(404);
    expect((await post(appeal, 'not-a-token')).status).toBe(401);
    // Text the database cannot store is the caller's error, named, and stores nothing.
    const hostile = await post({ ...appeal, appeal_id: 'ap-4', statement: 'it was me\u0000' });
    expect(hostile.status).toBe(400);
    expect((await hostile.json()).field).toBe('statement');
    expect((await post({ ...appeal, appeal_id: 'ap-\ud800' })).status).toBe(400);
  });

  it('refuses the appeal to the moderator who took the decision', async () => {
    const [appeal] = (await listAppeals(ctx(alice), { status: 'open' })).appeals;
    expect(appeal!.mine).toBe(true);
    await expect(decideAppeal(ctx(alice), { appealId: appeal!.id, outcome: 'overturned', reason: 'x' })).rejects.toThrow(
      'You took the decision under appeal: another moderator must decide it.',
    );
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status from appeals`);
    expect(row!.status).toBe('open');
  });

  it('an overturn by another moderator reinstates the account and tells the appellant', async () => {
    const [appeal] = (await listAppeals(ctx(bob), { status: 'open' })).appeals;
    expect(appeal!.mine).toBe(false);
    expect(await decideAppeal(ctx(bob), { appealId: appeal!.id, outcome: 'overturned', reason: 'shared device, credible' })).toEqual({ reinstated: true, appealId: 'ap-1' });
    const events = await queryRows<{ type: string; payload: { data: Record<string, string> } }>(
      database.db,
      sql`select type, payload from outbox_events where account_id = 'appellant' order by seq`,
    );
    expect(events.map((event) => event.type === 'account.action' ? `${event.type}:${event.payload.data.action}` : `${event.type}:${event.payload.data.outcome}`)).toEqual([
      'account.action:suspend',
      'account.action:reinstate',
      'appeal.outcome:overturned',
    ]);
    const [standing] = await queryRows<{ status: string }>(database.db, sql`select status::text from accounts where account_id = 'appellant'`);
    expect(standing!.status).toBe('active');
    expect(await overturnRates(ctx(bob))).toEqual([{ action: 'suspend', decided: 1, overturned: 1, rate: 1 }]);
    await expect(decideAppeal(ctx(bob), { appealId: appeal!.id, outcome: 'upheld', reason: 'x' })).rejects.toThrow('already overturned');
  });
});
