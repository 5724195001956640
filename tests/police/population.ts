import type { Db } from '../../db/client';
import { accounts, birthdateChanges, blocks, contacts } from '../../db/schema';

/**
 * A generated-like platform population for scope tests: deterministic per seed, accounts with
 * conversations, blocks and birthdate changes spread over 2024–2025, so any date range cuts
 * through plenty of rows on both sides.
 */
export interface Population {
  accountIds: string[];
  contacts: (typeof contacts.$inferInsert)[];
  blocks: (typeof blocks.$inferInsert)[];
  birthdateChanges: (typeof birthdateChanges.$inferInsert)[];
}

function mulberry32(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.parse('2024-01-01T00:00:00Z');
const END = Date.parse('2026-01-01T00:00:00Z');

export async function generatePopulation(db: Db, { accounts: size, seed }: { accounts: number; seed: number }): Promise<Population> {
  const random = mulberry32(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  const instant = () => new Date(START + Math.floor(random() * (END - START)));
  const accountIds = Array.from({ length: size }, (_, i) => `gen-${String(i).padStart(4, '0')}`);
  await db.insert(accounts).values(
    accountIds.map((id, i) => ({
      accountId: id,
      username: `member${i}`,
      displayName: `Member ${i}`,
      claimedBirthdate: `${1970 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
      createdAt: new Date(START - 86_400_000 * (1 + (i % 300))),
      country: pick(['GB', 'US', 'IE', 'FR']),
    })),
  );
  const pairs = new Map<string, typeof contacts.$inferInsert>();
  for (let n = 0; n < size * 5; n += 1) {
    const [a, b] = [pick(accountIds), pick(accountIds)];
    if (a === b) continue;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const first = instant();
    const last = new Date(Math.min(END, first.getTime() + Math.floor(random() * 200 * 86_400_000)));
    pairs.set(`${lo}|${hi}`, {
      accountLo: lo,
      accountHi: hi,
      initiatorId: a,
      recipientId: b,
      firstContactAt: first,
      lastContactAt: last,
      messagesFromInitiator: Math.floor(random() * 300),
      messagesFromRecipient: Math.floor(random() * 300),
      mediaFromInitiator: Math.floor(random() * 20),
      mediaFromRecipient: Math.floor(random() * 20),
    });
  }
  const blockRows = new Map<string, typeof blocks.$inferInsert>();
  for (let n = 0; n < size * 3; n += 1) {
    const [blocker, blocked] = [pick(accountIds), pick(accountIds)];
    if (blocker !== blocked) blockRows.set(`${blocked}|${blocker}`, { blockerId: blocker, blockedId: blocked, blockedAt: instant() });
  }
  const changes = new Map<string, typeof birthdateChanges.$inferInsert>();
  for (let n = 0; n < size * 2; n += 1) {
    const accountId = pick(accountIds);
    const changedAt = instant();
    changes.set(`${accountId}|${changedAt.toISOString()}`, { accountId, changedAt, oldBirthdate: '2010-01-01', newBirthdate: '2004-01-01' });
  }
  const population = { accountIds, contacts: [...pairs.values()], blocks: [...blockRows.values()], birthdateChanges: [...changes.values()] };
  await db.insert(contacts).values(population.contacts);
  await db.insert(blocks).values(population.blocks);
  await db.insert(birthdateChanges).values(population.birthdateChanges);
  return population;
}
