import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts, policeRequestEvents, policeRequests, policeRequestTargets } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import type { RequestStatus } from '@/lib/police/contract';
import { requestIntakeSchema } from '@/lib/police/intake';
import { approvalSchema, approveRequest, legalWarnings } from '@/lib/police/legal';
import { recordVerification } from '@/lib/police/verification';
import { TRANSITIONS, transitionRequest } from '@/lib/police/workflow';
import { openTestDatabase } from '../helpers/db';
import { attachLegalProcess, expectOneAudit, expectRefusedWithoutAudit, recordRequest, seedAccounts, seedStaff, ukRequestForm, type StaffActor } from './helpers';
import { ctxOf } from '../helpers/context';

let database: Database;
let people: Awaited<ReturnType<typeof seedStaff>>;

beforeAll(async () => {
  database = await openTestDatabase();
  people = await seedStaff(database.db);
  await seedAccounts(database.db, ['acc-1', 'acc-2', 'acc-3']);
});
afterAll(async () => database?.close());

async function statusOf(id: string): Promise<RequestStatus> {
  const [row] = await database.db.select({ status: policeRequests.status }).from(policeRequests).where(eq(policeRequests.id, id));
  return row!.status;
}

async function historyLength(id: string): Promise<number> {
  return (await database.db.select().from(policeRequestEvents).where(eq(policeRequestEvents.requestId, id))).length;
}

const move = (actor: StaffActor, requestId: string, to: RequestStatus, reason = 'because') =>
  transitionRequest(ctxOf(database.db, actor), { requestId, to, reason });

async function verify(requestId: string) {
  await attachLegalProcess(database.db, people.liaison, requestId);
  await move(people.liaison, requestId, 'verifying');
  await recordVerification(ctxOf(database.db, people.liaison), {
    requestId,
    method: 'callback_published_number',
    contactUsed: '+44 20 7230 1212',
    notes: 'called the switchboard',
  });
}

describe('intake', () => {
  it('records targets exactly as given; unknown and ambiguous ones are kept and shown', async () => {
    await seedAccounts(database.db, ['twin-a', 'twin-b']);
    await database.db.update(accounts).set({ username: 'twin' }).where(inArray(accounts.accountId, ['twin-a', 'twin-b']));
    const created = await expectOneAudit(database.db, 'police_request.create', () =>
      recordRequest(database.db, people.liaison, { targets: 'user_acc-1\n@user_acc-2\nacc-3\nUSER_ACC-1\nnobody_here\ntwin' }),
    );
    expect(created.reference).toMatch(/^LR-\d{6}$/);
    expect(created.targets).toEqual([
      { identifier: 'user_acc-1', resolution: 'username', accountId: 'acc-1' },
      { identifier: '@user_acc-2', resolution: 'username', accountId: 'acc-2' },
      { identifier: 'acc-3', resolution: 'account_id', accountId: 'acc-3' },
      { identifier: 'USER_ACC-1', resolution: 'unknown', accountId: null },
      { identifier: 'nobody_here', resolution: 'unknown', accountId: null },
      { identifier: 'twin', resolution: 'ambiguous', accountId: null },
    ]);
    const stored = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, created.id));
    expect(stored).toHaveLength(6);
    // 31 March 2025 in London is BST: the deadline is 22:59:59.999 UTC.
    expect(created.dueAt?.toISOString()).toBe('2025-03-31T22:59:59.999Z');
  });

  it('references increase', async () => {
    const a = await recordRequest(database.db, people.liaison, { targets: 'acc-1' });
    const b = await recordRequest(database.db, people.admin, { targets: 'acc-1' });
    expect(Number(b.reference.slice(3))).toBe(Number(a.reference.slice(3)) + 1);
  });

  it('refuses bad input naming the field', () => {
    const result = requestIntakeSchema.safeParse({ ...ukRequestForm, authorisingOfficer: '', targets: '', timeZone: 'Nowhere/Land', rangeTo: '2024-01-01' });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^targets: name at least one account/),
        expect.stringMatching(/^timeZone: .*IANA/),
      ]),
    );
    const emergency = requestIntakeSchema.safeParse({ ...ukRequestForm, type: 'emergency_disclosure', targets: 'acc-1' });
    expect(emergency.error?.issues.map((issue) => issue.path[0])).toContain('emergencyFacts');
    const ipa = requestIntakeSchema.safeParse({ ...ukRequestForm, authorisingOfficer: '', targets: 'acc-1' });
    expect(ipa.error?.issues.map((issue) => issue.path[0])).toEqual(['authorisingOfficer']);
    const range = requestIntakeSchema.safeParse({ ...ukRequestForm, rangeFrom: '2025-02-01', targets: 'acc-1' });
    expect(range.error?.issues.map((issue) => issue.path[0])).toEqual(['rangeTo']);
  });

  it('moderators may not record requests', async () => {
    await expectRefusedWithoutAudit(database.db, () => recordRequest(database.db, people.moderator, { targets: 'acc-1' }), /may not police:write/);
    await expect(recordRequest(database.db, people.moderator, { targets: 'acc-1' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(recordRequest(database.db, people.moderator, { targets: 'acc-1' })).rejects.toBeInstanceOf(DomainError);
  });
});

describe('workflow', () => {
  it('walks the whole happy path, one audit entry per step', async () => {
    const { id } = await recordRequest(database.db, people.liaison, { targets: 'acc-1\nacc-2\nghost' });
    await expectOneAudit(database.db, 'police_request.transition', () => move(people.liaison, id, 'verifying', 'checking the officer'));
    await expectOneAudit(database.db, 'police_request.verify', () =>
      recordVerification(ctxOf(database.db, people.liaison), { requestId: id, method: 'official_email_domain', contactUsed: 'met.police.uk', notes: undefined }),
    );
    await expectOneAudit(database.db, 'police_request.transition', () => move(people.liaison, id, 'legal_review', 'verified'));
    await expectOneAudit(database.db, 'police_request.attach', () => attachLegalProcess(database.db, people.liaison, id));
    const targets = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, id));
    const target = (identifier: string) => targets.find((t) => t.identifier === identifier)!.id;
    const result = await expectOneAudit(database.db, 'police_request.approve', () =>
      approveRequest(
        ctxOf(database.db, people.liaison),
        approvalSchema.parse({
          requestId: id,
          approvedCategories: ['subscriber', 'non_content'],
          decisions: [
            { targetId: target('acc-1'), decision: 'produce' },
            { targetId: target('acc-2'), decision: 'do_not_produce', reason: 'not linked to the investigation' },
          ],
          reason: 'IPA authorisation in order',
        }),
      ),
    );
    expect(result.status).toBe('partially_approved');
    const decided = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, id));
    expect(decided.find((t) => t.identifier === 'ghost')).toMatchObject({ decision: 'do_not_produce', decisionReason: 'no account matches this identifier' });
    expect(await historyLength(id)).toBe(4); // received, verifying, legal_review, partially_approved
    await expectOneAudit(database.db, 'police_request.transition', () => move(people.liaison, id, 'closed', 'nothing to send after all'));
    expect(await statusOf(id)).toBe('closed');
  });

  it('approves fully only when every account and every category is produced', async () => {
    const { id, targets } = await recordRequest(database.db, people.liaison, { targets: 'acc-1' });
    await verify(id);
    await move(people.liaison, id, 'legal_review');
    const [row] = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, id));
    expect(targets[0]!.accountId).toBe('acc-1');
    const approve = (categories: string[], acknowledgeWarnings = false) =>
      approveRequest(
        ctxOf(database.db, people.liaison),
        approvalSchema.parse({ requestId: id, approvedCategories: categories, decisions: [{ targetId: row!.id, decision: 'produce' }], reason: 'ok', acknowledgeWarnings }),
      );
    await expectRefusedWithoutAudit(database.db, () => approve(['content']), /categories not requested/);
    const result = await approve(['subscriber', 'non_content']);
    expect(result).toEqual({ status: 'approved', warnings: [] });
  });

  it('warns when the categories exceed what the legal type compels, and needs an acknowledgement', async () => {
    expect(legalWarnings('subpoena', ['subscriber', 'content'])).toEqual(['Subpoena cannot compel content']);
    expect(legalWarnings('search_warrant', ['subscriber', 'non_content', 'content'])).toEqual([]);
    expect(legalWarnings('preservation', ['subscriber'])).toHaveLength(1);
    const { id } = await recordRequest(database.db, people.liaison, { type: 'subpoena', authorisingOfficer: '', categories: ['subscriber', 'content'], targets: 'acc-1' });
    await verify(id);
    await move(people.liaison, id, 'legal_review');
    const [row] = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, id));
    const input = { requestId: id, approvedCategories: ['subscriber', 'content'], decisions: [{ targetId: row!.id, decision: 'produce' }], reason: 'counsel agreed' };
    await expectRefusedWithoutAudit(
      database.db,
      () => approveRequest(ctxOf(database.db, people.liaison), approvalSchema.parse(input)),
      /legal warning — Subpoena cannot compel content/,
    );
    expect(await statusOf(id)).toBe('legal_review');
    const done = await approveRequest(ctxOf(database.db, people.liaison), approvalSchema.parse({ ...input, acknowledgeWarnings: 'on' }));
    expect(done.warnings).toHaveLength(1);
  });

  it('refuses illegal transitions and writes nothing: no status change, no history, no audit entry', async () => {
    const { id } = await recordRequest(database.db, people.liaison, { targets: 'acc-1' });
    const refuse = async (to: RequestStatus, message: RegExp) => {
      const status = await statusOf(id);
      const history = await historyLength(id);
      await expectRefusedWithoutAudit(database.db, () => move(people.liaison, id, to), message);
      expect(await statusOf(id)).toBe(status);
      expect(await historyLength(id)).toBe(history);
    };
    await refuse('legal_review', /cannot move a request from received to legal_review: from received it may go to verifying, withdrawn/);
    await refuse('approved', /from received to approved/);
    await refuse('disclosed', /from received to disclosed/);
    await refuse('received', /from received to received/);
    await move(people.liaison, id, 'verifying');
    await refuse('legal_review', /record how the requester was verified first/);
    await recordVerification(ctxOf(database.db, people.liaison), { requestId: id, method: 'other', contactUsed: 'in person', notes: undefined });
    await move(people.liaison, id, 'legal_review');
    await refuse('approved', /record the legal review decision/);
    await refuse('disclosed', /from legal_review to disclosed/);
    await move(people.liaison, id, 'needs_more_info', 'which date range exactly?');
    await refuse('legal_review', /from needs_more_info to legal_review/);
    await move(people.liaison, id, 'verifying', 'new letter arrived');
    await move(people.liaison, id, 'withdrawn', 'agency withdrew it');
    for (const to of ['received', 'verifying', 'closed', 'approved'] as const) await refuse(to, /withdrawn is final/);
  });

  it('refuses to approve outside legal review, and a reason is required', async () => {
    const { id } = await recordRequest(database.db, people.liaison, { targets: 'acc-1' });
    await expectRefusedWithoutAudit(
      database.db,
      () => approveRequest(ctxOf(database.db, people.liaison), approvalSchema.parse({ requestId: id, approvedCategories: ['subscriber'], decisions: [], reason: 'x' })),
      /legal decision is taken in legal_review/,
    );
    await expectRefusedWithoutAudit(database.db, () => recordVerification(ctxOf(database.db, people.liaison), { requestId: id, method: 'other', contactUsed: 'x', notes: undefined }), /while the request is verifying/);
    expect(() => approvalSchema.parse({ requestId: id, approvedCategories: [], decisions: [], reason: '  ' })).toThrow(/reason is required/);
  });

  it('the review form\'s flat fields parse into per-account decisions', () => {
    const targetA = '00000000-0000-4000-8000-00000000000a';
    const targetB = '00000000-0000-4000-8000-00000000000b';
    const parsed = approvalSchema.parse({
      requestId: '00000000-0000-4000-8000-000000000001',
      [`decision:${targetA}`]: 'produce',
      [`reason:${targetA}`]: '',
      [`decision:${targetB}`]: 'do_not_produce',
      [`reason:${targetB}`]: 'victim',
      approvedCategories: 'subscriber',
      reason: 'ok',
    });
    expect(parsed.decisions).toEqual([
      { targetId: targetA, decision: 'produce', reason: undefined },
      { targetId: targetB, decision: 'do_not_produce', reason: 'victim' },
    ]);
    expect(parsed.approvedCategories).toEqual(['subscriber']);
    expect(parsed.acknowledgeWarnings).toBe(false);
  });

  it('every open state may be withdrawn; final ones may not', () => {
    for (const from of ['received', 'verifying', 'legal_review', 'needs_more_info', 'approved', 'partially_approved'] as const) {
      expect(TRANSITIONS[from]).toContain('withdrawn');
    }
    for (const from of ['closed', 'withdrawn', 'disclosed', 'rejected'] as const) expect(TRANSITIONS[from]).not.toContain('withdrawn');
  });
});
