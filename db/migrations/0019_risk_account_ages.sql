-- Incremental re-score that scales with what changed (issue 14, part 3).
-- Each account's age as the last scoring run judged it (the columns of the run's `risk_age`), kept by
-- every full run and every incremental run after an import, in the run's transaction: an incremental run
-- reads its neighbours' ages here instead of re-deriving them, and compares what it re-derives for the
-- dirty accounts with them to see whose neighbours need re-scoring (lib/risk/score.ts).
CREATE TABLE "risk_account_ages" (
	"account_id" varchar(64) PRIMARY KEY NOT NULL,
	"device_cluster" varchar(64),
	"claimed_age" integer,
	"judged_age" integer NOT NULL,
	"age_factor" real,
	"is_minor" boolean NOT NULL,
	"younger_by" integer NOT NULL
);
--> statement-breakpoint
-- Whether the run left risk_account_ages as of its as-of time (a full run, or an incremental one after
-- an import); only such a run can be built on. A scoped re-score of given accounts does not.
ALTER TABLE "risk_runs" ADD COLUMN "kept_ages" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- Each step's duration in ms (what `--verbose` and the benchmark print; the import keeps only the run's row).
ALTER TABLE "risk_runs" ADD COLUMN "timings" jsonb;
