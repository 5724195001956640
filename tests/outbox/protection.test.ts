import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts, contacts } from '@/db/schema';
import { protectChildren, protectChildrenSchema } from '@/lib/protection/protect-children';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account, conversation } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';

describe(`protective actions on ${testEngine()}`, () => {
  let database: Database;
  let moderator: Awaited<ReturnType<typeof makeStaff>>;
  const ctx = () => ({ db: database.db, actor: moderator, requestAddress: '127.0.0.1', now: new Date('2026-11-30T12:00:00Z') });

  async function outbox() {
    return queryRows<{ type: string; account_id: string; payload: { data: Record<string, string> } }>(
      database.db,
      sql`select type, account_id, payload from outbox_events order by seq`,
    );
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    moderator = await makeStaff(database.db, 'moderator');
    await database.db
      .insert(accounts)
      .values([account('adult', '1988-03-01'), account('kid-a', '2013-01-01'), account('kid-b', '2012-06-01'), account('kid-c', '2014-02-01'), account('grown', '1990-01-01'), account('other-kid', '2013-03-03')]);
    await database.db.insert(contacts).values([conversation('adult', 'kid-a'), conversation('adult', 'kid-b'), conversation('kid-c', 'adult'), conversation('adult', 'grown')]);
  });
  afterAll(() => database.close());

  it('protects every child an adult reached as one audited decision with one event per child', async () => {
    const before = await auditCount(database.db);
    const input = protectChildrenSchema.parse({ adultId: 'adult', scope: 'all', actions: 'silent_block', reason: 'cold-contacted three 12-13-year-olds' });
    const result = await protectChildren(ctx(), input);
    expect(result.children).toEqual(['kid-a', 'kid-b', 'kid-c']);
    expect(await auditCount(database.db)).toBe(before + 1);
    const events = await outbox();
    expect(events.map((event) => [event.type, event.account_id, event.payload.data.blocked_account_id])).toEqual([
      ['protection.silent_block', 'kid-a', 'adult'],
      ['protection.silent_block', 'kid-b', 'adult'],
      ['protection.silent_block', 'kid-c', 'adult'],
    ]);
    expect(new Set(events.map((event) => event.payload.data.decision_id))).toEqual(new Set([result.decisionId]));
    // The one audit entry is the decision: on the adult, naming every child and the decision the events carry.
    const [entry] = await queryRows<{ action: string; target_id: string; changes: { decisionId: string; children: string[] }; reason: string }>(
      database.db,
      sql`select action, target_id, changes, reason from audit_log order by seq desc limit 1`,
    );
    expect(entry).toMatchObject({ action: 'protection.apply', target_id: 'adult', reason: 'cold-contacted three 12-13-year-olds' });
    expect(entry!.changes).toMatchObject({ decisionId: result.decisionId, children: ['kid-a', 'kid-b', 'kid-c'] });
  });

  it('refuses "selected" with no child ticked: an empty choice never becomes a decision', () => {
    const parsed = protectChildrenSchema.safeParse({ adultId: 'adult', scope: 'selected', actions: ['silent_block'], reason: 'x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('Tick at least one child, or choose all of them.');
  });

  it('refuses a child the adult never reached, and writes nothing', async () => {
    const [events, audit] = [(await outbox()).length, await auditCount(database.db)];
    const input = protectChildrenSchema.parse({ adultId: 'adult', scope: 'selected', childIds: ['kid-a', 'other-kid'], actions: ['ignore_new_users'], reason: 'x' });
    await expect(protectChildren(ctx(), input)).rejects.toThrow('Not a child this account reached: other-kid.');
    expect((await outbox()).length).toBe(events);
    expect(await auditCount(database.db)).toBe(audit);
  });

  it('a liaison may not take protective actions', async () => {
    const liaison = await makeStaff(database.db, 'liaison');
    const input = protectChildrenSchema.parse({ adultId: 'adult', scope: 'all', actions: ['ignore_new_users'], reason: 'x' });
    await expect(protectChildren({ ...ctx(), actor: liaison }, input)).rejects.toThrow(/may not accounts:act/);
  });
});
