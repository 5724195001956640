import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { viewAccountContacts } from '@/lib/accounts/detail';
import { contactFilterSchema, type ContactFilter } from '@/lib/accounts/contact-filter';
import { viewEgoGraph } from '@/lib/graph/ego';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';
import type { StaffActor } from '@/lib/auth/session';
import { NOW, plantGraphWorld } from './world';

const filter = (raw: Record<string, string>): ContactFilter => contactFilterSchema.parse(raw);

describe(`contact graph (ego) on ${testEngine()}`, () => {
  let database: TestDatabase;
  let moderator: StaffActor;
  const ctx = () => ctxOf(database.db, moderator, { now: NOW });

  beforeAll(async () => {
    database = await openTestDatabase();
    await plantGraphWorld(database.db);
    moderator = await makeStaff(database.db, 'moderator');
  });
  afterAll(async () => database?.close());

  it("draws a groomer's targets as a star of strangers, newest first, with what happened on each edge", async () => {
    const graph = await viewEgoGraph(ctx(), { accountId: 'groomer' });
    expect(graph.center).toEqual({ id: 'groomer', username: 'skater_16', displayName: 'Sam Skater', band: 'adult', riskScore: 88.5 });
    expect(graph.peers.map((p) => p.id)).toEqual(['friend', 'kid-5', 'kid-4', 'kid-3', 'kid-2', 'kid-1', 'hub']);
    expect(graph.links).toEqual([]);
    expect(graph.counts).toEqual({ conversations: 7, peers: 7, hubs: 0, omitted: 0, mutualLinks: 0, linkedPeers: 0 });
    const peer = (id: string) => graph.peers.find((p) => p.id === id)!;
    expect(peer('kid-1')).toMatchObject({ band: 'under_13', initiatedByAccount: true, blockedByPeer: true, blockedByAccount: false, reportsByPeer: 0, degree: 3 });
    expect(peer('kid-2')).toMatchObject({ band: '13_15', reportsByPeer: 1, blockedByPeer: false });
    expect(peer('kid-3')).toMatchObject({ mediaReceived: 2, mediaSent: 0 });
    expect(peer('kid-4')).toMatchObject({ messagesSent: 43, messagesReceived: 4, riskScore: null });
    expect(peer('friend')).toMatchObject({ band: 'adult', initiatedByAccount: false });
    expect(peer('hub').degree).toBe(7);
  });

  it('links peers who talk to each other: a class is a web', async () => {
    const graph = await viewEgoGraph(ctx(), { accountId: 'pupil' });
    expect(graph.peers.map((p) => p.id).sort()).toEqual(['kid-1', 'pupil-2', 'pupil-3', 'pupil-4', 'pupil-5']);
    expect(graph.links.map((l) => `${l.a}~${l.b}`)).toEqual([
      'pupil-2~pupil-3',
      'pupil-2~pupil-4',
      'pupil-2~pupil-5',
      'pupil-3~pupil-4',
      'pupil-3~pupil-5',
      'pupil-4~pupil-5',
    ]);
    expect(graph.links[0]).toMatchObject({ messages: 15, twoWay: true });
    expect(graph.counts).toMatchObject({ peers: 5, mutualLinks: 6, linkedPeers: 4 });
  });

  it('collapses a hub into a count and caps the peers, counting what it left out', async () => {
    const hubbed = await viewEgoGraph(ctx(), { accountId: 'groomer', hubDegree: 5 });
    expect(hubbed.peers.map((p) => p.id)).not.toContain('hub');
    expect(hubbed.hubs).toEqual([{ id: 'hub', username: 'help_bot', band: 'adult', initiatedByAccount: false, messages: 15 }]);
    expect(hubbed.counts).toMatchObject({ conversations: 7, peers: 6, hubs: 1, omitted: 0 });

    // The hub's own conversations (the fillers) never become links, however the cap is set.
    const fillersView = await viewEgoGraph(ctx(), { accountId: 'filler-1', hubDegree: 5 });
    expect(fillersView.hubs.map((h) => h.id)).toEqual(['hub']);
    expect(fillersView.peers).toEqual([]);

    const capped = await viewEgoGraph(ctx(), { accountId: 'groomer', peerCap: 3 });
    expect(capped.peers.map((p) => p.id)).toEqual(['friend', 'kid-5', 'kid-4']);
    expect(capped.counts).toMatchObject({ conversations: 7, peers: 3, omitted: 4 });
    await expect(viewEgoGraph(ctx(), { accountId: 'groomer', peerCap: 501 })).rejects.toThrow();
  });

  it('takes the same filters as the conversations table and shows the same peers', async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ minors: '1' }, ['kid-5', 'kid-4', 'kid-3', 'kid-2', 'kid-1']],
      [{ started: '1' }, ['kid-5', 'kid-4', 'kid-3', 'kid-2', 'kid-1']],
      [{ media: '1' }, ['kid-3']],
      [{ from: '2026-05-10' }, ['friend', 'kid-5']],
      [{ to: '2026-02-01' }, ['friend', 'kid-4', 'kid-3', 'kid-2', 'kid-1', 'hub']],
      [{ from: '2026-05-02', to: '2026-05-03' }, ['friend', 'kid-5', 'kid-4', 'kid-3', 'kid-2']],
      [{ minors: '1', from: '2026-05-02', to: '2026-05-03' }, ['kid-5', 'kid-4', 'kid-3', 'kid-2']],
    ];
    for (const [raw, expected] of cases) {
      const f = filter(raw);
      const graph = await viewEgoGraph(ctx(), { accountId: 'groomer', filter: f });
      expect(graph.peers.map((p) => p.id), JSON.stringify(raw)).toEqual(expected);
      expect(graph.counts.conversations).toBe(expected.length);
      const table = await viewAccountContacts(ctx(), { accountId: 'groomer', filter: f });
      expect(table.rows.map((r) => r.peerId), JSON.stringify(raw)).toEqual(expected);
    }
    expect(contactFilterSchema.safeParse({ from: '2026-05-04', to: '2026-05-03' }).success).toBe(false);
    expect(contactFilterSchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
  });

  it('counts first contacts per week by age band, with blocks and reports marked', async () => {
    const graph = await viewEgoGraph(ctx(), { accountId: 'groomer', filter: filter({ minors: '1' }) });
    const weeks = graph.timeline;
    expect(weeks[0]!.week).toBe('2026-01-05');
    expect(weeks.at(-1)!.week).toBe('2026-04-27');
    expect(weeks).toHaveLength(17);
    expect(weeks[0]!.firstContacts).toEqual({ under_13: 2, '13_15': 2, '16_17': 0, adult: 0, unknown: 0 });
    expect(weeks.find((w) => w.week === '2026-03-02')!.firstContacts.under_13).toBe(1);
    expect(weeks.at(-1)).toMatchObject({ blocks: 1, reports: 1 });
    expect(weeks.reduce((n, w) => n + w.firstContacts.under_13 + w.firstContacts['13_15'], 0)).toBe(5);
  });

  it('audits each view with its filter, and refuses the signed-out and unknown accounts', async () => {
    const before = await auditCount(database.db);
    await viewEgoGraph(ctx(), { accountId: 'groomer', filter: filter({ minors: '1', from: '2026-01-01' }) });
    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ action: 'account.graph.view', targetId: 'groomer', actorId: moderator.id });
    expect(entry!.changes).toMatchObject({ minors: '1', from: '2026-01-01', peers: 5, mutualLinks: 0 });

    await expect(viewEgoGraph(ctxOf(database.db, null, { now: NOW }), { accountId: 'groomer' })).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(viewEgoGraph(ctx(), { accountId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await auditCount(database.db)).toBe(before + 1);
  });
});
