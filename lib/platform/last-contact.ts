import { sql, type SQL } from 'drizzle-orm';

/**
 * The UTC day of a conversation's last contact: what `contacts_last_contact_day_idx` holds. Indexed
 * by day rather than to the second, its entries share keys (about 700 days among a million
 * conversations), so B-tree deduplication keeps it a quarter of the size and cheaper to write at
 * import. A range of times reads the days it spans and checks the exact time on the rows.
 */
const LAST_CONTACT_DAY = sql`(last_contact_at at time zone 'UTC')::date`;

/** The UTC day of a timestamptz expression, whatever the session's time zone. */
export const utcDayOf = (time: SQL): SQL => sql`(${time} at time zone 'UTC')::date`;

/** Conversations of `contacts` (unaliased) whose last contact is after `time` (a timestamptz expression). */
export function lastContactAfter(time: SQL): SQL {
  return sql`(${LAST_CONTACT_DAY} >= ${utcDayOf(time)} and last_contact_at > ${time})`;
}

/** Conversations whose last contact is in (after, until]. */
export function lastContactBetween(after: SQL, until: SQL): SQL {
  return sql`(${LAST_CONTACT_DAY} between ${utcDayOf(after)} and ${utcDayOf(until)} and last_contact_at > ${after} and last_contact_at <= ${until})`;
}

/** Conversations whose last contact is before `time`. */
export function lastContactBefore(time: SQL): SQL {
  return sql`(${LAST_CONTACT_DAY} <= ${utcDayOf(time)} and last_contact_at < ${time})`;
}
