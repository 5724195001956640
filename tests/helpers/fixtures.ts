import { accounts, blocks, contacts, reports } from '@/db/schema';

export function account(id: string, birthdate: string | null, extra: Partial<typeof accounts.$inferInsert> = {}) {
  return { accountId: id, username: `user_${id}`, claimedBirthdate: birthdate, createdAt: new Date('2023-01-01T00:00:00Z'), ...extra };
}

/** A conversation between two accounts, stored under its unordered pair. */
export function conversation(
  initiatorId: string,
  recipientId: string,
  extra: Partial<typeof contacts.$inferInsert> = {},
): typeof contacts.$inferInsert {
  const [lo, hi] = initiatorId < recipientId ? [initiatorId, recipientId] : [recipientId, initiatorId];
  return {
    accountLo: lo,
    accountHi: hi,
    initiatorId,
    recipientId,
    firstContactAt: new Date('2025-01-01T10:00:00Z'),
    lastContactAt: new Date('2025-02-01T10:00:00Z'),
    messagesFromInitiator: 10,
    messagesFromRecipient: 5,
    ...extra,
  };
}

export { accounts, blocks, contacts, reports };
