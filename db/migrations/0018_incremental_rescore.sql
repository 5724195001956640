-- Faster and incremental re-scoring (issue 14).
-- Where a scoring run keeps its work tables: unlogged regular tables, which PostgreSQL scans in parallel
-- (temp tables it never does). The run creates and drops them in its own transaction (lib/risk/run-context.ts).
CREATE SCHEMA "risk_work";
--> statement-breakpoint
-- The population's share of minors the run judged by: when it moves, the accounts whose signals read it are re-scored.
ALTER TABLE "risk_runs" ADD COLUMN "minor_share" double precision;
--> statement-breakpoint
-- Accounts whose signals read the population's share of minors (volume and bulk-messaging candidates), as of each account's last run.
CREATE TABLE "risk_share_dependents" (
	"account_id" varchar(64) PRIMARY KEY NOT NULL
);
--> statement-breakpoint
-- Conversations leaving the scoring window or still going on since the last run (the dirty set of an incremental run).
CREATE INDEX "contacts_last_contact_idx" ON "contacts" USING btree ("last_contact_at");
