-- Queue priority (lib/triage/priority.ts): severity × risk band, a fixed number per item; waiting time
-- orders items of equal priority and is shown through each queue's deadline, never multiplied in.
ALTER TABLE "queue_items" ADD COLUMN "priority" smallint;--> statement-breakpoint
UPDATE "queue_items" SET "priority" = "severity" * (1 + floor(least(greatest(coalesce("risk_score", 0), 0), 100) / 25))::int;--> statement-breakpoint
ALTER TABLE "queue_items" ALTER COLUMN "priority" SET NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "queue_items_priority_idx";--> statement-breakpoint
ALTER TABLE "queue_items" DROP COLUMN "urgent_at";--> statement-breakpoint
CREATE INDEX "queue_items_priority_idx" ON "queue_items" USING btree ("queue_id","lane",(-"priority"),"oldest_report_at","id") WHERE status in ('open', 'in_review', 'escalated');--> statement-breakpoint
-- One flag per account and pattern: confirming a pattern again must not add a second flag. Earlier
-- duplicates are folded into the first flag (later confirmations keep their rationale on their review).
DELETE FROM "pattern_flags" f USING "pattern_flags" g
  WHERE f."account_id" = g."account_id" AND f."pattern" = g."pattern" AND (g."created_at", g."id") < (f."created_at", f."id");--> statement-breakpoint
CREATE UNIQUE INDEX "pattern_flags_account_pattern_unique" ON "pattern_flags" USING btree ("account_id","pattern");
