import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { viewSecondHop } from '@/lib/graph/second-hop';
import type { StaffActor } from '@/lib/auth/session';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { account, accounts, contacts, conversation } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';
import { NOW, plantGraphWorld } from './world';

describe(`second hop on ${testEngine()}`, () => {
  let database: TestDatabase;
  let moderator: StaffActor;
  const ctx = () => ctxOf(database.db, moderator, { now: NOW });

  beforeAll(async () => {
    database = await openTestDatabase();
    await plantGraphWorld(database.db);
    moderator = await makeStaff(database.db, 'moderator');
  });
  afterAll(async () => database?.close());

  it('lists the other adults who reach several of the same children, ranked, never a child', async () => {
    const hop = await viewSecondHop(ctx(), { accountId: 'groomer' });
    expect(hop.children).toBe(5);
    expect(hop.childrenCapped).toBe(false);
    expect(hop.accounts).toEqual([
      { id: 'ring-1', username: 'ring_one', band: 'adult', riskScore: null, sharedChildren: 3, wroteFirstTo: 3, sameDevice: true },
    ]);
    // One shared child is enough when asked; the classmate who talks to kid-1 is a minor and never listed.
    const loose = await viewSecondHop(ctx(), { accountId: 'groomer', minShared: 1 });
    expect(loose.accounts.map((a) => [a.id, a.sharedChildren, a.sameDevice])).toEqual([
      ['ring-1', 3, true],
      ['ring-2', 1, false],
    ]);
  });

  it('caps the children looked at (most recent first) and each child’s conversations', async () => {
    const capped = await viewSecondHop(ctx(), { accountId: 'groomer', minShared: 1, childCap: 2 });
    expect(capped).toMatchObject({ children: 2, childrenCapped: true });
    // kid-5 and kid-4 are the most recent; only ring-2 writes to one of them.
    expect(capped.accounts.map((a) => a.id)).toEqual(['ring-2']);
    await expect(viewSecondHop(ctx(), { accountId: 'groomer', childCap: 501 })).rejects.toThrow();
  });

  it('finds a ring of many accounts around many children, and ranks by shared children', async () => {
    const kids = Array.from({ length: 8 }, (_, i) => `ring-kid-${i}`);
    const ring = ['ring-a', 'ring-b', 'ring-c'];
    await database.db.insert(accounts).values([account('ringleader', '1980-01-01'), ...ring.map((id) => account(id, '1982-01-01')), ...kids.map((id) => account(id, '2014-05-05'))]);
    await database.db.insert(contacts).values([
      ...kids.map((kid) => conversation('ringleader', kid)),
      // ring-a reaches all eight, ring-b five (writing first to three), ring-c two.
      ...kids.map((kid) => conversation('ring-a', kid)),
      ...kids.slice(0, 5).map((kid, i) => (i < 3 ? conversation('ring-b', kid) : conversation(kid, 'ring-b'))),
      ...kids.slice(0, 2).map((kid) => conversation('ring-c', kid)),
    ]);
    const hop = await viewSecondHop(ctx(), { accountId: 'ringleader' });
    expect(hop.accounts.map((a) => [a.id, a.sharedChildren, a.wroteFirstTo])).toEqual([
      ['ring-a', 8, 8],
      ['ring-b', 5, 3],
      ['ring-c', 2, 2],
    ]);
    expect((await viewSecondHop(ctx(), { accountId: 'ringleader', limit: 1 })).accounts.map((a) => a.id)).toEqual(['ring-a']);
    // One conversation read per child: at most eight child–adult pairs, not the fifteen there are.
    const shallow = await viewSecondHop(ctx(), { accountId: 'ringleader', minShared: 1, perChild: 1 });
    expect(shallow.accounts.reduce((n, a) => n + a.sharedChildren, 0)).toBeLessThanOrEqual(8);
    const deep = await viewSecondHop(ctx(), { accountId: 'ringleader', minShared: 1 });
    expect(deep.accounts.reduce((n, a) => n + a.sharedChildren, 0)).toBe(15);
  });

  it('audits the view, and refuses the signed-out and unknown accounts', async () => {
    const before = await auditCount(database.db);
    await viewSecondHop(ctx(), { accountId: 'groomer' });
    const [entry] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ action: 'account.second_hop.view', targetId: 'groomer' });
    expect(entry!.changes).toEqual({ children: 5, accounts: 1 });
    await expect(viewSecondHop(ctxOf(database.db, null, { now: NOW }), { accountId: 'groomer' })).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(viewSecondHop(ctx(), { accountId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await auditCount(database.db)).toBe(before + 1);
    // An account that reached no child has no second hop.
    expect(await viewSecondHop(ctx(), { accountId: 'friend' })).toMatchObject({ children: 0, accounts: [] });
  });
});
