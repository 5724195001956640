import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { policeRequests, policeRequestTargets } from '@/db/schema';
import { addAttachment, downloadAttachment } from '@/lib/police/attachments';
import { approvalSchema, approveRequest } from '@/lib/police/legal';
import { buildPackage, releasePackage } from '@/lib/police/package';
import { dueDashboard, getRequestDetail, listRequests } from '@/lib/police/queries';
import { transparencyCsv, transparencyReport, transparencySchema } from '@/lib/police/transparency';
import { recordVerification } from '@/lib/police/verification';
import { transitionRequest } from '@/lib/police/workflow';
import { openTestDatabase } from '../helpers/db';
import { attachLegalProcess, expectOneAudit, expectRefusedWithoutAudit, recordRequest, seedAccounts, seedStaff } from './helpers';
import { ctxOf } from '../helpers/context';

let database: Database;
let people: Awaited<ReturnType<typeof seedStaff>>;
const NOW = new Date('2025-04-10T12:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  people = await seedStaff(database.db);
  await seedAccounts(database.db, ['a1', 'a2', 'a3']);
});
afterAll(async () => database?.close());

const hoursFromNow = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

describe('deadline dashboard and list', () => {
  it('shows overdue and due-soon open requests, emergencies first', async () => {
    const request = (overrides: Record<string, unknown>) => recordRequest(database.db, people.liaison, { targets: 'a1', ...overrides });
    const emergency = await request({ type: 'emergency_disclosure', authorisingOfficer: '', emergencyFacts: 'threat to meet a 12-year-old tonight', receivedAt: hoursFromNow(-2), documentDueDate: '' });
    const overdue = await request({ documentDueDate: '2025-04-08' });
    const soon = await request({ documentDueDate: '2025-04-11' });
    const later = await request({ documentDueDate: '2025-05-30' });
    const undated = await request({ documentDueDate: '' });
    const closed = await request({ documentDueDate: '2025-04-01' });
    await transitionRequest(ctxOf(database.db, people.liaison), { requestId: closed.id, to: 'withdrawn', reason: 'agency withdrew' });

    const board = await dueDashboard(ctxOf(database.db, people.liaison, { now: NOW }));
    expect(board.map((row) => row.reference)).toEqual([emergency.reference, overdue.reference, soon.reference]);
    expect(board.map((row) => [row.emergency, row.overdue])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    expect(board.map((row) => row.id)).not.toContain(later.id);
    expect(board.map((row) => row.id)).not.toContain(undated.id);
    await expect(dueDashboard(ctxOf(database.db, people.moderator, { now: NOW }))).rejects.toThrow(/may not police:read/);

    const first = await listRequests(ctxOf(database.db, people.liaison), { limit: 4 });
    const rest = await listRequests(ctxOf(database.db, people.liaison), { limit: 4, after: first.next! });
    expect(rest.next).toBeNull();
    expect([...first.rows, ...rest.rows].map((row) => row.id).sort()).toEqual(
      [emergency, overdue, soon, later, undated, closed].map((r) => r.id).sort(),
    );
    expect((await listRequests(ctxOf(database.db, people.liaison), { limit: 50, status: 'withdrawn' })).rows.map((r) => r.id)).toEqual([closed.id]);
  });

  it('counts each request\'s accounts in the list', async () => {
    const three = await recordRequest(database.db, people.liaison, { targets: 'a1\na2\na3', documentDueDate: '' });
    const one = await recordRequest(database.db, people.liaison, { targets: 'a2', documentDueDate: '' });
    const { rows } = await listRequests(ctxOf(database.db, people.liaison), { limit: 50 });
    expect(rows.find((row) => row.id === three.id)?.targets).toBe(3);
    expect(rows.find((row) => row.id === one.id)?.targets).toBe(1);
  });

  it('opening a request is audited; moderators cannot', async () => {
    const { id } = await recordRequest(database.db, people.liaison, { targets: 'a1\nnobody' });
    const detail = await expectOneAudit(database.db, 'police_request.view', () => getRequestDetail(ctxOf(database.db, people.liaison), id));
    expect(detail.targets.map((t) => [t.identifier, t.resolution])).toEqual([
      ['a1', 'account_id'],
      ['nobody', 'unknown'],
    ]);
    expect(detail.nextStatuses).toEqual(['verifying', 'withdrawn']);
    await expectRefusedWithoutAudit(database.db, () => getRequestDetail(ctxOf(database.db, people.moderator), id), /may not police:read/);
  });

  it('stores attachments with their SHA-256 and audits downloads', async () => {
    const { id } = await recordRequest(database.db, people.liaison, { targets: 'a1' });
    const content = Buffer.from('%PDF-1.4 production order');
    const stored = await expectOneAudit(database.db, 'police_request.attach', () =>
      addAttachment(ctxOf(database.db, people.liaison), { requestId: id, kind: 'legal_process', filename: '../order.pdf', contentType: 'application/pdf', content }),
    );
    expect(stored.filename).toBe(".._order.pdf");
    expect(stored.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    const file = await expectOneAudit(database.db, 'police_request.attachment_download', () => downloadAttachment(ctxOf(database.db, people.admin), stored.id));
    expect(Buffer.compare(file.content, content)).toBe(0);
    await expectRefusedWithoutAudit(database.db, () => addAttachment(ctxOf(database.db, people.liaison), { requestId: id, kind: 'legal_process', filename: 'x.pdf', contentType: '', content: Buffer.alloc(0) }), /x.pdf is empty/);
  });
});

describe('transparency report', () => {
  it('counts per period and type: received, accounts specified, share with data produced, emergencies', async () => {
    const stamp = (iso: string) => ({ receivedAt: iso });
    // Q1 2024: two IPA requests (one answered with data), one emergency.
    const answered = await recordRequest(database.db, people.liaison, { ...stamp('2024-01-15T10:00:00Z'), targets: 'a1\na2\nghost' });
    await recordRequest(database.db, people.liaison, { ...stamp('2024-02-15T10:00:00Z'), targets: 'a3' });
    await recordRequest(database.db, people.liaison, { ...stamp('2024-03-31T23:30:00Z'), type: 'emergency_disclosure', authorisingOfficer: '', emergencyFacts: 'x', targets: 'a1' });
    // Q2 2024: one subpoena.
    await recordRequest(database.db, people.liaison, { ...stamp('2024-04-01T00:30:00Z'), type: 'subpoena', authorisingOfficer: '', targets: 'a2\na3' });

    await transitionRequest(ctxOf(database.db, people.liaison), { requestId: answered.id, to: 'verifying', reason: 'x' });
    await recordVerification(ctxOf(database.db, people.liaison), { requestId: answered.id, method: 'other', contactUsed: 'x', notes: undefined });
    await transitionRequest(ctxOf(database.db, people.liaison), { requestId: answered.id, to: 'legal_review', reason: 'x' });
    await attachLegalProcess(database.db, people.liaison, answered.id);
    const targets = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, answered.id));
    await approveRequest(
      ctxOf(database.db, people.liaison),
      approvalSchema.parse({
        requestId: answered.id,
        approvedCategories: ['subscriber'],
        decisions: targets.filter((t) => t.accountId).map((t) => ({ targetId: t.id, decision: 'produce' })),
        reason: 'ok',
      }),
    );
    const pkg = await buildPackage(ctxOf(database.db, people.liaison), { requestId: answered.id });
    await releasePackage(ctxOf(database.db, people.liaison2), { packageId: pkg.id, reason: undefined });
    const [request] = await database.db.select().from(policeRequests).where(eq(policeRequests.id, answered.id));
    expect(request!.status).toBe('disclosed');

    const rows = await transparencyReport(ctxOf(database.db, people.admin), transparencySchema.parse({ from: '2024-01-01', to: '2024-06-30', period: 'quarter' }));
    expect(rows.map((r) => [r.period, r.type, r.requestsReceived, r.accountsSpecified, r.requestsWithDataProduced, r.emergencyRequests])).toEqual([
      ['2024-Q1', 'emergency_disclosure', 1, 1, 0, 1],
      ['2024-Q1', 'uk_ipa_communications_data', 2, 4, 1, 0],
      ['2024-Q1', 'all', 3, 5, 1, 1],
      ['2024-Q2', 'subpoena', 1, 2, 0, 0],
      ['2024-Q2', 'all', 1, 2, 0, 0],
    ]);
    expect(rows[2]!.shareWithDataProduced).toBeCloseTo(1 / 3);
    const csv = transparencyCsv(rows);
    expect(csv.split('\n')[0]).toBe('period,type,requests_received,accounts_specified,requests_with_data_produced,share_with_data_produced_percent,emergency_requests');
    expect(csv).toContain('2024-Q1,all,3,5,1,33.3,1');

    const months = await transparencyReport(ctxOf(database.db, people.admin), transparencySchema.parse({ from: '2024-03-01', to: '2024-03-31', period: 'month' }));
    expect(months.map((r) => [r.period, r.type])).toEqual([
      ['2024-03', 'emergency_disclosure'],
      ['2024-03', 'all'],
    ]);
    expect(transparencySchema.safeParse({ from: '2024-05-01', to: '2024-01-01' }).success).toBe(false);
    const defaults = transparencySchema.parse({ from: '', period: '' });
    expect(defaults.from).toBe(`${new Date().getUTCFullYear()}-01-01`);
    expect(defaults.period).toBe('quarter');
    await expect(transparencyReport(ctxOf(database.db, people.moderator), { from: '2024-01-01', to: '2024-12-31', period: 'year' })).rejects.toThrow(/may not police:read/);
  });
});
