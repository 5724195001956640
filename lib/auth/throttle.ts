import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { signinFailures } from '../../db/schema';

/**
 * Sign-in throttling, per account and per request address: the first FREE_FAILURES failures
 * cost nothing, then each further attempt must wait a delay that doubles with every failure.
 * Failures older than the window are forgotten.
 */
export const FREE_FAILURES = 5;
const BASE_DELAY_SECONDS = 15;
const MAX_DELAY_SECONDS = 15 * 60;
const WINDOW_SECONDS = 60 * 60;

export function throttleKeys(email: string, address: string | null): string[] {
  const keys = [`account:${email.trim().toLowerCase()}`];
  if (address) keys.push(`address:${address}`);
  return keys;
}

export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

/** Seconds until the next attempt on these keys is allowed; 0 when it is allowed now. */
export async function secondsUntilAllowed(db: Db, keys: string[], now: Date): Promise<number> {
  const rows = await db.select().from(signinFailures).where(inArray(signinFailures.key, keys));
  let wait = 0;
  for (const row of rows) {
    const elapsed = (now.getTime() - row.lastFailureAt.getTime()) / 1000;
    if (elapsed >= WINDOW_SECONDS) continue;
    wait = Math.max(wait, Math.ceil(delayAfter(row.failures) - elapsed));
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
