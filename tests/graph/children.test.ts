import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewReachedChildren } from '@/lib/graph/children';
import { protectChildren, protectChildrenSchema } from '@/lib/protection/protect-children';
import type { StaffActor } from '@/lib/auth/session';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';
import { NOW, plantGraphWorld } from './world';

describe(`the children's side on ${testEngine()}`, () => {
  let database: TestDatabase;
  let moderator: StaffActor;
  const ctx = () => ctxOf(database.db, moderator, { now: NOW });

  beforeAll(async () => {
    database = await openTestDatabase();
    await plantGraphWorld(database.db);
    moderator = await makeStaff(database.db, 'moderator');
  });
  afterAll(async () => database?.close());

  it('lists every minor an adult reached with what happened, those still in touch first', async () => {
    const before = await auditCount(database.db);
    const side = await viewReachedChildren(ctx(), { accountId: 'groomer' });
    expect(await auditCount(database.db)).toBe(before + 1);
    expect(side.adult).toMatchObject({ id: 'groomer', band: 'adult', riskScore: 88.5, flags: [] });
    expect(side.total).toBe(5);
    expect(side.children.map((c) => [c.id, c.stillInContact])).toEqual([
      ['kid-5', true],
      ['kid-4', true],
      ['kid-3', true],
      ['kid-2', true],
      ['kid-1', false],
    ]);
    const kid = (id: string) => side.children.find((c) => c.id === id)!;
    expect(kid('kid-1')).toMatchObject({ band: 'under_13', age: 12, adultWroteFirst: true, childBlockedAdult: true, reportsByChild: 0 });
    expect(kid('kid-2')).toMatchObject({ age: 13, reportsByChild: 1, messagesFromAdult: 41, messagesFromChild: 4 });
    expect(kid('kid-3')).toMatchObject({ mediaFromChild: 2, mediaFromAdult: 0 });
    expect(kid('kid-5')).toMatchObject({ messagesFromChild: 0, protectedBy: [] });
    expect(side.decisions).toEqual([]);
  });

  it('shows a protective decision for all of them as one decision with one event per child', async () => {
    const input = protectChildrenSchema.parse({ adultId: 'groomer', scope: 'all', actions: ['silent_block'], reason: 'Writes first to 12-year-olds' });
    const done = await protectChildren(ctx(), input);
    expect(done.children.sort()).toEqual(['kid-1', 'kid-2', 'kid-3', 'kid-4', 'kid-5']);
    expect(done.events).toBe(5);
    const side = await viewReachedChildren(ctx(), { accountId: 'groomer' });
    expect(side.children.every((c) => c.protectedBy.join() === 'silent_block')).toBe(true);
    expect(side.decisions).toHaveLength(1);
    expect(side.decisions[0]).toMatchObject({ id: done.decisionId, actions: ['silent_block'], children: 5, events: 5, delivered: 0, actor: moderator.email });

    // Some of them, with both actions: a second decision.
    const some = protectChildrenSchema.parse({ adultId: 'groomer', scope: 'selected', childIds: ['kid-4', 'kid-5'], actions: ['ignore_new_users', 'silent_block'], reason: 'Still writing' });
    expect((await protectChildren(ctx(), some)).events).toBe(4);
    const after = await viewReachedChildren(ctx(), { accountId: 'groomer' });
    expect(after.children.find((c) => c.id === 'kid-5')!.protectedBy).toEqual(['ignore_new_users', 'silent_block']);
    expect(after.decisions.map((d) => d.children)).toEqual([2, 5]);
  });

  it('refuses the signed-out and unknown accounts; an adult who reached no child has an empty list', async () => {
    await expect(viewReachedChildren(ctxOf(database.db, null, { now: NOW }), { accountId: 'groomer' })).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(viewReachedChildren(ctx(), { accountId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await viewReachedChildren(ctx(), { accountId: 'friend' })).toMatchObject({ total: 0, children: [] });
  });
});
