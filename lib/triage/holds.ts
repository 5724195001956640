import { sql, type SQL } from 'drizzle-orm';
import { preservationHolds } from '@/db/schema';
import { activeHoldCondition } from '../police/holds';

/**
 * Building block: "this account is under an active preservation hold at `now`", as a SQL boolean: all triage shows of a hold
 * (a badge, and the has-hold queue filter), never the request behind it.
 */
export function activeHoldExists(accountId: SQL, now: Date): SQL {
  return sql`exists (select 1 from ${preservationHolds} where ${preservationHolds.accountId} = ${accountId} and ${activeHoldCondition(now)})`;
}
