import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, contacts, reports, staff } from '@/db/schema';
import { scoreAll } from '@/lib/risk/score';
import { E2E_STAFF } from './staff-accounts';
import { ctxOf } from '@/tests/helpers/context';

/**
 * A small population for e2e/risk.spec.ts, scored as of now: an adult whose age check says
 * adult while claiming 17, writing first to unrelated 12-year-olds (the top account), and a
 * coach messaging a team that knows each other.
 */
export const RISK_TOP = { accountId: 'e2e-risk-poser', username: 'skater_17' } as const;

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

export async function seedE2eRisk(db: Db): Promise<void> {
  const now = Date.now();
  const born = (age: number) => new Date(now - age * YEAR - 60 * DAY).toISOString().slice(0, 10);
  const person = (accountId: string, username: string, age: number, ageAssurance: 'none' | 'adult' = 'none') => ({
    accountId,
    username,
    claimedBirthdate: born(age),
    createdAt: new Date(now - 2 * YEAR),
    country: 'GB',
    ageAssurance,
  });
  const kids = Array.from({ length: 6 }, (_, i) => person(`e2e-risk-kid-${i + 1}`, `kid_${i + 1}`, 12));
  const team = Array.from({ length: 8 }, (_, i) => person(`e2e-risk-player-${i + 1}`, `player_${i + 1}`, 13));
  await db.insert(accounts).values([
    person(RISK_TOP.accountId, RISK_TOP.username, 17, 'adult'),
    person('e2e-risk-coach', 'coach_dave', 41, 'adult'),
    ...kids,
    ...team,
  ]);
  const talk = (from: string, to: string, fromInitiator: number, fromRecipient: number) => ({
    accountLo: from < to ? from : to,
    accountHi: from < to ? to : from,
    initiatorId: from,
    recipientId: to,
    firstContactAt: new Date(now - 40 * DAY),
    lastContactAt: new Date(now - 2 * DAY),
    messagesFromInitiator: fromInitiator,
    messagesFromRecipient: fromRecipient,
  });
  const teamIds = team.map((p) => p.accountId);
  await db.insert(contacts).values([
    ...kids.map((kid) => talk(RISK_TOP.accountId, kid.accountId, 120, 20)),
    ...teamIds.map((id) => talk('e2e-risk-coach', id, 30, 10)),
    ...teamIds.flatMap((a, i) => teamIds.slice(i + 1).map((b) => talk(a, b, 15, 15))),
  ]);
  await db.insert(reports).values({
    reportId: 'e2e-risk-report-1',
    reporterId: 'e2e-risk-kid-1',
    reportedId: RISK_TOP.accountId,
    category: 'grooming',
    description: 'he keeps asking me to send pics and says he is 17',
    createdAt: new Date(now - 3 * DAY),
    source: 'user',
  });
  const [admin] = await db.select({ id: staff.id, email: staff.email, role: staff.role }).from(staff).where(eq(staff.email, E2E_STAFF.admin.email));
  await scoreAll(ctxOf(db, { type: 'staff', ...admin! }));
}
