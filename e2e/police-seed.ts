import type { Db } from '@/db/client';
import { accounts, birthdateChanges, blocks, contacts } from '@/db/schema';

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
