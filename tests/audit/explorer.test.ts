import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { auditLog } from '@/db/schema';
import { changesSummary, readableChanges } from '@/lib/audit/changes';
import { loadAuditEntry } from '@/lib/audit/entry';
import { appendAudit } from '@/lib/audit/log';
import { auditQuerySchema, auditViewHref, listAuditEntries, parseAuditQuery, withCurrentFilterNames, type AuditQuery } from '@/lib/audit/query';
import { actionMatches, searchQueryOf } from '@/lib/audit/search';
import { targetHref } from '@/lib/audit/targets';
import type { StaffActor } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

const day = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

describe(`the audit explorer on ${testEngine()}`, () => {
  let database: TestDatabase;
  let admin: StaffActor;
  let maya: StaffActor;
  let omar: StaffActor;
  const seqOf: Record<string, number> = {};

  beforeAll(async () => {
    database = await openTestDatabase();
    admin = await makeStaff(database.db, 'admin');
    maya = await makeStaff(database.db, 'moderator', { name: 'Maya Lindqvist', email: 'maya@lookout.test' });
    omar = await makeStaff(database.db, 'moderator', { name: 'Omar Haddad', email: 'omar@lookout.test' });
    const add = async (key: string, input: Omit<Parameters<typeof appendAudit>[1], 'actor'> & { actor?: StaffActor }) => {
      const row = await database.db.transaction((tx) => appendAudit(tx, { actor: maya, ...input }));
      seqOf[key] = row.seq;
    };
    // Two days of Maya's and Omar's work on items i1..i3 about accounts acc_1 and acc_2.
    await add('claim', { action: 'triage.claim', targetType: 'queue_item', targetId: 'i1', changes: { reportedId: 'acc_1', queueId: 'child-safety' }, at: day('2026-03-01', 9) });
    await add('resolve', {
      action: 'triage.resolve',
      targetType: 'queue_item',
      targetId: 'i1',
      changes: { reportedId: 'acc_1', from: 'in_review', to: 'resolved', accountAction: 'ban' },
      reason: 'Grooming messages to several minors',
      at: day('2026-03-01', 10),
    });
    await add('dismiss', { action: 'triage.dismiss', targetType: 'queue_item', targetId: 'i2', changes: { reportedId: 'acc_2', from: 'open', to: 'dismissed' }, reason: 'Spam wave, not abuse', at: day('2026-03-01', 11) });
    await add('omarResolve', {
      actor: omar,
      action: 'triage.resolve',
      targetType: 'queue_item',
      targetId: 'i3',
      changes: { reportedId: 'acc_2', from: 'open', to: 'resolved', accountAction: 'warn' },
      reason: 'Grooming language, first warning',
      at: day('2026-03-01', 12),
    });
    await add('viewAccount', { action: 'account.view', targetType: 'account', targetId: 'acc_1', at: day('2026-03-02', 8) });
    await add('mayaNextDay', { action: 'triage.resolve', targetType: 'queue_item', targetId: 'i4', changes: { reportedId: 'acc_3', from: 'open', to: 'resolved', accountAction: 'warn' }, reason: 'Grooming again', at: day('2026-03-02', 9) });
    await add('police', { actor: admin, action: 'police_request.create', targetType: 'police_request', targetId: 'r1', changes: { reference: 'LR-000001' }, at: day('2026-03-02', 10) });
    await add('hold', { actor: admin, action: 'preservation_hold.create', targetType: 'preservation_hold', targetId: 'h1', changes: { accountId: 'acc_1' }, at: day('2026-03-02', 11) });
    await add('role', { actor: admin, action: 'staff.role_change', targetType: 'staff', targetId: omar.id, changes: { email: omar.email, role: { from: 'moderator', to: 'liaison' } }, reason: 'Moves to the liaison team', at: day('2026-03-02', 12) });
  });
  afterAll(async () => database?.close());

  const ctx = () => ctxOf(database.db, admin);
  const list = async (query: AuditQuery) => (await listAuditEntries(ctx(), query)).entries.map((entry) => entry.seq);

  it('finds an actor by part of their name or email, any case', async () => {
    const page = await listAuditEntries(ctx(), { actor: 'LINDQ' });
    expect(page.actors?.map((actor) => actor.email)).toEqual(['maya@lookout.test']);
    expect(page.entries.map((entry) => entry.seq)).toEqual([seqOf.mayaNextDay, seqOf.viewAccount, seqOf.dismiss, seqOf.resolve, seqOf.claim]);
    expect(page.entries[0]!.actorName).toBe('Maya Lindqvist');
    expect(await list({ actor: 'omar@' })).toEqual([seqOf.omarResolve]);
    expect(await list({ actor: 'nobody-at-all' })).toEqual([]);
  });

  it('takes several actions and families: triage.resolve, police.* (police_request.…), staff.*', async () => {
    expect(await list({ actions: 'triage.resolve, triage.dismiss' })).toEqual([seqOf.mayaNextDay, seqOf.omarResolve, seqOf.dismiss, seqOf.resolve]);
    const police = await listAuditEntries(ctx(), { actions: 'police.*' });
    expect(police.actions).toEqual(['police_request.create']);
    expect(police.entries.map((entry) => entry.seq)).toEqual([seqOf.police]);
    expect(await list({ actions: 'staff.* preservation_hold.*' })).toEqual([seqOf.role, seqOf.hold]);
    expect(await list({ actions: 'no.such.action' })).toEqual([]);
    expect(actionMatches('police.*', 'police_request.view')).toBe(true);
    expect(actionMatches('police.*', 'policed.view')).toBe(false);
    expect(actionMatches('triage.item.*', 'triage.item.view')).toBe(true);
    expect(actionMatches('triage.item.*', 'triage.claim')).toBe(false);
  });

  it('filters by target, by the account an entry is about, and by UTC day (inclusive)', async () => {
    expect(await list({ targetType: 'queue_item', targetId: 'i1' })).toEqual([seqOf.resolve, seqOf.claim]);
    // acc_1: its own page view and the items about it; not the hold (whose target is the hold).
    expect(await list({ account: 'acc_1' })).toEqual([seqOf.viewAccount, seqOf.resolve, seqOf.claim]);
    expect(await list({ from: '2026-03-01', to: '2026-03-01' })).toEqual([seqOf.omarResolve, seqOf.dismiss, seqOf.resolve, seqOf.claim]);
    expect(await list({ from: '2026-03-02T09:00', to: '2026-03-02T10:00' })).toEqual([seqOf.police, seqOf.mayaNextDay]);
  });

  it('never lets time run backwards along the chain (the time range relies on it)', async () => {
    const fresh = await openTestDatabase();
    try {
      const later = await fresh.db.transaction((tx) => appendAudit(tx, { actor: admin, action: 'x.later', targetType: 'thing', at: day('2026-03-05', 10) }));
      const earlier = await fresh.db.transaction((tx) => appendAudit(tx, { actor: admin, action: 'x.earlier', targetType: 'thing', at: day('2026-03-05', 9) }));
      expect(earlier.at).toEqual(later.at);
      expect(earlier.seq).toBe(later.seq + 1);
    } finally {
      await fresh.close();
    }
  });

  it('searches words in reasons and details, as prefixes, every word required', async () => {
    expect(await list({ q: 'grooming' })).toEqual([seqOf.mayaNextDay, seqOf.omarResolve, seqOf.resolve]);
    expect(await list({ q: 'GROOM minors' })).toEqual([seqOf.resolve]);
    expect(await list({ q: 'LR-000001' })).toEqual([seqOf.police]);
    expect(await list({ q: 'acc_2' })).toEqual([seqOf.omarResolve, seqOf.dismiss]);
    // Details' values are searched, not their keys.
    expect(await list({ q: 'reportedId' })).toEqual([]);
    // tsquery syntax in the text is only text.
    expect(await list({ q: "grooming' | !spam & (" })).toEqual([]);
    expect(await list({ q: '!!! &&' })).toEqual([]);
    expect(searchQueryOf("it's a \\ test")).toBe("'it''s':* & 'a':* & 'test':*");
    expect(searchQueryOf('back\\slash')).toBe("'back\\\\slash':*");
  });

  it('narrows one moderator’s decisions on one day with a text term', async () => {
    const query = { actor: 'maya', actions: 'triage.resolve,triage.dismiss', from: '2026-03-01', to: '2026-03-01', q: 'grooming' };
    expect(await list(query)).toEqual([seqOf.resolve]);
    expect(auditViewHref(query)).toBe('/audit?actor=maya&actions=triage.resolve%2Ctriage.dismiss&from=2026-03-01&to=2026-03-01&q=grooming');
  });

  it('pages by keyset through a filter without skipping or repeating', async () => {
    const all = await list({ actor: 'maya' });
    const first = await listAuditEntries(ctx(), { actor: 'maya', pageSize: 2 });
    const second = await listAuditEntries(ctx(), { actor: 'maya', pageSize: 2, before: first.olderThan! });
    const third = await listAuditEntries(ctx(), { actor: 'maya', pageSize: 2, before: second.olderThan! });
    expect([...first.entries, ...second.entries, ...third.entries].map((entry) => entry.seq)).toEqual(all);
    expect(third.olderThan).toBeNull();
    const back = await listAuditEntries(ctx(), { actor: 'maya', pageSize: 2, after: second.newerThan! });
    expect(back.entries.map((entry) => entry.seq)).toEqual(first.entries.map((entry) => entry.seq));
  });

  it('reads each URL field on its own: a bad field is named and dropped, the others still apply', () => {
    const { query, problems } = parseAuditQuery({ actor: 'maya', from: '2026-02-30', actions: 'DROP TABLE;', before: 'abc', q: 'x\u0000' });
    expect(query).toMatchObject({ actor: 'maya' });
    expect(query.from).toBeUndefined();
    expect(query.actions).toBeUndefined();
    expect(query.before).toBeUndefined();
    expect(problems).toHaveLength(3);
    expect(parseAuditQuery({ from: '2026-03-02', to: '2026-03-01' }).problems).toEqual(['to: the end is before the start']);
  });

  it('keeps the filter of an old link that names one action as `action`', () => {
    expect(parseAuditQuery({ action: 'risk.confirm' }).query.actions).toEqual(parseAuditQuery({ actions: 'risk.confirm' }).query.actions);
    expect(parseAuditQuery({ action: 'risk.confirm' }).query.actions).toBeDefined();
    // The export reads the same names, and refuses a field it does not know rather than dropping it.
    expect(auditQuerySchema.parse(withCurrentFilterNames({ action: 'risk.confirm' })).actions).toBeDefined();
    expect(auditQuerySchema.safeParse({ actorr: 'maya' }).success).toBe(false);
  });

  it('opens an entry with what changed as before and after, and its neighbours on the same target', async () => {
    const view = await loadAuditEntry(ctx(), { seq: seqOf.resolve! });
    expect(view.entry).toMatchObject({ action: 'triage.resolve', actorName: 'Maya Lindqvist' });
    expect(view.earlier.map((entry) => entry.seq)).toEqual([seqOf.claim]);
    expect(view.later).toEqual([]);
    const readable = readableChanges(view.entry.changes);
    expect(readable.changed).toEqual([{ field: 'status', label: 'Status', before: 'in_review', after: 'resolved' }]);
    expect(readable.details).toEqual([
      { field: 'reportedId', label: 'Reported id', value: 'acc_1' },
      { field: 'accountAction', label: 'Account action', value: 'ban' },
    ]);
    const role = await loadAuditEntry(ctx(), { seq: seqOf.role! });
    expect(readableChanges(role.entry.changes).changed).toEqual([{ field: 'role', label: 'Role', before: 'moderator', after: 'liaison' }]);
    expect(changesSummary({ previousAssignee: null, assigneeId: 'u1', nested: { a: [1, 2], ok: true } })).toBe('Assignee: — → u1; Nested › a: 1, 2; Nested › ok: yes');
    expect(targetHref('queue_item', 'i1')).toBe('/review/i1');
    await expect(loadAuditEntry(ctx(), { seq: 999_999 })).rejects.toThrow(DomainError);
  });

  it('records every reading of the log, refuses anyone but an admin, and keeps the chain whole', async () => {
    const before = (await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;
    await listAuditEntries(ctx(), { q: 'grooming', actions: 'triage.*' });
    await loadAuditEntry(ctx(), { seq: 1 });
    const entries = await database.db.select().from(auditLog).orderBy(sql`seq desc`).limit(2);
    expect(entries.map((entry) => [entry.action, entry.targetType])).toEqual([
      ['audit.view', 'audit_entry'],
      ['audit.view', 'audit_log'],
    ]);
    expect(entries[1]!.changes).toMatchObject({ filters: { q: 'grooming', actions: 'triage.*' }, shown: 3 });
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n).toBe(before + 2);
    // The record of a search holds its words, so a later search for them finds it too.
    expect(await list({ q: 'grooming', actions: 'audit.view' })).toContain(entries[1]!.seq);
    await expect(listAuditEntries(ctxOf(database.db, maya), {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(loadAuditEntry(ctxOf(database.db, maya), { seq: 1 })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('answers each filter from its index (plans on a log large enough to prefer one)', async () => {
    const plans = await database.owner.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const explain = async (query: string) =>
        (await queryRows<{ 'QUERY PLAN': string }>(tx, sql.raw(`explain ${query}`))).map((row) => row['QUERY PLAN']).join('\n');
      return [
        await explain(`select seq from audit_log where (to_tsvector('simple'::regconfig, coalesce(reason, '')) || jsonb_to_tsvector('simple'::regconfig, changes, '["string", "numeric"]'::jsonb)) @@ to_tsquery('simple', 'x:*')`),
        await explain(`select seq from audit_log where (target_type = 'account' or changes ? 'reportedId') and (case when target_type = 'account' then target_id else changes->>'reportedId' end) = 'acc_1' order by seq desc limit 51`),
        await explain(`select seq from audit_log where at >= '2026-03-01' and at < '2026-03-02'`),
      ];
    });
    expect(plans[0]).toContain('audit_log_search_idx');
    expect(plans[1]).toContain('audit_log_subject_account_idx');
    expect(plans[2]).toContain('audit_log_at_idx');
  });
});
