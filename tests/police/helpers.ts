import { desc, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '@/db/client';
import { accounts, auditLog } from '@/db/schema';
import { auditCount, makeStaff } from '../helpers/staff';
import type { Actor } from '@/lib/auth/permissions';
import { addAttachment } from '@/lib/police/attachments';
import { createRequest, requestIntakeSchema } from '@/lib/police/intake';
import { ctxOf } from '../helpers/context';

export type StaffActor = Extract<Actor, { type: 'staff' }>;

/** One staff member per role, plus a second liaison for four-eyes. */
export async function seedStaff(db: Db) {
  return {
    liaison: await makeStaff(db, 'liaison'),
    liaison2: await makeStaff(db, 'liaison'),
    admin: await makeStaff(db, 'admin'),
    moderator: await makeStaff(db, 'moderator'),
  };
}

export async function seedAccounts(db: Db, ids: string[]) {
  await db.insert(accounts).values(
    ids.map((id) => ({ accountId: id, username: `user_${id}`, createdAt: new Date('2024-01-01T00:00:00Z') })),
  );
}

export async function lastAudit(db: Db) {
  const [row] = await db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return row!;
}

/** Runs a mutating call and checks it wrote exactly one audit entry, with the given action. */
export async function expectOneAudit<T>(db: Db, action: string, fn: () => Promise<T>): Promise<T> {
  const before = await auditCount(db);
  const result = await fn();
  expect(await auditCount(db)).toBe(before + 1);
  expect((await lastAudit(db)).action).toBe(action);
  return result;
}

/** Runs a call that must fail, and checks the audit log did not move. */
export async function expectRefusedWithoutAudit(db: Db, fn: () => Promise<unknown>, message: RegExp): Promise<void> {
  const before = await auditCount(db);
  await expect(fn()).rejects.toThrow(message);
  expect(await auditCount(db)).toBe(before);
}

export const ukRequestForm = {
  type: 'uk_ipa_communications_data',
  jurisdiction: 'United Kingdom',
  timeZone: 'Europe/London',
  agency: 'Metropolitan Police Service',
  officerName: 'DC Jane Smith',
  officerRankBadge: 'DC 4321',
  officerEmail: 'jane.smith@met.police.uk',
  officerPhone: '+44 20 7230 1212',
  authorisingOfficer: 'DI Sam Brown',
  legalReference: 'IPA/2025/000123',
  issuingCourt: '',
  receivedAt: '2025-03-03T10:00',
  documentDueDate: '2025-03-31',
  rangeFrom: '2025-01-01',
  rangeTo: '2025-01-31',
  categories: ['subscriber', 'non_content'],
  nonDisclosure: 'on',
  nonDisclosureExpiresOn: '',
  emergencyFacts: '',
  targets: '',
};

export async function recordRequest(db: Db, actor: Actor, overrides: Record<string, unknown>) {
  return createRequest(ctxOf(db, actor), requestIntakeSchema.parse({ ...ukRequestForm, ...overrides }));
}

export async function tableCount(db: Db, table: string): Promise<number> {
  const result = (await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}


/** Puts the legal process itself on file, as a legal approval requires. */
export async function attachLegalProcess(db: Db, actor: Actor, requestId: string) {
  return addAttachment(ctxOf(db, actor), {
    requestId,
    kind: 'legal_process',
    filename: 'production-order.pdf',
    contentType: 'application/pdf',
    content: Buffer.from('%PDF-1.4 production order'),
  });
}
