import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts, auditLog, policeRequestTargets } from '@/db/schema';
import { AccessDenied, recordDenial } from '@/lib/audit/denial';
import type { Actor } from '@/lib/auth/permissions';
import { addAttachment } from '@/lib/police/attachments';
import { approvalSchema, approveRequest } from '@/lib/police/legal';
import { buildPackage, downloadPackage, releasePackage } from '@/lib/police/package';
import { packagesAwaitingRelease, reviewPackage, reviewPackageSchema } from '@/lib/police/package-review';
import { getRequestDetail } from '@/lib/police/queries';
import { recordVerification } from '@/lib/police/verification';
import { transitionRequest } from '@/lib/police/workflow';
import { openTestDatabase } from '../helpers/db';
import { attachLegalProcess, expectOneAudit, expectRefusedWithoutAudit, recordRequest, seedStaff } from './helpers';
import { ctxOf } from '../helpers/context';

let database: Database;
let people: Awaited<ReturnType<typeof seedStaff>>;
const ctx = (actor: Actor) => ({ db: database.db, actor, requestAddress: '198.51.100.4', now: new Date() });

beforeAll(async () => {
  database = await openTestDatabase();
  people = await seedStaff(database.db);
  await database.db.insert(accounts).values({ accountId: 'fe-1', username: 'fe_one', createdAt: new Date('2024-01-01T00:00:00Z') });
});
afterAll(async () => database?.close());

/** A request of `type` naming fe-1, verified and in legal review. */
async function inLegalReview(type: string, extra: Record<string, unknown> = {}) {
  const { id } = await recordRequest(database.db, people.liaison, { type, targets: 'fe-1', rangeFrom: '2024-01-01', rangeTo: '2024-12-31', ...extra });
  await transitionRequest(ctxOf(database.db, people.liaison), { requestId: id, to: 'verifying', reason: 'check' });
  await recordVerification(ctxOf(database.db, people.liaison), { requestId: id, method: 'official_email_domain', contactUsed: 'met.police.uk', notes: undefined });
  await transitionRequest(ctxOf(database.db, people.liaison), { requestId: id, to: 'legal_review', reason: 'verified' });
  return id;
}

async function approve(requestId: string, actor: Actor, categories: string[] = ['subscriber']) {
  const [target] = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, requestId));
  return approveRequest(
    ctxOf(database.db, actor),
    approvalSchema.parse({ requestId, approvedCategories: categories, decisions: [{ targetId: target!.id, decision: 'produce' }], reason: 'in order', acknowledgeWarnings: 'on' }),
  );
}

describe('legal approval needs the legal process on file', () => {
  it('refuses to approve a court order with no document, with a clear message and nothing written', async () => {
    const id = await inLegalReview('court_order', { issuingCourt: 'Court of Appeal' });
    await expectRefusedWithoutAudit(database.db, () => approve(id, people.liaison), /no legal process is on file for LR-\d{6} \(Court order\): attach the order, warrant or authorisation itself/);
    // Correspondence is not the legal process.
    await addAttachment(ctxOf(database.db, people.liaison), { requestId: id, kind: 'other', filename: 'cover-email.txt', contentType: 'text/plain', content: Buffer.from('see attached') });
    await expect(approve(id, people.liaison)).rejects.toThrow(/no legal process is on file/);
    await attachLegalProcess(database.db, people.liaison, id);
    expect((await approve(id, people.liaison)).status).toBe('partially_approved');
  });

  it('approves an emergency disclosure without it, and shows the written statement as owed until it arrives', async () => {
    const id = await inLegalReview('emergency_disclosure', { authorisingOfficer: '', emergencyFacts: 'threat to a child tonight' });
    expect((await getRequestDetail(ctxOf(database.db, people.liaison), id)).emergencyStatementOwed).toBe(false);
    await approve(id, people.liaison);
    expect((await getRequestDetail(ctxOf(database.db, people.liaison), id)).emergencyStatementOwed).toBe(true);
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'police_request.approve')).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry!.changes).toMatchObject({ emergencyStatementOwed: true });
    await addAttachment(ctxOf(database.db, people.liaison), { requestId: id, kind: 'emergency_statement', filename: 'statement.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF statement') });
    expect((await getRequestDetail(ctxOf(database.db, people.liaison), id)).emergencyStatementOwed).toBe(false);
  });
});

describe('four-eyes release', () => {
  it('refuses the legal approver as releaser as well as the preparer; a third person releases', async () => {
    const id = await inLegalReview('uk_ipa_communications_data');
    await attachLegalProcess(database.db, people.liaison, id);
    await approve(id, people.liaison);
    const draft = await buildPackage(ctxOf(database.db, people.liaison2), { requestId: id });
    await expectRefusedWithoutAudit(database.db, () => releasePackage(ctxOf(database.db, people.liaison2), { packageId: draft.id, reason: undefined }), /you prepared this package/);
    const refusal = releasePackage(ctxOf(database.db, people.liaison), { packageId: draft.id, reason: undefined });
    await expect(refusal).rejects.toBeInstanceOf(AccessDenied);
    await expect(refusal).rejects.toThrow(/you approved the legal review of this request/);

    const waiting = await packagesAwaitingRelease(ctx(people.admin));
    expect(waiting.find((row) => row.packageId === draft.id)).toMatchObject({ version: 1, conflict: null });
    expect((await packagesAwaitingRelease(ctx(people.liaison))).find((row) => row.packageId === draft.id)?.conflict).toBe('approved');
    expect((await packagesAwaitingRelease(ctx(people.liaison2))).find((row) => row.packageId === draft.id)?.conflict).toBe('prepared');

    const released = await releasePackage(ctxOf(database.db, people.admin), { packageId: draft.id, reason: 'checked' });
    expect(released).toMatchObject({ status: 'released', releasedBy: people.admin.id });
    expect((await packagesAwaitingRelease(ctx(people.admin))).some((row) => row.packageId === draft.id)).toBe(false);
  });

  it('never downloads a draft — not for its preparer, not for anyone; reviews it page by page, each view audited', async () => {
    const id = await inLegalReview('uk_ipa_communications_data');
    await attachLegalProcess(database.db, people.liaison, id);
    await approve(id, people.liaison, ['subscriber']);
    const draft = await buildPackage(ctxOf(database.db, people.liaison2), { requestId: id });
    for (const actor of [people.liaison2, people.liaison, people.admin]) {
      await expectRefusedWithoutAudit(database.db, () => downloadPackage(ctxOf(database.db, actor), { packageId: draft.id }), /version 1 is a draft: review it on the request page/);
    }

    const list = await expectOneAudit(database.db, 'disclosure_package.review', () => reviewPackage(ctx(people.admin), reviewPackageSchema.parse({ packageId: draft.id })));
    expect(list.files.map((file) => [file.path, file.units, file.unitLabel])).toEqual([
      ['cover-letter.pdf', 1, 'pages'],
      ['subscriber/accounts.csv', 1, 'rows'],
      ['subscriber/birthdate_changes.csv', 0, 'rows'],
    ]);
    expect(list.releaseConflict).toBeNull();
    const page = await expectOneAudit(database.db, 'disclosure_package.review', () =>
      reviewPackage(ctx(people.admin), reviewPackageSchema.parse({ packageId: draft.id, file: 'subscriber/accounts.csv', page: '1' })),
    );
    expect(page.view).toMatchObject({ kind: 'table', page: 1, pageCount: 1 });
    expect(page.view?.kind === 'table' && page.view.rows[0]).toContain('fe_one');
    const [entry] = await database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry).toMatchObject({ actorId: people.admin.id, targetId: draft.id, requestAddress: '198.51.100.4', changes: { file: 'subscriber/accounts.csv', page: 1 } });
    const letter = await reviewPackage(ctx(people.admin), reviewPackageSchema.parse({ packageId: draft.id, file: 'cover-letter.pdf' }));
    expect(letter.view?.kind === 'text' && letter.view.lines.join('\n')).toMatch(/^Lawful disclosure LR-\d{6} \(package version 1\)/);
    await expect(reviewPackage(ctx(people.admin), reviewPackageSchema.parse({ packageId: draft.id, file: 'subscriber/accounts.csv', page: '2' }))).rejects.toThrow(/has 1 page\(s\); page 2 does not exist/);
    await expect(reviewPackage(ctx(people.moderator), reviewPackageSchema.parse({ packageId: draft.id }))).rejects.toThrow(/may not disclosures:release/);

    await releasePackage(ctxOf(database.db, people.admin), { packageId: draft.id, reason: undefined });
    const file = await expectOneAudit(database.db, 'disclosure_package.download', () => downloadPackage(ctxOf(database.db, people.liaison2), { packageId: draft.id }));
    expect(file.filename).toMatch(/^LR-\d{6}-v1\.zip$/);
  });
});

describe('denials', () => {
  it('are written as their own audit entry with the outcome and the reason shown', async () => {
    await expectOneAudit(database.db, 'police_request.view_denied', () =>
      recordDenial(ctx(people.moderator), { action: 'police_request.view_denied', targetType: 'police_request', targetId: 'some-id', reason: 'moderator may not police:read' }),
    );
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'police_request.view_denied'), eq(auditLog.actorId, people.moderator.id)));
    expect(entry).toMatchObject({ targetType: 'police_request', targetId: 'some-id', requestAddress: '198.51.100.4', changes: { outcome: 'denied', reason: 'moderator may not police:read' } });
  });
});
