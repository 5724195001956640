import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, birthdateChanges, blocks, contacts, policeRequestTargets, staff } from '@/db/schema';
import { addAttachment } from '@/lib/police/attachments';
import { createRequest, requestIntakeSchema } from '@/lib/police/intake';
import { approvalSchema, approveRequest } from '@/lib/police/legal';
import { buildPackage } from '@/lib/police/package';
import { recordVerification } from '@/lib/police/verification';
import { transitionRequest } from '@/lib/police/workflow';
import { ctxOf } from '@/tests/helpers/context';
import { E2E_STAFF } from './staff-accounts';

/** The account a police request names in e2e/police.spec.ts, with a little history inside and outside its date range. */
export const POLICE_SUSPECT = { accountId: 'e2e-police-suspect', username: 'nightowl_17' } as const;
export const POLICE_RANGE = { from: '2025-01-01', to: '2025-06-30' } as const;

export async function seedE2ePoliceAccounts(db: Db): Promise<void> {
  const at = (iso: string) => new Date(iso);
  await db.insert(accounts).values([
    { ...POLICE_SUSPECT, displayName: 'Night Owl', claimedBirthdate: '2008-05-01', createdAt: at('2024-11-02T09:00:00Z'), country: 'GB' },
    { accountId: 'e2e-police-child', username: 'sunflower_12', claimedBirthdate: '2013-02-10', createdAt: at('2024-09-01T09:00:00Z'), country: 'GB' },
    { accountId: 'e2e-police-other', username: 'maple_leaf', claimedBirthdate: '1990-07-07', createdAt: at('2023-01-01T09:00:00Z'), country: 'GB' },
  ]);
  await db.insert(birthdateChanges).values([
    { accountId: POLICE_SUSPECT.accountId, changedAt: at('2025-02-01T10:00:00Z'), oldBirthdate: '1985-05-01', newBirthdate: '2008-05-01' },
  ]);
  await db.insert(contacts).values([
    {
      accountLo: 'e2e-police-child',
      accountHi: POLICE_SUSPECT.accountId,
      initiatorId: POLICE_SUSPECT.accountId,
      recipientId: 'e2e-police-child',
      firstContactAt: at('2025-03-01T18:00:00Z'),
      lastContactAt: at('2025-03-20T21:00:00Z'),
      messagesFromInitiator: 140,
      messagesFromRecipient: 60,
      mediaFromInitiator: 3,
      mediaFromRecipient: 1,
    },
    {
      accountLo: 'e2e-police-other',
      accountHi: POLICE_SUSPECT.accountId,
      initiatorId: 'e2e-police-other',
      recipientId: POLICE_SUSPECT.accountId,
      firstContactAt: at('2024-12-01T18:00:00Z'),
      lastContactAt: at('2024-12-02T18:00:00Z'),
      messagesFromInitiator: 4,
      messagesFromRecipient: 2,
      mediaFromInitiator: 0,
      mediaFromRecipient: 0,
    },
  ]);
  await db.insert(blocks).values([{ blockerId: 'e2e-police-child', blockedId: POLICE_SUSPECT.accountId, blockedAt: at('2025-03-21T08:00:00Z') }]);
}

/** The agency of the request whose disclosure package the seed builds and leaves as a draft. */
export const DRAFT_PACKAGE_AGENCY = 'Greater Manchester Police';

/**
 * A request taken all the way to a built disclosure package that waits for a second person:
 * recorded, verified and sent to legal review by the liaison, approved by the admin (with the
 * production order on file), built by the liaison, not released. e2e/accessibility.spec.ts opens
 * its in-browser review as every role that may; anyone but those two may release it.
 */
export async function seedE2eDraftPackage(db: Db): Promise<void> {
  const member = async (email: string) => {
    const [row] = await db.select({ id: staff.id, email: staff.email, role: staff.role }).from(staff).where(eq(staff.email, email));
    return { type: 'staff' as const, ...row! };
  };
  const liaison = ctxOf(db, await member(E2E_STAFF.liaison.email));
  const admin = ctxOf(db, await member(E2E_STAFF.admin.email));
  const { id: requestId } = await createRequest(
    liaison,
    requestIntakeSchema.parse({
      type: 'court_order',
      jurisdiction: 'United Kingdom',
      timeZone: 'Europe/London',
      agency: DRAFT_PACKAGE_AGENCY,
      officerName: 'DS Priya Shah',
      officerEmail: 'priya.shah@gmp.police.uk',
      legalReference: 'GMP/PO/2025/0117',
      issuingCourt: 'Manchester Crown Court',
      rangeFrom: POLICE_RANGE.from,
      rangeTo: POLICE_RANGE.to,
      categories: ['subscriber', 'non_content'],
      targets: POLICE_SUSPECT.accountId,
    }),
  );
  await transitionRequest(liaison, { requestId, to: 'verifying', reason: 'Checking the officer' });
  await recordVerification(liaison, { requestId, method: 'callback_published_number', contactUsed: '+44 161 872 5050 (published switchboard)', notes: undefined });
  await transitionRequest(liaison, { requestId, to: 'legal_review', reason: 'Officer confirmed by call-back' });
  await addAttachment(liaison, {
    requestId,
    kind: 'legal_process',
    filename: 'production-order.pdf',
    contentType: 'application/pdf',
    content: Buffer.from('%PDF-1.4 production order GMP/PO/2025/0117'),
  });
  const targets = await db.select({ id: policeRequestTargets.id }).from(policeRequestTargets).where(eq(policeRequestTargets.requestId, requestId));
  await approveRequest(
    admin,
    approvalSchema.parse({
      requestId,
      approvedCategories: ['subscriber', 'non_content'],
      decisions: targets.map((target) => ({ targetId: target.id, decision: 'produce' })),
      reason: 'Order in scope; every category requested is covered by it',
    }),
  );
  await buildPackage(liaison, { requestId });
}
