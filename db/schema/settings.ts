import { jsonb, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { staff } from './staff';

const tz = { withTimezone: true, mode: 'date' } as const;

/** Settings an admin changes while Lookout runs, one row per key (lib/wellness/wellness.ts keeps the break threshold here). */
export const appSettings = pgTable('app_settings', {
  key: varchar('key', { length: 64 }).primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: uuid('updated_by').references(() => staff.id),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});
