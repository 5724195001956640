import { integer, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Recent failed sign-ins, counted per key: `account:<email>` and `address:<ip>`. Keyed by the
 * typed email whether or not it exists, so throttling behaves the same for unknown emails.
 */
export const signinFailures = pgTable('signin_failures', {
  key: varchar('key', { length: 400 }).primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
});
