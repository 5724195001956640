import type { E2eStaffMember } from './staff-accounts';

/** The staff of the oversight server (e2e/oversight-server.ts): one admin, so the last-admin rule applies. */
export const OVERSIGHT_STAFF = {
  admin: { email: 'oversight.admin@lookout.test', password: 'e2e-oversight-admin', role: 'admin' },
  maya: { email: 'maya@lookout.test', password: 'e2e-oversight-maya', role: 'moderator' },
  omar: { email: 'omar@lookout.test', password: 'e2e-oversight-omar', role: 'moderator' },
} as const satisfies Record<string, E2eStaffMember>;

/** The three UTC days the seeded log spans: the day the spec narrows to, the day before and the day after. */
export function oversightDays(now: Date): { before: string; day: string; after: string } {
  const day = (back: number) => new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  return { before: day(3), day: day(2), after: day(1) };
}

export interface OversightSeed {
  /** Maya's two grooming decisions on `day`, the rows the narrowed view must show. */
  morning: number;
  afternoon: number;
  /** The entry altered behind the trigger after the recorded verification. */
  tampered: number;
  days: { before: string; day: string; after: string };
}
