-- Conversations by the UTC day of their last contact instead of its exact time (issue 14). The
-- incremental re-score asks for the conversations that went on since the last run and those that left
-- its window since, and retention for those past its cutoff: ranges of days, then the exact time on the
-- rows (lib/platform/last-contact.ts). With ~700 distinct days among a million conversations, B-tree
-- deduplication keeps the index at 8 MB against 34 MB, and the first import of 1.1M conversations
-- writes contacts about 10% faster (docs/performance.md).
CREATE INDEX "contacts_last_contact_day_idx" ON "contacts" USING btree (((last_contact_at at time zone 'UTC')::date));
--> statement-breakpoint
DROP INDEX "contacts_last_contact_idx";
