import { inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { signinFailures } from '@/db/schema';

/**
 * Sign-in throttling, per account and per request address: the first few failures cost
 * nothing, then each further attempt must wait a delay that doubles with every failure.
 * An address gets more free failures than an account, because a whole office may share one
 * address. Failures older than the window are forgotten.
 */
export const FREE_FAILURES = { account: 5, address: 20 } as const;
const BASE_DELAY_SECONDS = 15;
const MAX_DELAY_SECONDS = 15 * 60;
const WINDOW_SECONDS = 60 * 60;

export function throttleKeys(email: string, address: string | null): string[] {
  const keys = [`account:${email.trim().toLowerCase()}`];
  if (address) keys.push(`address:${address}`);
  return keys;
}

export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(BASE_DELAY_SECONDS * 2 ** (failures - free), MAX_DELAY_SECONDS);
}

/** Seconds until the next attempt on these keys is allowed; 0 when it is allowed now. */
export async function secondsUntilAllowed(db: Db, keys: string[], now: Date): Promise<number> {
  const rows = await db.select().from(signinFailures).where(inArray(signinFailures.key, keys));
  let wait = 0;
  for (const row of rows) {
    const elapsed = (now.getTime() - row.lastFailureAt.getTime()) / 1000;
    if (elapsed >= WINDOW_SECONDS) continue;
    const free = row.key.startsWith('address:') ? FREE_FAILURES.address : FREE_FAILURES.account;
    wait = Math.max(wait, Math.ceil(delayAfter(row.failures, free) - elapsed));
  }
  return wait;
}

export async function recordFailure(db: Db, keys: string[], now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_SECONDS * 1000);
  await db
    .insert(signinFailures)
    .values(keys.map((key) => ({ key, failures: 1, lastFailureAt: now })))
    .onConflictDoUpdate({
      target: signinFailures.key,
      // A failure after a quiet window starts the count again.
      set: {
        failures: sql`case when ${signinFailures.lastFailureAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${signinFailures.failures} + 1 end`,
        lastFailureAt: now,
      },
    });
}

/** A successful sign-in clears the account's count; the address keeps its count until the window passes. */
export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.delete(signinFailures).where(inArray(signinFailures.key, throttleKeys(email, null)));
}
